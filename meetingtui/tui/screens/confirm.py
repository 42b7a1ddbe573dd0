"""A yes/no question that returns a bool."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.tui.palette import literal


class ConfirmScreen(ModalScreen[bool]):
    """``y``/``enter`` answers yes, ``n``/``escape`` no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="yes", tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", id="no", tooltip="No"),
    ]

    def __init__(self, title: str, question: str, yes: str = "y / enter: yes", no: str = "n / escape: no") -> None:
        super().__init__()
        self.title_text, self.question, self.yes, self.no = title, question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.question), id="confirm-question")
            yield Static(f"{self.yes}    {self.no}", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.title_text

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
