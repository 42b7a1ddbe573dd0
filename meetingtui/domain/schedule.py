"""Where a running meeting stands against the clock: projected end, segments at risk, time per team.

Queries over :class:`~meetingtui.domain.meeting_state.MeetingState` at a given moment: ``now`` on the meeting's
time line (:meth:`Meeting.now <meetingtui.domain.meeting.Meeting.now>`) and ``wall``, the local time. They read
only; :class:`~meetingtui.domain.meeting.Meeting` asks them with its own clocks.
"""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.lean import frozen
from meetingtui.domain.live import LiveStatus, Phase
from meetingtui.domain.meeting_state import MeetingState, elapsed
from meetingtui.domain.report import countdown_seconds


@frozen
class Overrun:
    """A segment (its place and title) that went over its time."""

    index: int
    title: str


def overrun_bell(state: MeetingState, now: float, rung: frozenset[Overrun]) -> tuple[bool, frozenset[Overrun]]:
    """Whether to ring the bell at ``now``, given the overruns already ``rung``; and what is rung after that.

    Rings once when the current segment goes over its time; once it is back within its time (it was given
    more) it can ring again. Pure: the engine is not changed, the caller keeps ``rung`` (so a freshly drawn
    screen rings once for an overrun already under way).
    """
    segment = state.current
    if segment is None:
        return False, rung
    this = Overrun(state.index, segment.title)
    if phase(state, now) is not Phase.OVERRUN:
        return False, rung - {this}
    return this not in rung, rung | {this}


def remaining(state: MeetingState, now: float) -> float:
    """Seconds left in the current segment at ``now``; negative once it overruns."""
    segment = state.current
    return 0.0 if segment is None else segment.planned - elapsed(state, now)


def countdown(state: MeetingState, now: float) -> int:
    """The current segment's countdown in whole seconds, as shown and saved (negative once over)."""
    segment = state.current
    return 0 if segment is None else countdown_seconds(segment.planned, elapsed(state, now))


def phase(state: MeetingState, now: float) -> Phase:
    """On time, in the warning band (``warn_at``), or over (from the countdown as shown)."""
    segment = state.current
    if segment is None:
        return Phase.ON_TIME
    left = countdown(state, now)
    if left < 0:
        return Phase.OVERRUN
    if left <= state.agenda.warn_seconds(segment.planned):
        return Phase.WARNING
    return Phase.ON_TIME


def remaining_planned(state: MeetingState, now: float) -> float:
    """Planned seconds still ahead: what is left of the current segment plus every pending one."""
    ahead = max(0.0, remaining(state, now)) if state.current else 0.0
    return ahead + sum(s.planned for s in state.segments[state.index + 1 :] if s.status is LiveStatus.PENDING)


def scheduled_end(state: MeetingState, wall: dt.datetime) -> dt.datetime:
    """Start plus the booked slot (from ``wall``, the local time now, before the meeting starts)."""
    start = state.started_at or wall
    return start + dt.timedelta(seconds=state.slot)


def projected_end(state: MeetingState, now: float, wall: dt.datetime) -> dt.datetime:
    """When the meeting ends if every remaining segment takes its planned time."""
    return wall + dt.timedelta(seconds=remaining_planned(state, now))


def projected_over(state: MeetingState, now: float, wall: dt.datetime) -> float:
    """Seconds the projected end lies past the scheduled end (negative: early)."""
    return (projected_end(state, now, wall) - scheduled_end(state, wall)).total_seconds()


def at_risk(state: MeetingState, now: float, wall: dt.datetime) -> list[int]:
    """Indexes of pending segments that will not end before the scheduled end."""
    finish = wall + dt.timedelta(seconds=max(0.0, remaining(state, now)))
    deadline = scheduled_end(state, wall)
    late = []
    for index in range(state.index + 1, len(state.segments)):
        segment = state.segments[index]
        if segment.status is not LiveStatus.PENDING:
            continue
        finish += dt.timedelta(seconds=segment.planned)
        if finish > deadline:
            late.append(index)
    return late
