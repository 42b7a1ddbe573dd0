"""Notes: a multi-line editor for the current segment's notes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from meetingtui.domain.events import MeetingEvent, NotesSet
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.terminal_text import visible
from meetingtui.tui.palette import literal
from meetingtui.tui.widgets.view import MeetingView


class NotesEditor(MeetingView, TextArea):
    """Free-text notes; ``escape`` leaves the editor. Changes are reported at most twice a second.

    The editor holds the text being typed: the engine's notes follow it (:class:`Edited`), never the other
    way round while it is open. :class:`~meetingtui.tui.widgets.lower_row.LowerRow` loads it per segment.
    """

    REDRAWS_ON = frozenset({NotesSet})

    BINDINGS = [Binding("escape", "leave", "Leave notes", id="leave-notes", tooltip="Back to the meeting keys")]
    DEBOUNCE = 0.5

    @dataclass
    class Edited(Message):
        """The notes text to store (debounced while typing, and on leaving)."""

        editor: NotesEditor
        segment: int
        text: str

    def __init__(self, meeting: Meeting, **kwargs) -> None:
        super().__init__(meeting, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)
        self._timer = None
        self._loaded = ""
        self.segment = 0

    def on_mount(self) -> None:
        self.border_title = "Notes"

    def load(self, segment: int, text: str, title: str) -> None:
        """Show segment ``segment``'s notes (flushing the ones being edited first)."""
        self.flush()
        self.segment = segment
        self._loaded = text
        self.load_text(text)
        self.move_cursor(self.document.end)  # typing continues the notes, as after a resume
        self.border_title = literal(f"Notes · {title}" if title else "Notes")

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Notes stored from elsewhere (not typed here) for the segment shown: show them, unless typing is pending."""
        pending = self._timer is not None
        if isinstance(event, NotesSet) and event.index == self.segment and not pending and event.text != self.text:
            self._loaded = event.text
            self.load_text(event.text)
            self.move_cursor(self.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        shown = visible(self.text, keep_newlines=True)
        if shown != self.text:  # pasted escape sequences are kept as text people can read, never sent
            self.load_text(shown)
            self.move_cursor(self.document.end)
        if self.text == self._loaded and self._timer is None:
            return  # the echo of load(), not an edit
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE, self.flush)

    def flush(self) -> None:
        """Report the text now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self._loaded = self.text
            self.post_message(self.Edited(self, self.segment, self.text))

    def on_blur(self) -> None:
        self.flush()

    def action_leave(self) -> None:
        self.flush()
        self.screen.set_focus(None)
