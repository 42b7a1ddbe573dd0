"""Benchmark: time to the first frame of ``meetingtui run weekly-sync`` against a minimal Textual app.

Both start in the same pseudo-terminal harness (120×40, TERM=xterm-256color),
from the fork until their text is on screen:

* meetingtui: the current segment's title in the Now panel (the meeting screen
  does not draw the agenda's title anywhere: it only sets ``Screen.sub_title``,
  and there is no Header) and the footer's ``^p palette``;
* baseline: ``bench/baseline_app.py`` (Header, a Static, Footer) with the agenda
  title in its Static, and the same footer text.

The target is against the *stack floor*: ``bench/floor_app.py``, the same
minimal app after it has validated a six-segment agenda with a small pydantic
model of its own (no import from meetingtui), showing the agenda's title and
its first segment's title. It is timed to meetingtui's marker (the first
segment's title on screen); "title and footer keys" is printed too, for both.
The older floor, ``baseline_app.py --validate`` (validation with meetingtui's
own models, so it grows with our domain), is printed as an extra line.

Runs alternate between the apps (so a busy moment hurts all), after one
unmeasured warm-up run of each (byte-code and page cache). Also prints the RSS
at the first frame. ``--history N`` first fills the repository with N minutes
files (``bench/history.py``'s generator): the meeting screen reads them in a
thread after its first frame, and each run of meetingtui is timed on until the
review list is filled from them (its border counts the open actions), with the
CPU seconds and peak RSS by then; the first, unmeasured run reads them cold.

Usage: ``python bench/first_frame.py [--runs 9] [--history 0]``. Target ≤ 1.2× the stack floor (issue 24).
"""

from __future__ import annotations

import argparse
import re
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
    floor_argv,
    forget_meetings,
    meetingtui_argv,
    status_kb,
    verdict,
    workspace,
)

TARGET = 1.2
FIRST_SEGMENT = "Last week's actions"
"""The first segment of weekly-sync: what the Now panel shows first."""
FOOTER = "palette"
"""Both footers end with ``^p palette``."""


REVIEW_FILLED = re.compile(r"\b[1-9][0-9]* open · x done|Nothing open from earlier meetings")
"""The review list has the history's open actions (its border counts them), or says there are none."""


def first_frame(
    argv: list[str], ws: Workspace, marker: str, env: dict[str, str] | None = None, review: bool = False
) -> tuple[float, ...]:
    """Seconds from the fork until ``marker`` is on screen, until it and the footer's keys are,
    CPU seconds used by then, and the RSS (kB) then; with ``review``, also the seconds until the review
    list is filled from the history and the CPU seconds and peak RSS (kB) by then."""
    forget_meetings(ws)  # every run starts without a journal to resume
    with PtyApp(argv, env or ws.env, cwd=ws.repo) as app:
        seen = app.wait_for(marker)
        both = max(seen, app.wait_for(FOOTER))
        cpu = cpu_seconds(app.pid)
        rss = status_kb(app.pid, "VmRSS")
        filled: tuple[float, ...] = ()
        if review:
            filled = (app.wait_for(REVIEW_FILLED, timeout=600), cpu_seconds(app.pid), status_kb(app.pid, "VmHWM"))
        app.stop()
    return (seen, both, cpu, rss, *filled)


def fill_history(ws: Workspace, count: int) -> None:
    """``count`` realistic minutes files in the workspace's repository (bench/history.py's generator)."""
    from bench.history import generate

    generate(ws.repo, count)


LABELS = {
    "ours": "meetingtui",
    "floor": "stack floor (own pydantic model, no meetingtui import)",
    "base": "baseline (no validation)",
    "ours-models": "floor validating with meetingtui's models (includes our models)",
}


