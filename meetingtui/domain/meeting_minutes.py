"""A running meeting's state as minutes: what saving it at a given moment writes."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.agenda_edits import parked
from meetingtui.domain.live import LiveStatus
from meetingtui.domain.meeting_state import MeetingState, elapsed
from meetingtui.domain.minutes import Minutes, SegmentRecord, SegmentStatus
from meetingtui.domain.report import whole_seconds


def minutes_of(state: MeetingState, now: float, wall: dt.datetime) -> Minutes:
    """The minutes of the meeting as it stands at ``now`` / ``wall`` (end it first for final minutes)."""
    started = state.started_at or wall
    ended = state.ended_at or wall
    return Minutes(
        id=state.minutes_id,
        title=state.agenda.title,
        agenda=state.agenda_name,
        date=started.date(),
        started_at=started.replace(microsecond=0),
        ended_at=max(ended, started).replace(microsecond=0),
        facilitator=state.facilitator,
        attendees=state.attendees,
        segments=segment_records(state, now),
        actions=state.actions,
        decisions=state.decisions,
        concerns=state.concerns,
        insights=state.insights,
        parked=parked(state),
        proposals_taken=state.proposals_taken,
        proposals_declined=state.proposals_declined,
        action_updates=list(state.action_updates.values()),
    )


def segment_records(state: MeetingState, now: float, *, checked: bool = True) -> list[SegmentRecord]:
    """The minutes' ``[[segments]]`` at ``now``: what :func:`minutes_of` writes, without the rest.

    Not ``checked``: the same values, not validated again (the live report's, on every tick and in the first frame:
    validating them built SegmentRecord's validator before the first frame, ~30M instructions; the engine's values
    are the agenda's, validated, and its own counts). The minutes are always built ``checked``.
    """
    return [_record(state, i, now, checked) for i in range(len(state.segments))]


def _record(state: MeetingState, index: int, now: float, checked: bool) -> SegmentRecord:
    segment = state.segments[index]
    seconds = whole_seconds(elapsed(state, now, index))  # the one rounding of a segment's time (domain/report.py)
    if segment.status is LiveStatus.DONE or (segment.status is LiveStatus.CURRENT and seconds > 0):
        status = SegmentStatus.DONE
    elif segment.status is LiveStatus.SKIPPED:
        status = SegmentStatus.SKIPPED
    elif segment.status is LiveStatus.PARKED:
        status = SegmentStatus.PARKED
    else:
        status = SegmentStatus.NOT_REACHED
    build = SegmentRecord if checked else SegmentRecord.model_construct
    return build(
        title=segment.title,
        team=segment.team,
        owner=segment.owner,
        planned_seconds=segment.planned,
        actual_seconds=seconds,
        status=status,
        notes=segment.notes,
        proposed_by=segment.proposed_by,
        parked_from=segment.parked_from,
    )
