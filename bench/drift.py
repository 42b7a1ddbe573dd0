"""Benchmark: clock drift of the meeting engine over a simulated two-hour meeting.

The real engine (:class:`meetingtui.domain.meeting.Meeting`) runs on a
:class:`ManualClock` through two hours of meeting: random steps of a fraction
of a second to a few minutes, pauses and resumes, next / previous / skip /
park, ±1 minute, segments added on the fly, heartbeats, and suspends (the
laptop sleeps for up to an hour, during which the clock either runs, when the
meeting was running, or not, when it was paused). Beside it, the benchmark
keeps its own account of the seconds each segment was running, from the same
steps. After every step, ``Meeting.elapsed(i)`` of every segment is compared
with that account. At the end the journaled events are replayed into a new
engine (as ``meetingtui resume`` does) and compared again, and the minutes'
``actual_seconds`` are checked against the account rounded down, as the minutes
round (``report.whole_seconds``, so they agree with the countdown).

Reported: the largest error in seconds (target: 0, i.e. below 1e-6) over
several seeded meetings.

Usage: ``python bench/drift.py [--meetings 20] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Result

TOLERANCE = 1e-6
MEETING_SECONDS = 2 * 3600


def agenda():
    """Eight segments of 5–20 minutes."""
    from meetingtui.domain.agenda import Agenda

    teams = ["sales", "marketing", "joint"]
    return Agenda.model_validate(
        {
            "title": "Drift",
            "duration": "2h",
            "segments": [
                {"title": f"Segment {i + 1}", "team": teams[i % 3], "duration": f"{5 + 5 * (i % 4)}m"} for i in range(8)
            ],
        }
    )


def simulate(seed: int) -> tuple[float, int, float, int]:
    """One meeting; returns (largest error in seconds, steps, seconds simulated, suspends)."""
    from meetingtui.domain.meeting import Meeting
    from meetingtui.domain.report import whole_seconds
    from tests.clock import ManualClock

    rng = random.Random(seed)
    clock = ManualClock()
    events = []
    meeting = Meeting(agenda(), "drift", "2026-11-27-drift", clock=clock.now, wall=clock.wall)
    meeting.subscribe(events.append)
    truth = [0.0] * len(meeting.segments)  # seconds each segment ran, by our own account, in the engine's order
    worst, steps, simulated, suspends = 0.0, 0, 0.0, 0

    def check() -> None:
        nonlocal worst
        assert len(truth) == len(meeting.segments)
        for index in range(len(meeting.segments)):
            worst = max(worst, abs(meeting.elapsed(index) - truth[index]))

    def let_pass(seconds: float) -> None:
        nonlocal simulated
        if meeting.running and meeting.current is not None:
            truth[meeting.index] += seconds
        clock.advance(seconds)
        simulated += seconds

    meeting.start()
    while simulated < MEETING_SECONDS and meeting.current is not None:
        steps += 1
        roll = rng.random()
        if roll < 0.55:
            let_pass(rng.choice([rng.uniform(0.001, 1.0), rng.uniform(1, 60), rng.uniform(60, 400)]))
        elif roll < 0.63:
            meeting.toggle()
        elif roll < 0.66:
            let_pass(rng.uniform(600, 3600))  # the laptop sleeps (CLOCK_BOOTTIME keeps counting)
            suspends += 1
        elif roll < 0.76:
            if not meeting.next():
                meeting.skip()
        elif roll < 0.80:
            meeting.previous()
        elif roll < 0.84:
            meeting.adjust(rng.choice([-60, 60]))
        elif roll < 0.87:
            meeting.skip()
        elif roll < 0.89:
            meeting.park("later")
        elif roll < 0.92:
            truth.insert(meeting.index + 1, 0.0)
            meeting.add_segment("Ad hoc", "joint", 300)
        elif roll < 0.95:
            index = rng.randrange(len(meeting.segments))
            delta = rng.choice([-1, 1])
            if meeting.move(index, delta):
                truth.insert(index + delta, truth.pop(index))
        else:
            meeting.heartbeat()
        check()
        if meeting.current is None and rng.random() < 0.5:  # agenda over early: the room adds a topic
            truth.insert(meeting.index + 1, 0.0)
            meeting.add_segment("Any other business", "joint", 300)
            check()
    meeting.end()
    check()

    # Resume from the journal: the same events rebuild the same times.
    replayed, _ = Meeting.replay(
        agenda(), "drift", meeting.minutes_id, events, clock=clock.now, wall=clock.wall, count_downtime=False
    )
    for index in range(len(truth)):
        worst = max(worst, abs(replayed.elapsed(index) - truth[index]))
    minutes = meeting.to_minutes()
    for record, seconds in zip(minutes.segments, truth, strict=True):
        if record.actual_seconds != whole_seconds(seconds):  # the minutes' one rounding: down (domain/report.py)
            worst = max(worst, abs(record.actual_seconds - seconds))
    return worst, steps, simulated, suspends


def measure(meetings: int = 20, seed: int = 1) -> list[Result]:
    """Simulate ``meetings`` meetings and print the largest error."""
    print(f"drift: {meetings} simulated two-hour meetings on a ManualClock (pauses, moves, suspends, replay)")
    worst, steps, simulated, suspends = 0.0, 0, 0.0, 0
    for number in range(meetings):
        error, n, seconds, sleeps = simulate(seed + number)
        worst, steps, simulated, suspends = max(worst, error), steps + n, simulated + seconds, suspends + sleeps
    passed = worst < TOLERANCE
    print(f"  {steps} steps, {simulated / 3600:.1f} h simulated (with {suspends} suspends)")
    print(f"  largest error: {worst:.3g} s  (target 0, < {TOLERANCE:g})  {'PASS' if passed else 'FAIL'}")
    return [Result("drift (2 h meeting)", f"{worst:.3g} s", "0 s", None, f"< {TOLERANCE:g} s", passed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    results = measure(args.meetings, args.seed)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
