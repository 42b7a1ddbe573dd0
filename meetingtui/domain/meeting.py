"""The live meeting: a state machine over an injected clock.

A command checks that it applies, then emits a typed event (:mod:`~meetingtui.domain.events`).
:meth:`Meeting._emit` does four things, in this order: it stamps the event with the meeting's own time
line, hands it to the write-ahead hook :attr:`Meeting.record` (the session sets the crash journal's
fsynced append there), applies it (:meth:`Meeting.apply`, the only way the state changes), and then tells
every subscriber (the screen, the follower page). If ``record`` raises, nothing else happens: the state is
as before, no subscriber hears of it, the exception reaches the caller, and the same command can simply be
given again.

The engine is a small shell around its parts: the state is one plain
:class:`~meetingtui.domain.meeting_state.MeetingState`, and each part is a module
of functions over it (:mod:`progress`, :mod:`agenda_edits`, :mod:`capture` and
:mod:`proposal_ops` decide and apply; :mod:`schedule` and :mod:`meeting_minutes`
read). A command here asks its part for the event and records it; a query asks
its part with the meeting's clocks.

The engine has no lock: it is driven from one thread, the UI's. Workers never
call it; they get values the engine does not share (a copy of the
:class:`~meetingtui.domain.minutes.Minutes`) and report back with messages.

Replaying the same events (:meth:`Meeting.replay`) rebuilds the same meeting,
which is how the crash journal brings a meeting back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from meetingtui.domain import agenda_edits, capture, events, proposal_ops, schedule
from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.clock import Clock, WallClock, local_now, meeting_clock
from meetingtui.domain.events import CapturedItem, CaptureKind, MeetingEvent, stamp
from meetingtui.domain.live import MINUTE, LiveSegment, LiveStatus, Phase
from meetingtui.domain.meeting_minutes import minutes_of, segment_records
from meetingtui.domain.meeting_state import HandlerTable, MeetingState, StateField, elapsed
from meetingtui.domain.minutes import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Attendee,
    Concern,
    Decision,
    Insight,
    Minutes,
    Parked,
    ProposalDeclined,
    ProposalTaken,
    SegmentRecord,
)
from meetingtui.domain.progress import PROGRESS_HANDLERS

if TYPE_CHECKING:
    from meetingtui.domain.proposals import OpenProposal

__all__ = ["MINUTE", "CaptureKind", "LiveSegment", "LiveStatus", "Meeting", "MeetingEvent", "Phase"]


class Meeting:
    """A meeting in progress: its :attr:`state`, the clocks, the write-ahead hook and the subscribers.

    ``clock`` gives monotonic seconds (suspend included, see :mod:`clock`),
    ``wall`` the local time; tests pass a manual clock to control time.
    """

    def __init__(
        self,
        agenda: Agenda,
        agenda_name: str,
        minutes_id: str,
        *,
        facilitator: str | None = None,
        clock: Clock = meeting_clock,
        wall: WallClock = local_now,
        record: Callable[[MeetingEvent], None] | None = None,
    ) -> None:
        self.state = MeetingState.opening(agenda, agenda_name, minutes_id, facilitator)
        """Everything the events have made of the agenda; changed only by :meth:`apply`."""
        self.record = record
        """The write-ahead hook: makes a stamped event durable before it is applied, or raises (then it is not)."""
        self._listeners: list[Callable[[MeetingEvent], None]] = []
        self._clock = clock
        self._wall = wall
        self._offset = 0.0

    # -- the state, read-only: each is the same-named attribute of :attr:`state` (views and the session read them)

    agenda = StateField[Agenda]()
    agenda_name = StateField[str]()
    minutes_id = StateField[str]()
    facilitator = StateField[str | None]()
    segments = StateField[list[LiveSegment]]()
    index = StateField[int]()
    current = StateField[LiveSegment | None]()
    is_last = StateField[bool]()
    running = StateField[bool]()
    started = StateField[bool]()
    started_at = StateField[dt.datetime | None]()
    ended_at = StateField[dt.datetime | None]()
    attendees = StateField[list[Attendee]]()
    actions = StateField[list[ActionItem]]()
    decisions = StateField[list[Decision]]()
    concerns = StateField[list[Concern]]()
    insights = StateField[list[Insight]]()
    action_updates = StateField[dict[str, ActionUpdate]]()
    proposals_taken = StateField[list[ProposalTaken]]()
    proposals_declined = StateField[list[ProposalDeclined]]()

    # -- time -----------------------------------------------------------------------

    def now(self) -> float:
        """The meeting's time line: the clock, continued across a resume."""
        return self._clock() + self._offset

    def wall_now(self) -> dt.datetime:
        """Local time."""
        return self._wall()

    def elapsed(self, index: int | None = None) -> float:
        """Seconds spent on a segment, pauses excluded (the current one by default)."""
        return elapsed(self.state, self.now(), index)

    # -- the event machinery -----------------------------------------------------------

    def subscribe(self, callback: Callable[[MeetingEvent], None]) -> Callable[[], None]:
        """Call ``callback`` with every event after it is recorded and applied; returns the function that stops that."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def _emit(self, event: MeetingEvent) -> None:
        """Stamp a command's event, :attr:`record` it, apply it, then tell every listener.

        When :attr:`record` raises, the event is neither applied nor announced and the exception propagates.
        """
        event = stamp(event, self.now(), self.wall_now())
        if self.record is not None:
            self.record(event)
        self.apply(event)
        for listener in list(self._listeners):
            listener(event)

    def apply(self, event: MeetingEvent) -> None:
        """Change the state by one (stamped) event: the only way the state changes."""
        HANDLERS[type(event)](self.state, event)

    def continue_after(self, last: MeetingEvent, *, count_downtime: bool) -> float:
        """After a replay, continue the time line on this process's clock.

        Returns the seconds the meeting was down. With ``count_downtime`` that
        time counts to whatever was running (the room kept talking).
        """
        assert last.wall is not None, "a replayed event is stamped"
        down = max(0.0, (self._wall() - last.wall).total_seconds())
        target = last.t + (down if count_downtime else 0.0)
        self._offset = target - self._clock()
        return down

    # -- the clock and the way through the agenda (applied by domain/progress.py) ----------

    def toggle(self) -> None:
        """Start, pause or resume the clock (``space``); nothing once every segment is over."""
        if self.running:
            self.pause()
        else:
            self.start()

    def start(self) -> None:
        """Start or resume the clock."""
        if not self.running and self.current is not None:
            self._emit(events.ClockStarted())

    def pause(self) -> None:
        """Stop the clock; paused time counts to nobody."""
        if self.running:
            self._emit(events.ClockPaused())

    def next(self) -> bool:
        """Finish the current segment and start the next (``n``); False on the last one."""
        if self.current is None or self.is_last:
            return False
        self._emit(events.SegmentFinished())
        return True

    def previous(self) -> bool:
        """Go back to the previous segment (``p``); its time continues from where it was."""
        if self.index == 0:
            return False
        self._emit(events.WentBack())
        return True

    def skip(self) -> bool:
        """Skip the current segment (``k``); on the last one the agenda is then over."""
        if self.current is None:
            return False
        self._emit(events.SegmentSkipped())
        return True

    def heartbeat(self) -> None:
        """Record the time line's position, so a crash loses at most the time since the last beat."""
        self._emit(events.Heartbeat())

    def end(self, at: dt.datetime | None = None) -> None:
        """Stop the clock for good, the current segment done if run; ``at``: when ``q`` was pressed (``None``: now)."""
        if self.ended_at is None:
            self._emit(events.MeetingEnded(at=at))

    # -- editing the agenda (domain/agenda_edits.py) ------------------------------------

    def adjust(self, seconds: int) -> bool:
        """Give the current segment more (or less) time (``+``/``-``); False when that is refused."""
        return self._emit_if(agenda_edits.adjustment(self.state, seconds))

    def move(self, index: int, delta: int) -> bool:
        """Move a pending segment up or down among the pending ones."""
        return self._emit_if(agenda_edits.moving(self.state, index, delta))

    def add_segment(self, title: str, team: Team | str, seconds: int, owner: str | None = None) -> int:
        """Add an ad-hoc segment right after the current one; returns its index."""
        self._emit(events.SegmentAdded(title=title, team=Team(team), seconds=int(seconds), owner=owner))
        return self.index + 1

    def park(self, reason: str | None = None) -> bool:
        """Leave the current segment for the next meeting of this agenda (``z``)."""
        return self._emit_if(events.SegmentParked(reason=reason) if self.current is not None else None)

    @property
    def parked(self) -> list[Parked]:
        """The topics this meeting parks, each saying where it came from."""
        return agenda_edits.parked(self.state)

    def take_parked(self, topic: Parked, parked_from: str | None = None) -> int:
        """Take a topic an earlier meeting parked into this one (right after the current segment, unless the
        agenda has it already); returns the index of its segment."""
        self._emit(agenda_edits.taking_parked(topic, parked_from))
        return agenda_edits.segment_titled(self.state, topic.title)  # type: ignore[return-value]  # just put there

    # -- capturing (domain/capture.py) -----------------------------------------------------

    def items(self, kind: CaptureKind) -> list[Any]:
        """The captured items of one kind, in the order they were captured."""
        return capture.items(self.state, kind)

    def captured(self) -> list[tuple[CaptureKind, CapturedItem]]:
        """Every captured item with its kind, in the order they were taken (kinds mixed); an edit keeps its place."""
        return capture.captured(self.state)

    def set_notes(self, index: int, text: str) -> None:
        """Replace a segment's notes."""
        if self.segments[index].notes != text:
            self._emit(events.NotesSet(index=index, text=text))

    def set_attendees(self, attendees: list[Attendee]) -> None:
        """Who is on the roster, and who is present."""
        self._emit(events.AttendanceSet(attendees=tuple(attendees)))

    def add_person(self, name: str, team: Team) -> None:
        """Someone the roster lacked, added with their team (journaled: a resumed meeting still knows them)."""
        self._emit(events.PersonAdded(name=name, team=team))

    def capture(self, kind: CaptureKind | str, **fields: Any) -> Any:
        """Capture an action, decision, concern or insight in the current segment; returns the item."""
        kind = CaptureKind(kind)
        self._emit(capture.capturing(self.state, kind, fields))  # validated before it is recorded
        return self.items(kind)[-1]

    def edit_item(self, kind: CaptureKind | str, index: int, **changes: Any) -> Any:
        """Change fields of a captured item (e.g. add an owner in the summary)."""
        kind = CaptureKind(kind)
        self._emit(capture.editing(self.state, kind, index, changes))
        return self.items(kind)[index]

    def remove_item(self, kind: CaptureKind | str, index: int) -> None:
        """Delete a captured item (a mistake); action ids are never reused."""
        self._emit(events.ItemRemoved(kind=CaptureKind(kind), index=index))

    def undo_delete(self) -> tuple[CaptureKind, CapturedItem] | None:
        """Bring the last deleted item back in its place, its id kept (``ctrl+z``); returns it with its kind."""
        event = capture.restoring(self.state)
        return (event.kind, event.item) if event is not None and self._emit_if(event) else None

    def update_action(
        self,
        action_id: str,
        status: ActionStatus | str,
        owner: str | None = None,
        note: str | None = None,
        text: str | None = None,
        owned_by: str | None = None,
    ) -> None:
        """Record a change to an action from earlier minutes (review segment); ``text`` and ``owned_by`` (its owner
        until now) are the action's, so the minutes read on their own; ``owner`` is a new owner."""
        update = ActionUpdate(
            id=action_id, text=text, status=ActionStatus(status), owner=owner, owned_by=owned_by, note=note
        )
        self._emit(events.ActionReviewed(update=update))

    def clear_action_update(self, action_id: str) -> None:
        """Forget a review mark ("still open" after all)."""
        if action_id in self.action_updates:
            self._emit(events.ReviewCleared(action_id=action_id))

    # -- proposals (domain/proposal_ops.py) -----------------------------------------------

    def proposal_handled(self, proposal_id: str) -> bool:
        """True when this meeting already took or declined ``proposal_id``."""
        return proposal_ops.proposal_handled(self.state, proposal_id)

    def take_proposal(self, item: OpenProposal) -> int | None:
        """Put a proposal on the agenda as a segment before the open floor; returns its index (None: handled)."""
        position = proposal_ops.before_open_floor(self.state)
        return position if self._emit_if(proposal_ops.taking(self.state, item)) else None

    def decline_proposal(self, item: OpenProposal, reason: str | None = None) -> bool:
        """Record that this meeting will not take the proposal up, and why; False when already handled."""
        return self._emit_if(proposal_ops.declining(self.state, item, reason))

    def _emit_if(self, event: MeetingEvent | None) -> bool:
        """Emit a decided event; False when the command was refused (no event)."""
        if event is None:
            return False
        self._emit(event)
        return True

    # -- against the clock (domain/schedule.py) ------------------------------------------

    def remaining(self) -> float:
        """Seconds left in the current segment; negative once it overruns."""
        return schedule.remaining(self.state, self.now())

    def countdown(self) -> int:
        """The current segment's countdown in whole seconds, as shown and saved (negative once over)."""
        return schedule.countdown(self.state, self.now())

    def phase(self) -> Phase:
        """On time, in the warning band (``warn_at``), or over (from the countdown as shown)."""
        return schedule.phase(self.state, self.now())

    def scheduled_end(self) -> dt.datetime:
        """Start plus the booked slot (from now, before the meeting starts)."""
        return schedule.scheduled_end(self.state, self.wall_now())

    def projected_end(self) -> dt.datetime:
        """When the meeting ends if every remaining segment takes its planned time."""
        return schedule.projected_end(self.state, self.now(), self.wall_now())

    def projected_over(self) -> float:
        """Seconds the projected end lies past the scheduled end (negative: early)."""
        return schedule.projected_over(self.state, self.now(), self.wall_now())

    def at_risk(self) -> list[int]:
        """Indexes of pending segments that will not end before the scheduled end."""
        return schedule.at_risk(self.state, self.now(), self.wall_now())

    # -- the minutes (domain/meeting_minutes.py) -------------------------------------------

    def to_minutes(self) -> Minutes:
        """The minutes of this meeting as it stands (end it first for final minutes)."""
        return minutes_of(self.state, self.now(), self.wall_now())

    def segment_records(self) -> list[SegmentRecord]:
        """What :meth:`to_minutes` writes as ``[[segments]]`` now, not validated again (the live report reads it)."""
        return segment_records(self.state, self.now(), checked=False)

    # -- rebuilding -----------------------------------------------------------------------

    @classmethod
    def replay(
        cls,
        agenda: Agenda,
        agenda_name: str,
        minutes_id: str,
        journaled: list[MeetingEvent],
        *,
        facilitator: str | None = None,
        clock: Clock = meeting_clock,
        wall: WallClock = local_now,
        count_downtime: bool = True,
    ) -> tuple[Meeting, float]:
        """Rebuild a meeting from its journaled events; returns it and the seconds it was down."""
        meeting = cls(agenda, agenda_name, minutes_id, facilitator=facilitator, clock=clock, wall=wall)
        for event in journaled:
            meeting.apply(event)
        down = meeting.continue_after(journaled[-1], count_downtime=count_downtime) if journaled else 0.0
        return meeting, down


HANDLERS: HandlerTable = {
    **PROGRESS_HANDLERS,
    **agenda_edits.AGENDA_EDIT_HANDLERS,
    **capture.CAPTURE_HANDLERS,
    **proposal_ops.PROPOSAL_HANDLERS,
}
"""Which function applies which event: one entry per event class (a test checks every class has one)."""
