"""Changing the running agenda: more or less time, moving, adding, parking, and taking a parked topic in.

A mixin of :class:`~meetingtui.domain.meeting.Meeting`. Parking is a *state*
of a segment (:attr:`LiveStatus.PARKED`), not a list kept beside it: the
meeting's parked topics are its segments in that state, so going back to a
parked segment (``p``) un-parks it, and finishing it makes it ``done`` and
never offered again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from meetingtui.domain.agenda import Team
from meetingtui.domain.durations import adjusted_duration
from meetingtui.domain.events import (
    MeetingEvent,
    ParkedTopicTaken,
    SegmentAdded,
    SegmentMoved,
    SegmentParked,
    TimeAdjusted,
)
from meetingtui.domain.live import MINUTE, LiveSegment, LiveStatus
from meetingtui.domain.minutes import Parked


class AgendaEditMixin:
    """``+``/``-``, move, add, park and take a parked topic: each a command and the handler of its event."""

    segments: list[LiveSegment]
    index: int
    agenda_name: str
    minutes_id: str

    @property
    def current(self) -> LiveSegment | None:  # provided by Meeting
        raise NotImplementedError

    def _emit(self, event: MeetingEvent) -> None:  # provided by Meeting
        raise NotImplementedError

    def _leave(self, status: LiveStatus) -> None:  # provided by Meeting
        raise NotImplementedError

    if TYPE_CHECKING:

        def remaining(self) -> float:
            """Provided by ScheduleMixin (a stub here would shadow it)."""
            ...

    # -- time ----------------------------------------------------------------------

    def adjust(self, seconds: int) -> bool:
        """Give the current segment more (or less) time (``+``/``-``); False when that is refused.

        The rule is the agenda editor's (:func:`adjusted_duration`): a segment never drops to zero.
        """
        if self.current is None or adjusted_duration(self.current.planned, seconds) is None:
            return False
        self._emit(TimeAdjusted(seconds=seconds))
        return True

    def _on_adjusted(self, event: TimeAdjusted) -> None:
        assert self.current is not None
        self.current.planned = max(0, self.current.planned + event.seconds)

    # -- order ---------------------------------------------------------------------

    def move(self, index: int, delta: int) -> bool:
        """Move a pending segment up or down among the pending ones."""
        target = index + delta
        lowest = self.index + 1
        if not (lowest <= index < len(self.segments) and lowest <= target < len(self.segments)):
            return False
        if self.segments[index].status is not LiveStatus.PENDING:
            return False
        self._emit(SegmentMoved(index=index, delta=delta))
        return True

    def _on_moved(self, event: SegmentMoved) -> None:
        segment = self.segments.pop(event.index)
        self.segments.insert(event.index + event.delta, segment)

    def add_segment(self, title: str, team: Team | str, seconds: int, owner: str | None = None) -> int:
        """Add an ad-hoc segment right after the current one; returns its index."""
        self._emit(SegmentAdded(title=title, team=Team(team), seconds=int(seconds), owner=owner))
        return self.index + 1

    def _on_added(self, event: SegmentAdded) -> None:
        self._insert_after_current(LiveSegment(event.title, event.team, event.seconds, event.owner, added=True))

    def _insert_after_current(self, segment: LiveSegment) -> None:
        self.segments.insert(self.index + 1, segment)
        if self.current is None:  # added after the end: it becomes the current segment
            segment.status = LiveStatus.CURRENT

    # -- parking -------------------------------------------------------------------

    def park(self, reason: str | None = None) -> bool:
        """Leave the current segment for the next meeting of this agenda (``z``)."""
        if self.current is None:
            return False
        self._emit(SegmentParked(reason=reason))
        return True

    def _on_parked(self, event: SegmentParked) -> None:
        assert self.current is not None
        self.current.park_reason = event.reason
        self._leave(LiveStatus.PARKED)

    @property
    def parked(self) -> list[Parked]:
        """The topics this meeting parks: its segments in the ``parked`` state, each saying where it came from."""
        return [
            Parked(
                title=segment.title,
                team=segment.team,
                reason=segment.park_reason,
                planned_seconds=segment.planned,
                agenda=self.agenda_name,
                minutes_id=self.minutes_id,
                segment=position,
            )
            for position, segment in enumerate(self.segments, start=1)
            if segment.status is LiveStatus.PARKED
        ]

    def take_parked(self, topic: Parked, parked_from: str | None = None) -> int:
        """Take a topic an earlier meeting parked into this one; returns the index of its segment.

        A topic already on the agenda (the template has it too) is not added again: that segment
        carries it. Otherwise it comes right after the current segment. ``parked_from`` names the
        minutes that parked it, for topics saved before they remembered that themselves.
        """
        self._emit(
            ParkedTopicTaken(
                title=topic.title,
                team=topic.team,
                seconds=topic.planned_seconds or 5 * MINUTE,
                parked_from=topic.minutes_id or parked_from,
            )
        )
        return self._segment_titled(topic.title)  # type: ignore[return-value]  # the event just put it there

    def _segment_titled(self, title: str) -> int | None:
        key = title.strip().casefold()
        return next((i for i, s in enumerate(self.segments) if s.title.strip().casefold() == key), None)

    def _on_parked_taken(self, event: ParkedTopicTaken) -> None:
        existing = self._segment_titled(event.title)
        if existing is not None:
            self.segments[existing].parked_from = self.segments[existing].parked_from or event.parked_from
            return
        segment = LiveSegment(event.title, event.team, event.seconds, added=True, parked_from=event.parked_from)
        self._insert_after_current(segment)


AGENDA_EDIT_HANDLERS: dict[type[MeetingEvent], Callable[[Any, Any], None]] = {
    TimeAdjusted: AgendaEditMixin._on_adjusted,
    SegmentMoved: AgendaEditMixin._on_moved,
    SegmentAdded: AgendaEditMixin._on_added,
    SegmentParked: AgendaEditMixin._on_parked,
    ParkedTopicTaken: AgendaEditMixin._on_parked_taken,
}
"""Which method applies which agenda-editing event (the meeting's table includes these)."""
