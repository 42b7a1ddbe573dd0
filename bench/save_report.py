"""Benchmark: what keeping REPORT.md current adds to a save, on a history of ~200 minutes files.

A weekly sync is run with the real engine on a :class:`ManualClock` and saved as the
screen saves it (``finish()``, then ``write_and_commit()`` timed), in a repository holding
``--files`` minutes from ``make_history.py`` whose history index is warm (the app reads
the history at start). Alternating runs, fresh repositories each time:

* meetingtui: ``report = true`` (REPORT.md regenerated and committed with the minutes);
* baseline: ``report = false`` (the minutes' two files only).

Usage: ``python bench/save_report.py [--files 200] [--runs 5]``. Run by hand, not by CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import isolated_env
from bench.make_history import generate


def timed_save(root: Path, report: bool) -> float:
    """Seconds ``write_and_commit`` takes for one short meeting in ``root``."""
    from meetingtui.session import MeetingSession, SessionOptions
    from meetingtui.store.agendas import resolve_agenda
    from meetingtui.store.history_store import load_history
    from meetingtui.store.repo import MinutesRepo
    from tests.clock import ManualClock

    (root / "meetingtui.toml").write_text(f"report = {'true' if report else 'false'}\n")
    repo = MinutesRepo(root)
    load_history(repo)  # the index is warm, as after the app's start
    name, agenda = resolve_agenda("weekly-sync", repo)
    clock = ManualClock(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC))
    session = MeetingSession.new(
        repo, name, agenda, facilitator="Dana", options=SessionOptions(), clock=clock.now, wall=clock.wall
    )
    session.meeting.toggle()
    session.meeting.capture("actions", text="Send the deck", owner="Dana")
    clock.advance(600)
    minutes = session.finish()
    started = time.perf_counter()
    saved = session.write_and_commit(minutes)
    took = time.perf_counter() - started
    assert saved.commit, saved.git_error
    assert (root / "REPORT.md").exists() == report
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="meetingtui-bench-save-report-"))
    os.environ.update(isolated_env(work / "home"))
    try:
        times: dict[bool, list[float]] = {True: [], False: []}
        for run in range(args.runs):
            for report in (False, True):
                root = work / f"repo-{run}-{report}"
                root.mkdir()
                generate(root, args.files)
                times[report].append(timed_save(root, report))
                shutil.rmtree(root, ignore_errors=True)
        ours, baseline = statistics.median(times[True]), statistics.median(times[False])
        print(f"save of one meeting over {args.files} minutes files, median of {args.runs} runs")
        print(f"  report = false: {baseline * 1000:6.0f} ms")
        print(f"  report = true:  {ours * 1000:6.0f} ms  (+{(ours - baseline) * 1000:.0f} ms, {ours / baseline:.2f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
