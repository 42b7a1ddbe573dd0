"""Benchmark: time to the first frame of ``meetingtui run weekly-sync`` against a minimal Textual app.

Both start in the same pseudo-terminal harness (120×40, TERM=xterm-256color),
from the fork until their text is on screen:

* meetingtui: the current segment's title in the Now panel (the meeting screen
  does not draw the agenda's title anywhere: it only sets ``Screen.sub_title``,
  and there is no Header) and the footer's ``^p palette``;
* baseline: ``bench/baseline_app.py`` (Header, a Static, Footer) with the agenda
  title in its Static, and the same footer text.

A third app, the *stack floor*, is the baseline that first validates the agenda
with meetingtui's pydantic models (``baseline_app.py --validate``): what the
chosen stack costs any app that checks its input. The target is against it.

Runs alternate between the apps (so a busy moment hurts all), after one
unmeasured warm-up run of each (byte-code and page cache). Also prints the RSS
at the first frame. ``--history N`` first fills the repository with N minutes
files (``bench/history.py``'s generator): the meeting screen reads them in a
thread while it starts, so that thread's share of the GIL shows here.

Usage: ``python bench/first_frame.py [--runs 7] [--history 0]``. Target ≤ 1.3× the stack floor.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and this work tree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    AGENDA_TITLE,
    PtyApp,
    Result,
    Spread,
    Workspace,
    baseline_argv,
    cpu_seconds,
    meetingtui_argv,
    status_kb,
    verdict,
    workspace,
)

TARGET = 1.3
FIRST_SEGMENT = "Last week's actions"
"""The first segment of weekly-sync: what the Now panel shows first."""
FOOTER = "palette"
"""Both footers end with ``^p palette``."""


def first_frame(argv: list[str], ws: Workspace, needles: tuple[str, ...]) -> tuple[float, float, int]:
    """Seconds from the fork until every needle is on screen, CPU seconds used by then, and the RSS (kB) then."""
    shutil.rmtree(ws.env["XDG_STATE_HOME"], ignore_errors=True)  # every run starts without a journal
    with PtyApp(argv, ws.env, cwd=ws.repo) as app:
        seconds = max(app.wait_for(needle) for needle in needles)
        cpu = cpu_seconds(app.pid)
        rss = status_kb(app.pid, "VmRSS")
        app.stop()
    return seconds, cpu, rss


def fill_history(ws: Workspace, count: int) -> None:
    """``count`` realistic minutes files in the workspace's repository (bench/history.py's generator)."""
    from bench.history import generate

    generate(ws.repo, count)


def measure(runs: int = 7, history: int = 0) -> list[Result]:
    """Run the benchmark and print it; returns the verdicts."""
    print(
        f"first frame: meetingtui run weekly-sync vs minimal Textual app, {runs} runs each, 120×40 pty"
        + (f", repository with {history} minutes files" if history else "")
    )
    with workspace() as ws:
        if history:
            fill_history(ws, history)
        ours_argv = meetingtui_argv(ws)
        ours_needles = (FIRST_SEGMENT, FOOTER)
        base_needles = (AGENDA_TITLE, FOOTER)
        apps = {
            "ours": (ours_argv, ours_needles),
            "base": (baseline_argv(), base_needles),
            "floor": (baseline_argv(validate=True), base_needles),
        }
        for argv, needles in apps.values():
            first_frame(argv, ws, needles)  # warm-up, not counted
        spreads = {key: (Spread(), Spread(), Spread()) for key in apps}
        for _ in range(runs):
            for key, (argv, needles) in apps.items():
                for spread, value in zip(spreads[key], first_frame(argv, ws, needles), strict=True):
                    spread.values.append(value)
    for key, label in (("ours", "meetingtui"), ("base", "baseline  "), ("floor", "floor     ")):
        wall, cpu, rss = spreads[key]
        print(f"  {label}: {wall.show()}; CPU by then {cpu.median:.3f}s; RSS then {rss.median / 1024:.1f} MB")
    (ours, ours_cpu, _), (base, base_cpu, _) = spreads["ours"], spreads["base"]
    floor = spreads["floor"][0]
    floor_cpu = spreads["floor"][1]
    print(
        f"  (CPU seconds to the first frame, less sensitive to a busy machine: "
        f"{ours_cpu.median / floor_cpu.median:.2f}× the floor's, "
        f"{ours_cpu.median / base_cpu.median:.2f}× the baseline's)"
    )
    print(
        f"  stack floor (the baseline after validating the agenda with pydantic): "
        f"{floor.median / base.median:.2f}× the baseline; meetingtui is {ours.median / floor.median:.2f}× the floor"
    )
    print(f"  (against the minimal app without the agenda check: {ours.median / base.median:.2f}×)")
    name = "first frame ÷ stack floor" + (f" ({history} minutes in repo)" if history else "")
    return [verdict(name, ours.median, floor.median, TARGET)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each app (default 7)")
    parser.add_argument("--history", type=int, default=0, help="minutes files in the repository (default 0)")
    args = parser.parse_args(argv)
    results = measure(args.runs, args.history)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
