"""The suite's typing (tests/pilot_typing.py) lands what Textual's key-by-key pilot lands, in the same places."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from tests import pilot_typing

TEXT = "José: 5% off! #1 "


class Ask(ModalScreen[str]):
    def compose(self) -> ComposeResult:
        yield Input(id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class Typist(App[None]):
    BINDINGS = [Binding("a", "ask", "Ask")]

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []
        self.asked = 0

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield TextArea(id="notes")

    def action_ask(self) -> None:
        self.asked += 1
        self.push_screen(Ask(), self.answers.append)


async def typed_by(press) -> tuple[str, str, list[str], int]:
    app = Typist()
    async with app.run_test() as pilot:
        await press(pilot, *TEXT, "tab", *TEXT, "enter", *"x y")
        app.set_focus(None)
        await press(pilot, "a", *TEXT, "enter")  # "a" is the app's key while no field has the focus
        first = app.query_one("#first", Input).value
        notes = app.query_one("#notes", TextArea).text
        return first, notes, app.answers, app.asked


async def test_typing_lands_what_key_by_key_typing_lands() -> None:
    batched = await typed_by(pilot_typing.press)
    one_by_one = await typed_by(pilot_typing._textual_press)
    assert batched == one_by_one
    assert batched == (TEXT, f"{TEXT}\nx y", [TEXT], 1)


async def test_a_key_that_opens_a_dialog_is_handled_before_the_characters_after_it() -> None:
    app = Typist()
    async with app.run_test() as pilot:
        app.set_focus(None)
        await pilot_typing.press(pilot, "a", *"abc")  # without the wait after "a", "abc" would ask three more times
        assert app.asked == 1
        assert app.screen.query_one("#answer", Input).value == "abc"
