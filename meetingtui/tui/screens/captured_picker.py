"""Captured items in a dialog, for when the Captured panel is hidden (a review segment on a small screen)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.domain.events import CaptureKind
from meetingtui.domain.meeting import Meeting
from meetingtui.tui.screens.screen_styles import load_screen_styles
from meetingtui.tui.widgets.captured import CapturedLog, DeleteCaptured, EditCaptured

Choice = tuple[type[EditCaptured] | type[DeleteCaptured], CaptureKind, int]


class CapturedPicker(ModalScreen[Choice | None]):
    """The Captured list itself: ``enter`` edits, ``del`` deletes (the meeting screen does it), ``escape`` closes."""

    BINDINGS = [Binding("escape", "close", "Close", id="picker-close", tooltip="Close without changing anything")]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with Vertical(id="dialog"):
            yield CapturedLog(self.meeting, id="captured-picker")
            yield Static("↑/↓ select · enter edit · del delete · escape close", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Edit a captured item"
        self.query_one(CapturedLog).focus()

    def on_edit_captured(self, message: EditCaptured) -> None:
        message.stop()
        self.dismiss((EditCaptured, message.kind, message.index))

    def on_delete_captured(self, message: DeleteCaptured) -> None:
        message.stop()
        self.dismiss((DeleteCaptured, message.kind, message.index))

    def action_close(self) -> None:
        self.dismiss(None)
