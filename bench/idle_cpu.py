"""Benchmark: CPU while a segment runs, and peak memory, against a minimal Textual app with a 1 Hz timer.

Each app runs alone (one after the other: run side by side they would
disturb each other) in the 120×40 pty harness:

* meetingtui: ``meetingtui run weekly-sync``, then a space starts the meeting
  clock (the journal is checked to hold the ``clock.started`` event), so the countdown ticks;
* baseline: ``bench/baseline_app.py --timer`` (Header, a Static, Footer; the
  Static rewritten every second).

After a few seconds to settle, utime + stime (all threads, ``/proc/PID/stat``)
are read every 10 s over the window (60 s by default). Printed: CPU seconds
over the window and as a share of one core, the spread of the 10 s slices,
wake-ups per second (context switches) and bytes drawn per second (a full
repaint of 120×40 is ~15–30 kB; a countdown needs a few hundred bytes).
Peak RSS is ``VmHWM`` at the end of the window; RSS is also printed at each
slice, because a cache that fills up over minutes shows there (run with
``--seconds 600`` to see where it levels off). The *stack floor*
(``floor_app.py --timer``: the baseline after validating a six-segment agenda
with a pydantic model of its own, no meetingtui import; 10 s) shows how much of
the RSS the chosen stack takes; peak RSS is judged against it. The older floor
that validates with meetingtui's own models is printed beside it.

Usage: ``python bench/idle_cpu.py [--seconds 60]``. Targets: CPU ≤ 1.5× the 1 Hz baseline, peak RSS ≤ 1.3× the
stack floor.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
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
    meetingtui_argv,
    status_kb,
    verdict,
    wakeups,
    workspace,
)

CPU_TARGET = 1.5
RSS_TARGET = 1.3
SETTLE = 3.0
"""Seconds after the first frame (and the space) before the window opens."""
SLICE = 10.0


@dataclass
class Idle:
    """What one app did over the window."""

    seconds: float
    cpu: float
    slices: Spread
    wakeups: float
    drawn: float
    peak_rss_kb: int
    rss_mb: list[float]
    journal: dict[str, int] | None = None

    def show(self) -> str:
        return (
            f"{self.cpu:.3f} CPU-s in {self.seconds:.0f}s = {100 * self.cpu / self.seconds:.2f}% of a core "
            f"(per {SLICE:.0f}s slice: {self.slices.show('s', digits=3)}); "
            f"{self.wakeups:.1f} wake-ups/s; {self.drawn:.0f} bytes drawn/s; "
            f"peak RSS {self.peak_rss_kb / 1024:.1f} MB (RSS at each slice: "
            f"{', '.join(f'{mb:.0f}' for mb in self.rss_mb)} MB)"
        )


def journal_ops(ws: Workspace) -> dict[str, int]:
    """How many of each event the meeting's crash journal holds (proves the clock ran; counts heartbeats)."""
    counts: dict[str, int] = {}
    for path in Path(ws.env["XDG_STATE_HOME"]).rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("type") == "event":
                name = record.get("event") or record["op"]  # wire names since journal format 2
                counts[name] = counts.get(name, 0) + 1
    return counts


def idle(argv: list[str], ws: Workspace, needle: str, seconds: float, start_clock: bool) -> Idle:
    """Start the app, wait for its first frame (press space), settle, then watch it for ``seconds``."""
    with PtyApp(argv, ws.env, cwd=ws.repo) as app:
        app.wait_for(needle)
        if start_clock:
            app.drain(0.5)
            app.send(" ")
        app.drain(SETTLE)
        slices, rss = Spread(), [status_kb(app.pid, "VmRSS") / 1024]
        began, cpu_began, woke_began, drawn_began = (
            time.perf_counter(),
            cpu_seconds(app.pid),
            wakeups(app.pid),
            len(app.output),
        )
        elapsed, cpu_before = 0.0, cpu_began
        while elapsed < seconds - 1e-9:
            app.drain(min(SLICE, seconds - elapsed))
            cpu_now = cpu_seconds(app.pid)
            slices.values.append(cpu_now - cpu_before)
            rss.append(status_kb(app.pid, "VmRSS") / 1024)
            cpu_before = cpu_now
            elapsed = time.perf_counter() - began
        window = time.perf_counter() - began
        result = Idle(
            window,
            cpu_before - cpu_began,
            slices,
            (wakeups(app.pid) - woke_began) / window,
            (len(app.output) - drawn_began) / window,
            status_kb(app.pid, "VmHWM"),
            rss,
        )
        app.stop()
    if start_clock:
        result.journal = journal_ops(ws)
        if not (result.journal.get("clock.started") or result.journal.get("start")):
            raise RuntimeError(f"the meeting clock never started (journal: {result.journal})")
    return result


def measure(seconds: float = 60.0) -> list[Result]:
    """Run both apps for ``seconds`` each and print the verdicts (CPU and peak RSS)."""
    print(f"idle CPU and memory: a running segment vs a minimal Textual app with a 1 Hz timer, {seconds:.0f}s each")
    with workspace() as ws:
        # One short unmeasured start of each writes byte-code, so neither compiles during the window.
        for argv, needle in ((meetingtui_argv(ws), "palette"), (baseline_argv(timer=True), "palette")):
            with PtyApp(argv, ws.env, cwd=ws.repo) as app:
                app.wait_for(needle)
                app.stop()
        ours = idle(meetingtui_argv(ws), ws, "palette", seconds, start_clock=True)
        base = idle(baseline_argv(timer=True), ws, AGENDA_TITLE, seconds, start_clock=False)
        floor = idle(floor_argv(timer=True), ws, AGENDA_TITLE, min(seconds, SLICE), start_clock=False)
        models = idle(
            baseline_argv(timer=True, validate=True), ws, AGENDA_TITLE, min(seconds, SLICE), start_clock=False
        )
    print(f"  meetingtui: {ours.show()}")
    print(f"              journal events: {ours.journal}")
    print(f"  baseline:   {base.show()}")
    print(
        f"  stack floor (own pydantic model, no meetingtui import, {min(seconds, SLICE):.0f}s): "
        f"peak RSS {floor.peak_rss_kb / 1024:.1f} MB = {floor.peak_rss_kb / base.peak_rss_kb:.2f}× the baseline"
    )
    print(
        f"  floor validating with meetingtui's models (includes our models): peak RSS "
        f"{models.peak_rss_kb / 1024:.1f} MB; meetingtui is {ours.peak_rss_kb / models.peak_rss_kb:.2f}× that"
    )
    return [
        verdict("idle CPU", ours.cpu, base.cpu, CPU_TARGET, unit=" CPU-s"),
        verdict(
            "peak RSS ÷ stack floor",
            ours.peak_rss_kb,
            floor.peak_rss_kb,
            RSS_TARGET,
            unit=" MB",
            scale=1 / 1024,
            digits=1,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each window (default 60)")
    args = parser.parse_args(argv)
    results = measure(args.seconds)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
