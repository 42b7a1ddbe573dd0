"""The live meeting: a state machine over an injected clock.

Every change goes through :meth:`Meeting._do`, which stamps it with the
meeting's own time line and hands it to the listener as an :class:`Event`.
Replaying the same events (:meth:`Meeting.replay`) rebuilds the same meeting,
which is how the crash journal brings a meeting back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.capture import CAPTURE_KINDS, CaptureMixin
from meetingtui.domain.clock import Clock, WallClock, local_now, meeting_clock
from meetingtui.domain.live import MINUTE, Event, LiveSegment, LiveStatus, Phase
from meetingtui.domain.minutes import Minutes, Parked, SegmentRecord, SegmentStatus
from meetingtui.domain.proposal_ops import ProposalMixin
from meetingtui.domain.report import whole_seconds

__all__ = ["CAPTURE_KINDS", "MINUTE", "Event", "LiveSegment", "LiveStatus", "Meeting", "Phase"]


class Meeting(CaptureMixin, ProposalMixin):
    """A meeting in progress.

    ``clock`` gives monotonic seconds (suspend included, see :mod:`clock`),
    ``wall`` the local time; tests pass a :class:`~meetingtui.domain.clock.ManualClock`.
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
        listener: Callable[[Event], None] | None = None,
    ) -> None:
        self.agenda = agenda
        self.agenda_name = agenda_name
        self.minutes_id = minutes_id
        self.facilitator = facilitator
        self.listener = listener
        self._clock = clock
        self._wall = wall
        self._offset = 0.0
        self._replaying: Event | None = None
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
        self.parked: list[Parked] = []
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

    def remaining(self) -> float:
        """Seconds left in the current segment; negative once it overruns."""
        segment = self.current
        return 0.0 if segment is None else segment.planned - self.elapsed()

    def phase(self) -> Phase:
        """On time, in the warning band (``warn_at``), or over."""
        segment = self.current
        if segment is None:
            return Phase.ON_TIME
        left = self.remaining()
        if left < 0:
            return Phase.OVERRUN
        if left <= self.agenda.warn_seconds(segment.planned):
            return Phase.WARNING
        return Phase.ON_TIME

    def take_overrun_bell(self) -> bool:
        """True once per segment, the first time it is seen over its time (ring the bell then)."""
        segment = self.current
        if segment is None or segment.bell_rung or self.phase() is not Phase.OVERRUN:
            return False
        segment.bell_rung = True
        return True

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

    def team_actual(self) -> dict[Team, float]:
        """Seconds given to each team so far."""
        totals = {team: 0.0 for team in Team}
        for index, segment in enumerate(self.segments):
            totals[segment.team] += self.elapsed(index)
        return totals

    def team_planned(self) -> dict[Team, int]:
        """Seconds each team has in the plan as it stands (skipped and parked segments left out)."""
        totals = {team: 0 for team in Team}
        for segment in self.segments:
            if segment.status not in (LiveStatus.SKIPPED, LiveStatus.PARKED):
                totals[segment.team] += segment.planned
        return totals

    # -- the event machinery -------------------------------------------------

    def _do(self, op: str, **args: Any) -> None:
        event = Event(op, self.now(), self.wall_now(), args)
        getattr(self, f"_op_{op.replace('-', '_')}")(**args)
        if self.listener is not None and self._replaying is None:
            self.listener(event)

    def apply(self, event: Event) -> None:
        """Apply one journaled event (used by :meth:`replay`)."""
        self._replaying = event
        try:
            getattr(self, f"_op_{event.op.replace('-', '_')}")(**event.args)
        finally:
            self._replaying = None

    def continue_after(self, last: Event, *, count_downtime: bool) -> float:
        """After a replay, continue the time line on this process's clock.

        Returns the seconds the meeting was down. With ``count_downtime`` that
        time counts to whatever was running (the room kept talking).
        """
        down = max(0.0, (self._wall() - last.wall).total_seconds())
        target = last.t + (down if count_downtime else 0.0)
        self._offset = target - self._clock()
        return down

    # -- clock commands ------------------------------------------------------

    def toggle(self) -> None:
        """Start, pause or resume the clock (``space``)."""
        self._do("pause" if self.running else "start")

    def start(self) -> None:
        """Start or resume the clock."""
        if not self.running and self.current is not None:
            self._do("start")

    def pause(self) -> None:
        """Stop the clock; paused time counts to nobody."""
        if self.running:
            self._do("pause")

    def _op_start(self) -> None:
        if self.started_at is None:
            self.started_at = self.wall_now()
        self.running = True
        self._run_from = self.now()

    def _op_pause(self) -> None:
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
        self._do("next")
        return True

    def _op_next(self) -> None:
        self._leave(LiveStatus.DONE)

    def previous(self) -> bool:
        """Go back to the previous segment (``p``); its time continues from where it was."""
        if self.index == 0:
            return False
        self._do("previous")
        return True

    def _op_previous(self) -> None:
        self._fold()
        if self.current is not None:
            self.current.status = LiveStatus.PENDING
        self.index -= 1
        self.segments[self.index].status = LiveStatus.CURRENT

    def skip(self) -> bool:
        """Skip the current segment (``k``); on the last one the agenda is then over."""
        if self.current is None:
            return False
        self._do("skip")
        return True

    def _op_skip(self) -> None:
        self._leave(LiveStatus.SKIPPED)

    def park(self, reason: str | None = None) -> bool:
        """Skip the current segment and offer it to the next meeting of this agenda (``z``)."""
        if self.current is None:
            return False
        self._do("park", reason=reason)
        return True

    def _op_park(self, reason: str | None = None) -> None:
        segment = self.current
        assert segment is not None
        self.parked.append(
            Parked(title=segment.title, team=segment.team, reason=reason, planned_seconds=segment.planned)
        )
        self._leave(LiveStatus.PARKED)

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

    def adjust(self, seconds: int) -> None:
        """Give the current segment more (or less) time (``+``/``-``); never below zero."""
        if self.current is not None:
            self._do("adjust", seconds=seconds)

    def _op_adjust(self, seconds: int) -> None:
        assert self.current is not None
        self.current.planned = max(0, self.current.planned + seconds)
        if self.remaining() >= 0:
            self.current.bell_rung = False

    def move(self, index: int, delta: int) -> bool:
        """Move a pending segment up or down among the pending ones."""
        target = index + delta
        lowest = self.index + 1
        if not (lowest <= index < len(self.segments) and lowest <= target < len(self.segments)):
            return False
        if self.segments[index].status is not LiveStatus.PENDING:
            return False
        self._do("move", index=index, delta=delta)
        return True

    def _op_move(self, index: int, delta: int) -> None:
        segment = self.segments.pop(index)
        self.segments.insert(index + delta, segment)

    def add_segment(self, title: str, team: Team | str, seconds: int, owner: str | None = None) -> int:
        """Add an ad-hoc segment right after the current one; returns its index."""
        self._do("add_segment", title=title, team=Team(team).value, seconds=int(seconds), owner=owner)
        return self.index + 1

    def _op_add_segment(self, title: str, team: str, seconds: int, owner: str | None = None) -> None:
        segment = LiveSegment(title, Team(team), seconds, owner, added=True)
        self.segments.insert(self.index + 1, segment)
        if self.current is None:  # added after the end: it becomes the current segment
            segment.status = LiveStatus.CURRENT

    def heartbeat(self) -> None:
        """Record the time line's position, so a crash loses at most the time since the last beat."""
        self._do("heartbeat")

    def _op_heartbeat(self) -> None:
        pass

    # -- ending -----------------------------------------------------------------

    def end(self) -> None:
        """Stop the clock for good; the current segment counts as done if it was run."""
        if self.ended_at is None:
            self._do("end")

    def _op_end(self) -> None:
        self._fold()
        self.running = False
        self.ended_at = self.wall_now()

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
            segments=[self._record(i) for i in range(len(self.segments))],
            actions=self.actions,
            decisions=self.decisions,
            concerns=self.concerns,
            insights=self.insights,
            parked=self.parked,
            proposals_taken=self.proposals_taken,
            proposals_declined=self.proposals_declined,
            action_updates=list(self.action_updates.values()),
        )

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
        )

    # -- rebuilding -------------------------------------------------------------

    @classmethod
    def replay(
        cls,
        agenda: Agenda,
        agenda_name: str,
        minutes_id: str,
        events: list[Event],
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
