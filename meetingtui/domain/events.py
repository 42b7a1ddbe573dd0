"""Everything that can happen to a meeting, as typed, frozen events.

The engine (:class:`~meetingtui.domain.meeting.Meeting`) changes its state only
by applying these; the crash journal stores them, replay applies them again,
and the screen's views redraw from them. Each class has a stable *wire name*
(:data:`WIRE_NAMES`): the journal stores that, never a Python name, so renaming
a class or a method cannot break a journal already on someone's disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from meetingtui.domain.agenda import Team
from meetingtui.domain.lean import frozen
from meetingtui.domain.minutes import ActionItem, ActionUpdate, Attendee, Concern, Decision, Insight

EVENT_SCHEMA = 2
"""The journal's record format: 1 had ``op`` strings and free ``args``; 2 has these events by wire name."""


class CaptureKind(StrEnum):
    """What the room can capture; the value is the minutes' list (``[[actions]]`` …)."""

    ACTIONS = "actions"
    DECISIONS = "decisions"
    CONCERNS = "concerns"
    INSIGHTS = "insights"

    @property
    def model(self) -> type[CapturedItem]:
        """The minutes model of an item of this kind."""
        return _MODELS[self]

    def items_of(self, holder: HasCaptures) -> list[Any]:
        """This kind's list in a meeting or in minutes (both keep one list per kind)."""
        if self is CaptureKind.ACTIONS:
            return holder.actions
        if self is CaptureKind.DECISIONS:
            return holder.decisions
        if self is CaptureKind.CONCERNS:
            return holder.concerns
        return holder.insights

    @property
    def label(self) -> str:
        """``action``, ``decision`` … (one item, for people)."""
        return self.value[:-1]


class HasCaptures(Protocol):
    """A meeting's state or its minutes: one list per capture kind."""

    actions: list[ActionItem]
    decisions: list[Decision]
    concerns: list[Concern]
    insights: list[Insight]


CapturedItem = ActionItem | Decision | Concern | Insight
_MODELS: dict[CaptureKind, type[CapturedItem]] = {
    CaptureKind.ACTIONS: ActionItem,
    CaptureKind.DECISIONS: Decision,
    CaptureKind.CONCERNS: Concern,
    CaptureKind.INSIGHTS: Insight,
}


def event(cls: type[E]) -> type[E]:
    """An event class: an immutable, keyword-only dataclass whose methods are shared (:mod:`.lean`), not generated
    for each of the two dozen classes (that took ~8 ms before the first frame)."""
    return frozen(cls, kw_only=True)


@frozen(kw_only=True)
class MeetingEvent:
    """One change to a meeting, stamped with the meeting's time line (``t``) and the local time (``wall``).

    Commands build an event unstamped; the engine stamps it when it applies it.
    """

    t: float = 0.0
    wall: dt.datetime | None = None

    @property
    def wire_name(self) -> str:
        """The name the journal stores."""
        return WIRE_NAMES[type(self)]


# -- the clock ---------------------------------------------------------------------------


@event
class ClockStarted(MeetingEvent):
    """The clock starts (or resumes)."""


@event
class ClockPaused(MeetingEvent):
    """The clock stops; paused time counts to nobody."""


@event
class Heartbeat(MeetingEvent):
    """The time line's position, so a crash loses at most the time since the last beat."""


@event
class MeetingEnded(MeetingEvent):
    """The clock stops for good; the minutes end ``at`` (when ``q`` was pressed), else when this was stamped."""

    at: dt.datetime | None = None


# -- the agenda ----------------------------------------------------------------------------


@event
class SegmentFinished(MeetingEvent):
    """The current segment is done; the next pending one starts."""


@event
class WentBack(MeetingEvent):
    """Back to the previous segment; its time continues."""


@event
class SegmentSkipped(MeetingEvent):
    """The current segment is skipped."""


@event
class SegmentParked(MeetingEvent):
    """The current segment is skipped and offered to the next meeting of this agenda."""

    reason: str | None = None


@event
class ParkedTopicTaken(MeetingEvent):
    """A topic an earlier meeting parked, taken into this one (after the current segment, unless already there)."""

    title: str
    team: Team
    seconds: int
    parked_from: str | None = None
    """The minutes id of the meeting that parked it."""


@event
class TimeAdjusted(MeetingEvent):
    """The current segment gets more (or less) time."""

    seconds: int


@event
class SegmentMoved(MeetingEvent):
    """A pending segment moves up (``delta`` < 0) or down."""

    index: int
    delta: int


@event
class SegmentAdded(MeetingEvent):
    """An ad-hoc segment right after the current one."""

    title: str
    team: Team
    seconds: int
    owner: str | None = None


