"""Views of the meeting: widgets that redraw from the meeting's state and never change the engine.

The meeting screen subscribes to the session's one event stream
(:meth:`~meetingtui.session.MeetingSession.subscribe`; the engine runs on the UI
thread only), posts every event to itself as a :class:`MeetingChanged` message
and hands that message to every mounted :class:`MeetingView` in one go, so a
frame never shows some views before and some after an event. Each view says
after which events it redraws (:attr:`MeetingView.REDRAWS_ON`) and then draws
what it shows from the meeting's state (the event says at most how, e.g. whether
to move the focus): a freshly drawn view equals the live one (tests/tui/test_views.py).
What a person asks for travels the other way, as intent messages to the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.message import Message

from meetingtui.domain.events import AGENDA_CHANGES, ALL_EVENTS, SEGMENT_CHANGES, MeetingEvent
from meetingtui.domain.meeting import Meeting

__all__ = ["AGENDA_CHANGES", "ALL_EVENTS", "SEGMENT_CHANGES", "MeetingChanged", "MeetingView"]


@dataclass
class MeetingChanged(Message, bubble=False):
    """The engine applied ``event``; the state after it is ``meeting``'s."""

    event: MeetingEvent
    meeting: Meeting


class MeetingView:
    """A widget that shows part of the meeting; mix into a Textual widget (before it, for ``__init__``)."""

    REDRAWS_ON: ClassVar[frozenset[type[MeetingEvent]]] = frozenset()
    """The events after which this view redraws (any other event cannot change what it shows)."""

    def __init__(self, meeting: Meeting, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def on_meeting_changed(self, message: MeetingChanged) -> None:
        """Redraw if ``message``'s event is one this view shows (the screen calls this for every event)."""
        if type(message.event) in self.REDRAWS_ON:
            self.show_meeting(message.meeting, message.event)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Redraw from ``meeting`` (``event`` is ``None`` for the first drawing)."""
        raise NotImplementedError
