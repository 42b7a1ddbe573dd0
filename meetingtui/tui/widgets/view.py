"""Views of the meeting: widgets that redraw from the meeting's events and never change the engine.

The meeting screen subscribes to the session's one event stream
(:meth:`~meetingtui.session.MeetingSession.subscribe`) and posts every event,
as a :class:`MeetingChanged` message, to every mounted :class:`MeetingView`.
Each view says which events it redraws on (:attr:`MeetingView.REDRAWS_ON`) and
which it leaves alone (:attr:`MeetingView.IGNORES`); together they must name
every event, so a new event cannot be forgotten by a view (a test checks).
What a person asks for travels the other way, as intent messages to the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.message import Message

from meetingtui.domain.events import (
    WIRE_NAMES,
    ClockPaused,
    ClockStarted,
    MeetingEnded,
    MeetingEvent,
    SegmentAdded,
    SegmentFinished,
    SegmentMoved,
    SegmentParked,
    SegmentSkipped,
    TimeAdjusted,
    WentBack,
)
from meetingtui.domain.meeting import Meeting

ALL_EVENTS: frozenset[type[MeetingEvent]] = frozenset(WIRE_NAMES)
SEGMENT_CHANGES: frozenset[type[MeetingEvent]] = frozenset(
    {SegmentFinished, WentBack, SegmentSkipped, SegmentParked, SegmentAdded, MeetingEnded}
)
"""Events after which the current segment (or the number of segments) may differ."""
AGENDA_CHANGES: frozenset[type[MeetingEvent]] = SEGMENT_CHANGES | {
    ClockStarted,
    ClockPaused,
    TimeAdjusted,
    SegmentMoved,
}
"""Events that change a segment's status, plan or order, or whether time runs."""


@dataclass
class MeetingChanged(Message, bubble=False):
    """The engine applied ``event``; the state after it is ``meeting``'s."""

    event: MeetingEvent
    meeting: Meeting


class MeetingView:
    """A widget that shows part of the meeting; mix into a Textual widget."""

    REDRAWS_ON: ClassVar[frozenset[type[MeetingEvent]]] = frozenset()
    """The events after which this view redraws."""
    IGNORES: ClassVar[frozenset[type[MeetingEvent]]] = frozenset()
    """The events that cannot change what this view shows (every other event must be in ``REDRAWS_ON``)."""

    def on_meeting_changed(self, message: MeetingChanged) -> None:
        if type(message.event) in self.REDRAWS_ON:
            self.show_meeting(message.meeting, message.event)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Redraw from ``meeting`` (``event`` is ``None`` for the first drawing)."""
        raise NotImplementedError
