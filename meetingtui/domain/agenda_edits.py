"""Changing the running agenda: more or less time, moving, adding, parking, and taking a parked topic in.

Plain functions over :class:`~meetingtui.domain.meeting_state.MeetingState`:
deciders that say whether a command applies (and build its event), handlers that
apply the events, and :func:`parked`. Parking is a *state* of a segment
(:attr:`LiveStatus.PARKED`), not a list kept beside it: the meeting's parked
topics are its segments in that state, so going back to a parked segment (``p``)
un-parks it, and finishing it makes it ``done`` and never offered again.
"""

from __future__ import annotations

from meetingtui.domain.durations import adjusted_duration
from meetingtui.domain.events import ParkedTopicTaken, SegmentAdded, SegmentMoved, SegmentParked, TimeAdjusted
from meetingtui.domain.live import MINUTE, LiveSegment, LiveStatus
from meetingtui.domain.meeting_state import HandlerTable, MeetingState, handles
from meetingtui.domain.minutes import Parked
from meetingtui.domain.progress import leave

# -- deciding ---------------------------------------------------------------------


def adjustment(state: MeetingState, seconds: int) -> TimeAdjusted | None:
    """More (or less) time for the current segment; None when refused.

    The rule is the agenda editor's (:func:`adjusted_duration`): a segment never drops to zero.
    """
    if state.current is None or adjusted_duration(state.current.planned, seconds) is None:
        return None
    return TimeAdjusted(seconds=seconds)


def moving(state: MeetingState, index: int, delta: int) -> SegmentMoved | None:
    """Move a pending segment up or down among the pending ones; None when it cannot go there."""
    target = index + delta
    lowest = state.index + 1
    if not (lowest <= index < len(state.segments) and lowest <= target < len(state.segments)):
        return None
    if state.segments[index].status is not LiveStatus.PENDING:
        return None
    return SegmentMoved(index=index, delta=delta)


def taking_parked(topic: Parked, parked_from: str | None = None) -> ParkedTopicTaken:
    """Take a topic an earlier meeting parked; ``parked_from`` names the minutes that parked it, for topics
    saved before they remembered that themselves."""
    return ParkedTopicTaken(
        title=topic.title,
        team=topic.team,
        seconds=topic.planned_seconds or 5 * MINUTE,
        parked_from=topic.minutes_id or parked_from,
    )


def segment_titled(state: MeetingState, title: str) -> int | None:
    """The place of the segment with this title (case and spaces aside), if there is one."""
    key = title.strip().casefold()
    return next((i for i, s in enumerate(state.segments) if s.title.strip().casefold() == key), None)


def parked(state: MeetingState) -> list[Parked]:
    """The topics this meeting parks: its segments in the ``parked`` state, each saying where it came from."""
    return [
        Parked(
            title=segment.title,
            team=segment.team,
            reason=segment.park_reason,
            planned_seconds=segment.planned,
            agenda=state.agenda_name,
            minutes_id=state.minutes_id,
            segment=position,
        )
        for position, segment in enumerate(state.segments, start=1)
        if segment.status is LiveStatus.PARKED
    ]


# -- applying ---------------------------------------------------------------------


def on_adjusted(state: MeetingState, event: TimeAdjusted) -> None:
    assert state.current is not None
    state.current.planned = max(0, state.current.planned + event.seconds)


def on_moved(state: MeetingState, event: SegmentMoved) -> None:
    segment = state.segments.pop(event.index)
    state.segments.insert(event.index + event.delta, segment)


def on_added(state: MeetingState, event: SegmentAdded) -> None:
    insert_after_current(state, LiveSegment(event.title, event.team, event.seconds, event.owner, added=True))


def insert_after_current(state: MeetingState, segment: LiveSegment) -> None:
    """Put a segment right after the current one; added after the end, it becomes the current segment."""
    state.segments.insert(state.index + 1, segment)
    if state.current is None:
        segment.status = LiveStatus.CURRENT


def on_parked(state: MeetingState, event: SegmentParked) -> None:
    assert state.current is not None
    state.current.park_reason = event.reason
    leave(state, LiveStatus.PARKED, event.t)


def on_parked_taken(state: MeetingState, event: ParkedTopicTaken) -> None:
    """A topic already on the agenda (the template has it too) is not added again: that segment carries it."""
    existing = segment_titled(state, event.title)
    if existing is not None:
        state.segments[existing].parked_from = state.segments[existing].parked_from or event.parked_from
        return
    segment = LiveSegment(event.title, event.team, event.seconds, added=True, parked_from=event.parked_from)
    insert_after_current(state, segment)


AGENDA_EDIT_HANDLERS: HandlerTable = dict(
    [
        handles(TimeAdjusted, on_adjusted),
        handles(SegmentMoved, on_moved),
        handles(SegmentAdded, on_added),
        handles(SegmentParked, on_parked),
        handles(ParkedTopicTaken, on_parked_taken),
    ]
)
"""Which function applies which agenda-editing event (the meeting's table includes these)."""