def measure(runs: int = 9, history: int = 0, compare: Path | None = None) -> list[Result]:
    """Run the benchmark and print it; returns the verdicts."""
    print(
        f"first frame: meetingtui run weekly-sync vs minimal Textual apps, {runs} runs each, 120×40 pty"
        + (f", repository with {history} minutes files" if history else "")
    )
    with workspace() as ws:
        if history:
            fill_history(ws, history)
        apps = {
            "ours": (meetingtui_argv(ws), FIRST_SEGMENT),
            "floor": (floor_argv(), FIRST_SEGMENT),
            "base": (baseline_argv(), AGENDA_TITLE),
            "ours-models": (baseline_argv(validate=True), AGENDA_TITLE),
        }
        envs = {key: ws.env for key in apps}
        if compare:  # another work tree of meetingtui (e.g. before a change), in the same alternation
            apps["other"] = apps["ours"]
            envs["other"] = {**ws.env, "PYTHONPATH": str(compare)}
            LABELS["other"] = f"meetingtui from {compare}"
        reviewed = {"ours", "other"} if history else set()
        for key, (argv, marker) in apps.items():
            cold = first_frame(argv, ws, marker, envs[key], key in reviewed)  # warm-up, not counted
            if key in reviewed:
                print(f"  {key}, first run (history index cold): review list filled at {cold[4]:.2f}s")
        spreads = {key: tuple(Spread() for _ in range(7 if key in reviewed else 4)) for key in apps}
        for _ in range(runs):
            for key, (argv, marker) in apps.items():
                measured = first_frame(argv, ws, marker, envs[key], key in reviewed)
                for spread, value in zip(spreads[key], measured, strict=True):
                    spread.values.append(value)
    for key, label in LABELS.items():
        if key not in spreads:
            continue
        seen, both, cpu, rss = spreads[key][:4]
        print(f"  {label}:")
        print(f"    marker on screen:          {seen.show()}")
        print(
            f"    marker and footer keys:    {both.show()}; "
            f"CPU by then {cpu.median:.3f}s; RSS {rss.median / 1024:.1f} MB"
        )
        if len(spreads[key]) > 4:  # the history read, warm: to the review list filled
            filled, cpu_filled, peak = spreads[key][4:]
            after = Spread([f - s for f, s in zip(filled.values, seen.values, strict=True)])
            print(
                f"    review list filled:        {filled.show()}; {after.show()} after the first frame "
                f"(target ≤ 1 s warm); CPU by then {cpu_filled.median:.3f}s; peak RSS {peak.median / 1024:.1f} MB"
            )
    ours, floor, base, models = (spreads[key] for key in ("ours", "floor", "base", "ours-models"))
    print(
        f"  CPU seconds to the first frame (less sensitive to a busy machine): "
        f"{ours[2].median / floor[2].median:.2f}× the floor's, {ours[2].median / base[2].median:.2f}× the baseline's"
    )
    print(f"  the floor is {floor[0].median / base[0].median:.2f}× the baseline without validation")
    print(
        f"  title and footer keys: meetingtui {ours[1].median / floor[1].median:.2f}× the floor; "
        f"against the floor validating with our models (includes our models): {ours[1].median / models[1].median:.2f}×"
    )
    if compare:
        other = spreads["other"]
        print(
            f"  {compare}: first frame {other[0].median / floor[0].median:.2f}× the floor "
            f"(CPU {other[2].median / floor[2].median:.2f}×, RSS {other[3].median / floor[3].median:.2f}×); "
            f"this tree: CPU {ours[2].median / floor[2].median:.2f}×, RSS {ours[3].median / floor[3].median:.2f}×"
        )
    name = "first frame ÷ stack floor" + (f" ({history} minutes in repo)" if history else "")
    return [verdict(name, ours[0].median, floor[0].median, TARGET)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured runs of each app (default 9)")
    parser.add_argument("--history", type=int, default=0, help="minutes files in the repository (default 0)")
    parser.add_argument("--compare", type=Path, help="also time meetingtui from this work tree, in turn with the rest")
    args = parser.parse_args(argv)
    results = measure(args.runs, args.history, args.compare)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
