"""What an interrupted meeting's events add up to, for the question "resume it?"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.events import CaptureKind, MeetingEvent
from meetingtui.domain.meeting import Meeting


@dataclass(frozen=True)
class StoppedAt:
    """The segment the meeting was in."""

    title: str
    team: Team
    number: int
    """1-based."""
    of: int
    elapsed: float
    planned: int


@dataclass(frozen=True)
class ReplaySummary:
    """Where an interrupted meeting stood: read by replaying its events, never by counting them."""

    readable: bool
    """False when the events could not be replayed (the rest is then empty)."""
    started: bool = False
    running: bool = False
    stopped_at: StoppedAt | None = None
    """``None`` once every segment was done (or when unreadable)."""
    captured: int = 0
    """Items captured and not removed again."""
    last_change: dt.datetime | None = None


def summarize(
    agenda: Agenda, agenda_name: str, minutes_id: str, events: list[MeetingEvent], now: dt.datetime
) -> ReplaySummary:
    """Replay ``events`` (off any clock, at ``now``) and say where the meeting stood."""
    last = events[-1].wall if events else None
    try:
        meeting, _ = Meeting.replay(
            agenda, agenda_name, minutes_id, events, clock=lambda: 0.0, wall=lambda: now, count_downtime=False
        )
    except (AssertionError, IndexError, KeyError, TypeError, ValueError):
        return ReplaySummary(readable=False, last_change=last)
    segment = meeting.current
    stopped = None
    if segment is not None:
        stopped = StoppedAt(
            segment.title, segment.team, meeting.index + 1, len(meeting.segments), meeting.elapsed(), segment.planned
        )
    captured = sum(len(meeting.items(kind)) for kind in CaptureKind)
    return ReplaySummary(True, meeting.started, meeting.running, stopped, captured, last)
