"""Which person a typed name means, when it fits several on the roster: a short list to pick from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from meetingtui.domain.roster import Ambiguous
from meetingtui.domain.terminal_text import visible
from meetingtui.tui.palette import TEAM_LABELS, literal
from meetingtui.tui.screens.screen_styles import load_screen_styles


class PersonChoice(ModalScreen[str | None]):
    """``enter`` takes the highlighted person (their roster name), ``escape`` keeps nobody (the caller asks again)."""

    BINDINGS = [Binding("escape", "close", "Cancel", id="person-choice-cancel", tooltip="Choose nobody")]

    def __init__(self, found: Ambiguous, asked: str = "Owner") -> None:
        super().__init__()
        self.found = found
        self.asked = asked

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        options = [
            Option(
                Text.assemble(visible(member.name) + "  ", (TEAM_LABELS[member.team] if member.team else "", "dim")),
                id=str(index),
            )
            for index, member in enumerate(self.found.candidates)
        ]
        with Vertical(id="dialog"):
            yield Static(literal(f"“{self.found.typed}” fits {len(options)} people — which one?"), id="dialog-intro")
            yield OptionList(*options, id="person-choice")
            yield Static("↑/↓ select · enter choose · escape cancel", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = literal(self.asked)
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.found.candidates[int(event.option.id or 0)].name)

    def action_close(self) -> None:
        self.dismiss(None)
