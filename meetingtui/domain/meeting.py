"""The live meeting: a state machine over an injected clock.

A command checks that it applies, then emits a typed event
(:mod:`~meetingtui.domain.events`). :meth:`Meeting._emit` does four things, in
this order: it stamps the event with the meeting's own time line, hands it to
the write-ahead hook :attr:`Meeting.record` (the session sets the crash
journal's fsynced append there), applies it (:meth:`Meeting.apply`, the only way
the state changes), and then tells every subscriber (the screen, the follower
page). If ``record`` raises, nothing else happens: the state is as before, no
subscriber hears of it, the exception reaches the caller, and the same command
can simply be given again.

The engine has no lock: it is driven from one thread, the UI's. Workers never
call it; they get values the engine does not share (a copy of the
:class:`~meetingtui.domain.minutes.Minutes`) and report back with messages.

Replaying the same events (:meth:`Meeting.replay`) rebuilds the same meeting,
which is how the crash journal brings a meeting back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.agenda_edits import AGENDA_EDIT_HANDLERS, AgendaEditMixin
from meetingtui.domain.capture import CAPTURE_HANDLERS, CaptureMixin
from meetingtui.domain.clock import Clock, WallClock, local_now, meeting_clock
from meetingtui.domain.events import (
    CaptureKind,
    ClockPaused,
    ClockStarted,
    Heartbeat,
    MeetingEnded,
    MeetingEvent,
    MinutesRenumbered,
    SegmentFinished,
    SegmentSkipped,
    WentBack,
    stamp,
)
from meetingtui.domain.live import MINUTE, LiveSegment, LiveStatus, Phase
from meetingtui.domain.minutes import Minutes, SegmentRecord, SegmentStatus
from meetingtui.domain.proposal_ops import PROPOSAL_HANDLERS, ProposalMixin
from meetingtui.domain.report import whole_seconds
from meetingtui.domain.schedule import ScheduleMixin

__all__ = ["MINUTE", "CaptureKind", "LiveSegment", "LiveStatus", "Meeting", "MeetingEvent", "Phase"]


class Meeting(AgendaEditMixin, CaptureMixin, ProposalMixin, ScheduleMixin):
    """A meeting in progress.

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
        self.agenda = agenda
        self.agenda_name = agenda_name
        self.minutes_id = minutes_id
        self.facilitator = facilitator
        self.record = record
        """The write-ahead hook: makes a stamped event durable before it is applied, or raises (then it is not)."""
        self._listeners: list[Callable[[MeetingEvent], None]] = []
        self._clock = clock
        self._wall = wall
        self._offset = 0.0
        self._replaying: MeetingEvent | None = None
        self.segments = [
            LiveSegment(s.title, s.team, s.duration, s.owner, s.kind, list(s.prompts)) for s in agenda.segments
        ]
        self.segments[0].status = LiveStatus.CURRENT
        self.index = 0
        self.running = False
        self._run_from = 0.0
        self.started_at: dt.datetime | None = None
        self.ended_at: dt.datetime | None = None
        self.slot = agenda.slot_seconds
        self._init_capture()
        self._init_proposals()

    # -- time ---------------------------------------------------------------

    def now(self) -> float:
        """The meeting's time line: the clock, continued across a resume."""
        if self._replaying is not None:
            return self._replaying.t
        return self._clock() + self._offset

    def wall_now(self) -> dt.datetime:
        """Local time (the event's time while replaying)."""
        if self._replaying is not None:
            assert self._replaying.wall is not None
            return self._replaying.wall
        return self._wall()

    @property
    def current(self) -> LiveSegment | None:
        """The segment being run, or ``None`` once the meeting has ended."""
        return self.segments[self.index] if self.index < len(self.segments) else None

    @property
    def started(self) -> bool:
        return self.started_at is not None

    def elapsed(self, index: int | None = None) -> float:
        """Seconds spent on a segment, pauses excluded (the current one by default)."""
        index = self.index if index is None else index
        segment = self.segments[index]
        if self.running and index == self.index:
            return segment.elapsed + max(0.0, self.now() - self._run_from)
        return segment.elapsed

    # -- the event machinery -------------------------------------------------

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
        self._replaying = event
        try:
            _HANDLERS[type(event)](self, event)
        finally:
            self._replaying = None

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

    # -- clock commands ------------------------------------------------------

    def toggle(self) -> None:
        """Start, pause or resume the clock (``space``); nothing once every segment is over."""
        if self.running:
            self.pause()
        else:
            self.start()

    def start(self) -> None:
        """Start or resume the clock."""
        if not self.running and self.current is not None:
            self._emit(ClockStarted())

    def pause(self) -> None:
        """Stop the clock; paused time counts to nobody."""
        if self.running:
            self._emit(ClockPaused())

    def _on_started(self, _: ClockStarted) -> None:
        if self.started_at is None:
            self.started_at = self.wall_now()
        self.running = True
        self._run_from = self.now()

    def _on_paused(self, _: ClockPaused) -> None:
        self._fold()
        self.running = False

    def _fold(self) -> None:
        """Move the running interval into the current segment's elapsed time."""
        if self.running and self.current is not None:
            now = self.now()
            self.current.elapsed += max(0.0, now - self._run_from)
            self._run_from = now

    # -- moving through the agenda --------------------------------------------

    @property
    def is_last(self) -> bool:
        """True on the last segment that is still to be run."""
        return not any(s.status is LiveStatus.PENDING for s in self.segments[self.index + 1 :])

    def next(self) -> bool:
        """Finish the current segment and start the next (``n``); False on the last one."""
        if self.current is None or self.is_last:
            return False
        self._emit(SegmentFinished())
        return True

    def previous(self) -> bool:
        """Go back to the previous segment (``p``); its time continues from where it was."""
        if self.index == 0:
            return False
        self._emit(WentBack())
        return True

    def _on_went_back(self, _: WentBack) -> None:
        self._fold()
        if self.current is not None:
            self.current.status = LiveStatus.PENDING
        self.index -= 1
        self.segments[self.index].status = LiveStatus.CURRENT

    def skip(self) -> bool:
        """Skip the current segment (``k``); on the last one the agenda is then over."""
        if self.current is None:
            return False
        self._emit(SegmentSkipped())
        return True

    def _leave(self, status: LiveStatus) -> None:
        self._fold()
        assert self.current is not None
        self.current.status = status
        after = range(self.index + 1, len(self.segments))
        self.index = next((i for i in after if self.segments[i].status is LiveStatus.PENDING), len(self.segments))
        if self.current is not None:
            self.current.status = LiveStatus.CURRENT
        elif self.running:
            self.running = False

    def heartbeat(self) -> None:
        """Record the time line's position, so a crash loses at most the time since the last beat."""
        self._emit(Heartbeat())

    def _on_renumbered(self, event: MinutesRenumbered) -> None:
        old, self.minutes_id = self.minutes_id, event.minutes_id
        self.actions = [a.model_copy(update={"id": a.id.replace(old, event.minutes_id, 1)}) for a in self.actions]

    # -- ending -----------------------------------------------------------------

    def end(self, at: dt.datetime | None = None) -> None:
        """Stop the clock for good; the current segment counts as done if it was run.

        ``at``: when the facilitator asked to end (``q``), which the minutes keep as ``ended_at`` however long
        the summary was read before saving; ``None``: now.
        """
        if self.ended_at is None:
            self._emit(MeetingEnded(at=at))

    def _on_ended(self, event: MeetingEnded) -> None:
        self._fold()
        self.running = False
        self.ended_at = event.at or self.wall_now()

    def to_minutes(self) -> Minutes:
        """The minutes of this meeting as it stands (end it first for final minutes)."""
        now = self.wall_now()
        started = self.started_at or now
        ended = self.ended_at or now
        return Minutes(
            id=self.minutes_id,
            title=self.agenda.title,
            agenda=self.agenda_name,
            date=started.date(),
            started_at=started.replace(microsecond=0),
            ended_at=max(ended, started).replace(microsecond=0),
            facilitator=self.facilitator,
            attendees=self.attendees,
            segments=self.segment_records(),
            actions=self.actions,
            decisions=self.decisions,
            concerns=self.concerns,
            insights=self.insights,
            parked=self.parked,
            proposals_taken=self.proposals_taken,
            proposals_declined=self.proposals_declined,
            action_updates=list(self.action_updates.values()),
        )

    def segment_records(self) -> list[SegmentRecord]:
        """The minutes' ``[[segments]]`` as they stand: what :meth:`to_minutes` writes, without the rest."""
        return [self._record(i) for i in range(len(self.segments))]

    def _record(self, index: int) -> SegmentRecord:
        segment = self.segments[index]
        elapsed = whole_seconds(self.elapsed(index))  # the one rounding of a segment's time (domain/report.py)
        if segment.status is LiveStatus.DONE or (segment.status is LiveStatus.CURRENT and elapsed > 0):
            status = SegmentStatus.DONE
        elif segment.status is LiveStatus.SKIPPED:
            status = SegmentStatus.SKIPPED
        elif segment.status is LiveStatus.PARKED:
            status = SegmentStatus.PARKED
        else:
            status = SegmentStatus.NOT_REACHED
        return SegmentRecord(
            title=segment.title,
            team=segment.team,
            owner=segment.owner,
            planned_seconds=segment.planned,
            actual_seconds=elapsed,
            status=status,
            notes=segment.notes,
            proposed_by=segment.proposed_by,
            parked_from=segment.parked_from,
        )

    # -- rebuilding -------------------------------------------------------------

    @classmethod
    def replay(
        cls,
        agenda: Agenda,
        agenda_name: str,
        minutes_id: str,
        events: list[MeetingEvent],
        *,
        facilitator: str | None = None,
        clock: Clock = meeting_clock,
        wall: WallClock = local_now,
        count_downtime: bool = True,
    ) -> tuple[Meeting, float]:
        """Rebuild a meeting from its journaled events; returns it and the seconds it was down."""
        meeting = cls(agenda, agenda_name, minutes_id, facilitator=facilitator, clock=clock, wall=wall)
        for event in events:
            meeting.apply(event)
        down = meeting.continue_after(events[-1], count_downtime=count_downtime) if events else 0.0
        return meeting, down


_HANDLERS: dict[type[MeetingEvent], Callable[[Meeting, Any], None]] = {
    ClockStarted: Meeting._on_started,
    ClockPaused: Meeting._on_paused,
    Heartbeat: lambda meeting, event: None,
    MeetingEnded: Meeting._on_ended,
    MinutesRenumbered: Meeting._on_renumbered,
    SegmentFinished: lambda meeting, event: meeting._leave(LiveStatus.DONE),
    WentBack: Meeting._on_went_back,
    SegmentSkipped: lambda meeting, event: meeting._leave(LiveStatus.SKIPPED),
    **AGENDA_EDIT_HANDLERS,
    **CAPTURE_HANDLERS,
    **PROPOSAL_HANDLERS,
}
"""Which method applies which event: one entry per event class (a test checks every class has one)."""
