"""``?``: every key of the meeting screen, grouped, readable on a projector."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

EXTRA_KEYS = [
    ("tab", "Move between the agenda, the notes and the review list"),
    ("↑ ↓", "Select a segment in the agenda (for [ and ])"),
    ("ctrl+p", "Command palette: every action by name"),
    ("escape", "Leave the notes editor / close a dialog"),
]


class HelpScreen(ModalScreen[None]):
    """Lists the bindings it is given plus the keys every screen shares."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="close-help", tooltip="Close the help")]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", justify="right")
        table.add_column()
        for binding in self.bindings:
            table.add_row(binding.key_display or binding.key, binding.tooltip or binding.description)
        for key, text in EXTRA_KEYS:
            table.add_row(key, text)
        with VerticalScroll(id="help"):
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").border_subtitle = "escape closes"

    def action_close(self) -> None:
        self.dismiss(None)
