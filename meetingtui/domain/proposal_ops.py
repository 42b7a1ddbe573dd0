"""The meeting's part in proposals: take one as a segment (before the open floor), or decline it with a reason.

Plain functions over :class:`~meetingtui.domain.meeting_state.MeetingState`, like
capture: deciders build the event (None: already handled), handlers apply it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetingtui.domain.agenda import SegmentKind
from meetingtui.domain.events import ProposalTakenUp, ProposalTurnedDown
from meetingtui.domain.live import LiveSegment, LiveStatus
from meetingtui.domain.meeting_state import HandlerTable, MeetingState, handles
from meetingtui.domain.minutes import ProposalDeclined, ProposalTaken

if TYPE_CHECKING:
    from meetingtui.domain.proposals import OpenProposal


def proposal_handled(state: MeetingState, proposal_id: str) -> bool:
    """True when this meeting already took or declined ``proposal_id``."""
    return any(item.id == proposal_id for item in (*state.proposals_taken, *state.proposals_declined))


def before_open_floor(state: MeetingState) -> int:
    """Where a proposal goes: before the first open floor still ahead, else at the end."""
    for position in range(state.index + 1, len(state.segments)):
        segment = state.segments[position]
        if segment.kind is SegmentKind.OPEN_FLOOR and segment.status is LiveStatus.PENDING:
            return position
    return len(state.segments)


def taking(state: MeetingState, item: OpenProposal) -> ProposalTakenUp | None:
    """A proposal as a segment of this meeting; None when it was already handled."""
    if proposal_handled(state, item.id):
        return None
    proposal = item.proposal
    return ProposalTakenUp(
        id=item.id,
        title=proposal.title,
        team=proposal.team,
        seconds=proposal.minutes * 60,
        owner=proposal.owner or proposal.proposed_by,  # nobody named: the proposer leads it
        proposed_by=proposal.proposed_by,
        note=proposal.note,
    )


def declining(state: MeetingState, item: OpenProposal, reason: str | None) -> ProposalTurnedDown | None:
    """This meeting will not take the proposal up, and why; None when it was already handled."""
    if proposal_handled(state, item.id):
        return None
    return ProposalTurnedDown(id=item.id, title=item.proposal.title, reason=(reason or "").strip() or None)


def on_taken(state: MeetingState, event: ProposalTakenUp) -> None:
    segment = LiveSegment(
        event.title, event.team, event.seconds, event.owner, added=True, proposed_by=event.proposed_by
    )
    if event.note:
        segment.prompts = [f"Note: {event.note}"]  # the proposer's words, shown while the segment runs
    state.segments.insert(before_open_floor(state), segment)
    if not any(s.status is LiveStatus.CURRENT for s in state.segments):
        segment.status = LiveStatus.CURRENT  # taken after the end: it becomes the current segment
        state.index = state.segments.index(segment)
    state.proposals_taken.append(ProposalTaken(id=event.id, segment=event.title))


def on_declined(state: MeetingState, event: ProposalTurnedDown) -> None:
    state.proposals_declined.append(ProposalDeclined(id=event.id, title=event.title, reason=event.reason))


PROPOSAL_HANDLERS: HandlerTable = dict([handles(ProposalTakenUp, on_taken), handles(ProposalTurnedDown, on_declined)])
"""Which function applies which proposal event (the meeting's table includes these)."""