@event
class MinutesRenumbered(MeetingEvent):
    """Journals of earlier releases only: the meeting took another id (its actions followed).

    Ids are permanent now (:mod:`~meetingtui.domain.ids`): nothing emits this event any more, but a
    journal written before may hold it and replays as it did.
    """

    minutes_id: str


# -- what the room captures ---------------------------------------------------------------------


@event
class NotesSet(MeetingEvent):
    """A segment's notes, replaced."""

    index: int
    text: str


@event
class AttendanceSet(MeetingEvent):
    """Who is on the roster, and who is present."""

    attendees: tuple[Attendee, ...]


@event
class PersonAdded(MeetingEvent):
    """Someone the roster lacked, added during the meeting (with their team): for ``people.toml``, at the save."""

    name: str
    team: Team


@event
class ItemCaptured(MeetingEvent):
    """An action, decision, concern or insight, captured."""

    kind: CaptureKind
    item: CapturedItem


@event
class ItemEdited(MeetingEvent):
    """A captured item, changed (e.g. an owner added in the summary)."""

    kind: CaptureKind
    index: int
    item: CapturedItem


@event
class ItemRemoved(MeetingEvent):
    """A captured item, deleted (a mistake); action ids are never reused."""

    kind: CaptureKind
    index: int


@event
class ItemRestored(MeetingEvent):
    """The last deleted item, back (``ctrl+z``): at ``place`` in the order taken (kinds mixed), its id kept."""

    kind: CaptureKind
    place: int
    item: CapturedItem


@event
class ActionReviewed(MeetingEvent):
    """An action from earlier minutes marked done, dropped or re-assigned."""

    update: ActionUpdate


@event
class ReviewCleared(MeetingEvent):
    """A review mark forgotten ("still open" after all)."""

    action_id: str


# -- proposals ----------------------------------------------------------------------------------


@event
class ProposalTakenUp(MeetingEvent):
    """A proposal put on the agenda as a segment before the open floor."""

    id: str
    title: str
    team: Team
    seconds: int
    owner: str | None = None
    proposed_by: str | None = None
    note: str | None = None
    """The proposal's note, shown with the segment's prompts while it runs."""


@event
class ProposalTurnedDown(MeetingEvent):
    """A proposal this meeting will not take up, and why."""

    id: str
    title: str
    reason: str | None = None


WIRE_NAMES: dict[type[MeetingEvent], str] = {
    ClockStarted: "clock.started",
    ClockPaused: "clock.paused",
    Heartbeat: "clock.heartbeat",
    MeetingEnded: "meeting.ended",
    MinutesRenumbered: "meeting.renumbered",
    SegmentFinished: "segment.finished",
    WentBack: "segment.went-back",
    SegmentSkipped: "segment.skipped",
    SegmentParked: "segment.parked",
    ParkedTopicTaken: "parked.taken",
    TimeAdjusted: "segment.time-adjusted",
    SegmentMoved: "segment.moved",
    SegmentAdded: "segment.added",
    NotesSet: "notes.set",
    AttendanceSet: "attendance.set",
    PersonAdded: "person.added",
    ItemCaptured: "item.captured",
    ItemEdited: "item.edited",
    ItemRemoved: "item.removed",
    ItemRestored: "item.restored",
    ActionReviewed: "review.marked",
    ReviewCleared: "review.cleared",
    ProposalTakenUp: "proposal.taken",
    ProposalTurnedDown: "proposal.declined",
}
"""The registry: every event class and its stable name on disk. Never change a name; add new ones."""
EVENT_TYPES: dict[str, type[MeetingEvent]] = {name: cls for cls, name in WIRE_NAMES.items()}
ALL_EVENTS: frozenset[type[MeetingEvent]] = frozenset(WIRE_NAMES)
SEGMENT_CHANGES: frozenset[type[MeetingEvent]] = frozenset(
    {
        SegmentFinished,
        WentBack,
        SegmentSkipped,
        SegmentParked,
        SegmentAdded,
        ParkedTopicTaken,
        ProposalTakenUp,
        MeetingEnded,
    }
)
"""Events after which the current segment (or the number of segments) may differ."""
AGENDA_CHANGES: frozenset[type[MeetingEvent]] = SEGMENT_CHANGES | {
    ClockStarted,
    ClockPaused,
    TimeAdjusted,
    SegmentMoved,
}
"""Events that change a segment's status, plan or order, or whether time runs."""


E = TypeVar("E", bound=MeetingEvent)


def stamp(event: E, t: float, wall: dt.datetime) -> E:
    """``event`` at time ``t`` / ``wall``."""
    return dataclasses.replace(event, t=t, wall=wall)
