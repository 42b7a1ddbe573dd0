"""The running meeting's state: one plain dataclass, and the typed tables of functions that change it.

:class:`~meetingtui.domain.meeting.Meeting` owns one :class:`MeetingState` and
changes it only by applying events. Each part of the engine is a module of plain
functions over this state: *handlers* ``(state, event) -> None`` that apply one
event class (:mod:`progress`, :mod:`agenda_edits`, :mod:`capture`,
:mod:`proposal_ops`), *deciders* ``(state, …) -> event | None`` that check a
command applies and build its event, and *queries* that read it
(:mod:`schedule`, :func:`~meetingtui.domain.capture.captured`, …). A handler
takes its time from the event (``event.t``, ``event.wall``), never from a clock,
so applying the journal again rebuilds the same state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field
from typing import Any, Generic, Protocol, TypeVar, overload

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.events import CapturedItem, CaptureKind, MeetingEvent
from meetingtui.domain.lean import mutable
from meetingtui.domain.live import LiveSegment, LiveStatus
from meetingtui.domain.minutes import (
    ActionItem,
    ActionUpdate,
    Attendee,
    Concern,
    Decision,
    Insight,
    ProposalDeclined,
    ProposalTaken,
)


@mutable
class MeetingState:
    """Everything a meeting's events have made of its agenda: what a replay of its journal rebuilds."""

    agenda: Agenda
    agenda_name: str
    minutes_id: str
    facilitator: str | None
    segments: list[LiveSegment]
    slot: int
    """The booked length in seconds."""
    index: int = 0
    """The current segment's place; ``len(segments)`` once every segment is over."""
    running: bool = False
    run_from: float = 0.0
    """Where on the meeting's time line the running interval began (while ``running``)."""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    attendees: list[Attendee] = field(default_factory=list)
    newcomers: list[tuple[str, Team]] = field(default_factory=list)
    """(name, team) of each person added during the meeting, for ``people.toml`` at the save."""
    actions: list[ActionItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    concerns: list[Concern] = field(default_factory=list)
    insights: list[Insight] = field(default_factory=list)
    taken: list[CaptureKind] = field(default_factory=list)
    """The kind of every item still captured, in the order taken: the order across kinds."""
    deleted: list[tuple[CaptureKind, int, CapturedItem]] = field(default_factory=list)
    """(kind, place in :attr:`taken`, item) of each delete not undone, the last one last (``ctrl+z``)."""
    actions_numbered: int = 0
    """Actions ever captured (a removed one's number is never given again)."""
    action_updates: dict[str, ActionUpdate] = field(default_factory=dict)
    proposals_taken: list[ProposalTaken] = field(default_factory=list)
    proposals_declined: list[ProposalDeclined] = field(default_factory=list)

    @classmethod
    def opening(cls, agenda: Agenda, agenda_name: str, minutes_id: str, facilitator: str | None) -> MeetingState:
        """A meeting about to begin: the agenda's segments, the first one current, nothing captured."""
        segments = [LiveSegment(s.title, s.team, s.duration, s.owner, s.kind, list(s.prompts)) for s in agenda.segments]
        segments[0].status = LiveStatus.CURRENT
        return cls(agenda, agenda_name, minutes_id, facilitator, segments, slot=agenda.slot_seconds)

    @property
    def current(self) -> LiveSegment | None:
        """The segment being run, or ``None`` once the meeting has ended."""
        return self.segments[self.index] if self.index < len(self.segments) else None

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def is_last(self) -> bool:
        """True on the last segment that is still to be run."""
        return not any(s.status is LiveStatus.PENDING for s in self.segments[self.index + 1 :])


def elapsed(state: MeetingState, now: float, index: int | None = None) -> float:
    """Seconds spent on a segment at time ``now``, pauses excluded (the current one by default)."""
    index = state.index if index is None else index
    segment = state.segments[index]
    if state.running and index == state.index:
        return segment.elapsed + max(0.0, now - state.run_from)
    return segment.elapsed


E = TypeVar("E", bound=MeetingEvent)
Handler = Callable[[MeetingState, Any], None]
"""Applies one event class to the state (the table keys each by its class; :func:`handles` checks they match)."""
HandlerTable = dict[type[MeetingEvent], Handler]


def handles(cls: type[E], apply: Callable[[MeetingState, E], None]) -> tuple[type[MeetingEvent], Handler]:
    """One entry of a handler table: ``apply`` takes events of ``cls`` (a type checker holds them together)."""
    return cls, apply


T = TypeVar("T")


class StateField(Generic[T]):
    """A read-only attribute of the engine that is the same-named attribute of its :class:`MeetingState`.

    The name is checked when the engine's class is built: a field renamed in the state fails at import, not later.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        if name not in MeetingState.__dataclass_fields__ and not isinstance(vars(MeetingState).get(name), property):
            raise TypeError(f"{owner.__name__}.{name}: MeetingState has no attribute {name!r}")
        self._name = name

    @overload
    def __get__(self, engine: None, owner: type) -> StateField[T]: ...

    @overload
    def __get__(self, engine: HasState, owner: type) -> T: ...

    def __get__(self, engine: HasState | None, owner: type) -> T | StateField[T]:
        if engine is None:
            return self
        return getattr(engine.state, self._name)  # type: ignore[no-any-return]

    def __set__(self, engine: HasState, value: T) -> None:
        raise AttributeError(f"{self._name} is read-only: the meeting's state changes by events only")


class HasState(Protocol):
    """What a :class:`StateField` reads through: an object with a ``state``."""

    state: MeetingState
