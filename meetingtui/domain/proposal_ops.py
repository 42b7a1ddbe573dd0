"""The meeting's part in proposals: take one as a segment (before the open floor), or decline it with a reason.

A mixin of :class:`~meetingtui.domain.meeting.Meeting`, like capture: each change
is an event (:mod:`~meetingtui.domain.events`) that the journal keeps and replay applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from meetingtui.domain.agenda import SegmentKind
from meetingtui.domain.events import MeetingEvent, ProposalTakenUp, ProposalTurnedDown
from meetingtui.domain.live import LiveSegment, LiveStatus
from meetingtui.domain.minutes import ProposalDeclined, ProposalTaken

if TYPE_CHECKING:
    from meetingtui.domain.proposals import OpenProposal


class ProposalMixin:
    """Proposals taken and declined by this meeting."""

    segments: list[LiveSegment]
    index: int

    def _emit(self, event: MeetingEvent) -> None:  # provided by Meeting
        raise NotImplementedError

    def _init_proposals(self) -> None:
        self.proposals_taken: list[ProposalTaken] = []
        self.proposals_declined: list[ProposalDeclined] = []

    def proposal_handled(self, proposal_id: str) -> bool:
        """True when this meeting already took or declined ``proposal_id``."""
        return any(item.id == proposal_id for item in (*self.proposals_taken, *self.proposals_declined))

    def take_proposal(self, item: OpenProposal) -> int | None:
        """Put a proposal on the agenda as a segment before the open floor; returns its index (None: handled)."""
        if self.proposal_handled(item.id):
            return None
        proposal = item.proposal
        position = self._before_open_floor()
        self._emit(
            ProposalTakenUp(
                id=item.id,
                title=proposal.title,
                team=proposal.team,
                seconds=proposal.minutes * 60,
                owner=proposal.owner or proposal.proposed_by,  # nobody named: the proposer leads it
                proposed_by=proposal.proposed_by,
                note=proposal.note,
            )
        )
        return position

    def _on_taken(self, event: ProposalTakenUp) -> None:
        segment = LiveSegment(
            event.title, event.team, event.seconds, event.owner, added=True, proposed_by=event.proposed_by
        )
        if event.note:
            segment.prompts = [f"Note: {event.note}"]  # the proposer's words, shown while the segment runs
        self.segments.insert(self._before_open_floor(), segment)
        if not any(s.status is LiveStatus.CURRENT for s in self.segments):
            segment.status = LiveStatus.CURRENT  # taken after the end: it becomes the current segment
            self.index = self.segments.index(segment)
        self.proposals_taken.append(ProposalTaken(id=event.id, segment=event.title))

    def _before_open_floor(self) -> int:
        """Where a proposal goes: before the first open floor still ahead, else at the end."""
        for position in range(self.index + 1, len(self.segments)):
            segment = self.segments[position]
            if segment.kind is SegmentKind.OPEN_FLOOR and segment.status is LiveStatus.PENDING:
                return position
        return len(self.segments)

    def decline_proposal(self, item: OpenProposal, reason: str | None = None) -> bool:
        """Record that this meeting will not take the proposal up, and why; False when already handled."""
        if self.proposal_handled(item.id):
            return False
        self._emit(ProposalTurnedDown(id=item.id, title=item.proposal.title, reason=(reason or "").strip() or None))
        return True

    def _on_declined(self, event: ProposalTurnedDown) -> None:
        self.proposals_declined.append(ProposalDeclined(id=event.id, title=event.title, reason=event.reason))


PROPOSAL_HANDLERS: dict[type[MeetingEvent], Callable[[Any, Any], None]] = {
    ProposalTakenUp: ProposalMixin._on_taken,
    ProposalTurnedDown: ProposalMixin._on_declined,
}
"""Which method applies which proposal event (the meeting's table includes these)."""
