"""Yes/no questions that return a bool."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.tui.palette import literal
from meetingtui.tui.screens.screen_styles import load_screen_styles


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
        load_screen_styles(self.app)
        with Vertical(id="dialog"):
            yield Static(literal(self.question), id="confirm-question")
            yield Static(f"{self.yes}    {self.no}", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.title_text

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class RiskyConfirm(ConfirmScreen, inherit_bindings=False):
    """A question whose yes loses something: only ``y`` says yes.

    ``enter`` keeps what there is, because one screen earlier ``enter`` meant
    Save: a facilitator pressing it twice must never throw the minutes away.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="risky-yes", tooltip="Yes, go ahead"),
        Binding("n,escape,enter", "answer(False)", "No", id="risky-no", tooltip="No, keep everything"),
    ]

    def __init__(self, title: str, question: str, yes: str = "y: yes", no: str = "n / enter / escape: no") -> None:
        super().__init__(title, question, yes, no)
