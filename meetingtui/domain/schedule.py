"""Where a running meeting stands against the clock: projected end, segments at risk, time per team.

A mixin of :class:`~meetingtui.domain.meeting.Meeting`: reads only, no events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.live import LiveSegment, LiveStatus, Phase
from meetingtui.domain.report import countdown_seconds


@dataclass(frozen=True)
class Overrun:
    """A segment (its place and title) that went over its time."""

    index: int
    title: str


def overrun_bell(meeting: ScheduleMixin, rung: frozenset[Overrun]) -> tuple[bool, frozenset[Overrun]]:
    """Whether to ring the bell now, given the overruns already ``rung``; and what is rung after that.

    Rings once when the current segment goes over its time; once it is back within its time (it was given
    more) it can ring again. Pure: the engine is not changed, the caller keeps ``rung`` (so a freshly drawn
    screen rings once for an overrun already under way).
    """
    segment = meeting.current
    if segment is None:
        return False, rung
    this = Overrun(meeting.index, segment.title)
    if meeting.phase() is not Phase.OVERRUN:
        return False, rung - {this}
    return this not in rung, rung | {this}


class ScheduleMixin:
    """Read-only projections of a :class:`Meeting`."""

    segments: list[LiveSegment]
    index: int
    slot: int
    started_at: dt.datetime | None
    agenda: Agenda

    @property
    def current(self) -> LiveSegment | None:  # provided by Meeting
        raise NotImplementedError

    def elapsed(self, index: int | None = None) -> float:  # provided by Meeting
        raise NotImplementedError

    def wall_now(self) -> dt.datetime:  # provided by Meeting
        raise NotImplementedError

    def remaining(self) -> float:
        """Seconds left in the current segment; negative once it overruns."""
        segment = self.current
        return 0.0 if segment is None else segment.planned - self.elapsed()

    def countdown(self) -> int:
        """The current segment's countdown in whole seconds, as shown and saved (negative once over)."""
        segment = self.current
        return 0 if segment is None else countdown_seconds(segment.planned, self.elapsed())

    def phase(self) -> Phase:
        """On time, in the warning band (``warn_at``), or over (from the countdown as shown)."""
        segment = self.current
        if segment is None:
            return Phase.ON_TIME
        left = self.countdown()
        if left < 0:
            return Phase.OVERRUN
        if left <= self.agenda.warn_seconds(segment.planned):
            return Phase.WARNING
        return Phase.ON_TIME

    def remaining_planned(self) -> float:
        """Planned seconds still ahead: what is left of the current segment plus every pending one."""
        ahead = max(0.0, self.remaining()) if self.current else 0.0
        return ahead + sum(s.planned for s in self.segments[self.index + 1 :] if s.status is LiveStatus.PENDING)

    def scheduled_end(self) -> dt.datetime:
        """Start plus the booked slot (from now, before the meeting starts)."""
        start = self.started_at or self.wall_now()
        return start + dt.timedelta(seconds=self.slot)

    def projected_end(self) -> dt.datetime:
        """When the meeting ends if every remaining segment takes its planned time."""
        return self.wall_now() + dt.timedelta(seconds=self.remaining_planned())

    def projected_over(self) -> float:
        """Seconds the projected end lies past the scheduled end (negative: early)."""
        return (self.projected_end() - self.scheduled_end()).total_seconds()

    def at_risk(self) -> list[int]:
        """Indexes of pending segments that will not end before the scheduled end."""
        finish = self.wall_now() + dt.timedelta(seconds=max(0.0, self.remaining()))
        deadline = self.scheduled_end()
        late = []
        for index in range(self.index + 1, len(self.segments)):
            segment = self.segments[index]
            if segment.status is not LiveStatus.PENDING:
                continue
            finish += dt.timedelta(seconds=segment.planned)
            if finish > deadline:
                late.append(index)
        return late
