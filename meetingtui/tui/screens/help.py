"""``?``: every key of the meeting screen, grouped, readable on a projector."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.tui.screens.screen_styles import load_screen_styles

EXTRA_KEYS = [
    ("tab", "Move between the agenda, the notes and the review list"),
    ("↑ ↓", "Select a segment in the agenda (for [ and ])"),
    ("ctrl+p", "Command palette: every action by name"),
    ("escape", "Close a dialog"),
]

HelpSection = tuple[str, Sequence[Binding | tuple[str, str]]]
"""A heading and its keys: bindings, or (key, what it does) pairs."""


def meeting_help(app: App) -> list[HelpSection]:
    """Every key of the meeting: the screen's, the review list's, the notes editor's and the app's."""
    # on use: the help lists the panels' keys only when it is opened
    from meetingtui.tui.keys import MEETING_BINDINGS
    from meetingtui.tui.widgets.captured import CapturedLog
    from meetingtui.tui.widgets.notes import NotesEditor
    from meetingtui.tui.widgets.review import ReviewPanel

    def described(bindings) -> list[Binding]:
        return [b for b in bindings if isinstance(b, Binding) and b.tooltip and b.key != "ctrl+c"]

    return [
        ("The meeting", described(MEETING_BINDINGS)),
        ("In the review segment's list", described(ReviewPanel.BINDINGS)),
        ("In the Captured list (tab)", described(CapturedLog.BINDINGS)),
        ("In the notes editor", described(NotesEditor.BINDINGS)),
        ("Anywhere", [*described(app.BINDINGS), *EXTRA_KEYS]),
    ]


class HelpScreen(ModalScreen[None]):
    """Lists keys by section."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="close-help", tooltip="Close the help")]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", justify="right")
        table.add_column()
        for number, (heading, keys) in enumerate(self.sections):
            if number:
                table.add_row("", "")
            table.add_row("", Text(heading, style="bold underline"))
            for key in keys:
                if isinstance(key, Binding):
                    table.add_row(key.key_display or key.key, key.tooltip or key.description)
                else:
                    table.add_row(*key)
        with VerticalScroll(id="help"):
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").border_subtitle = "escape closes"

    def action_close(self) -> None:
        self.dismiss(None)
