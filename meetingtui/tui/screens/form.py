"""The one form dialog (capture, add a segment or a person, re-assign, name a template).

``tab`` moves on (taking a suggestion first), ``enter`` saves, ``escape`` cancels.
A :class:`FormDialog` ``[T]`` returns what its builder makes of the typed strings:
a typed command object (:mod:`meetingtui.domain.entries`), never a loose dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from meetingtui.domain.terminal_text import control_problem
from meetingtui.tui.palette import literal
from meetingtui.tui.screens.screen_styles import load_screen_styles

TEAM_WORDS = ("sales", "marketing", "joint")


@dataclass(frozen=True)
class FieldSpec:
    """One input of a dialog, named for what it holds (the builder reads it by that name)."""

    name: str
    label: str
    placeholder: str = ""
    suggestions: tuple[str, ...] = ()
    required: bool = False
    """Shown with a star; the dialog refuses to save while it is blank."""
    completes_names: bool = False
    """Suggests the names of people (attendees, then the roster) rather than ``suggestions``."""


@dataclass(frozen=True)
class Form:
    """What a dialog asks: its title and its inputs."""

    title: str
    fields: tuple[FieldSpec, ...]


class CompletingInput(Input):
    """An input whose grey suggestion ``tab`` takes before it moves on (:meth:`FormDialog.action_next_field`)."""

    def accept_suggestion(self) -> None:
        if self.cursor_at_end:
            self.action_cursor_right()  # at the end of the text this takes the suggestion


T = TypeVar("T")
Builder = Callable[[dict[str, str]], T]
"""Turns the typed strings (by field name) into what the dialog returns, or raises ValueError with a message for
the person."""


class FormDialog(ModalScreen[T | None], Generic[T]):
    """A small form: ``enter`` returns ``build(values)`` (a ValueError is shown instead), ``escape`` cancels (None).

    A required field left blank, or text holding a control character, is refused here, before ``build``.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without saving"),
        # Priority: the app runs them as each key comes, before it hands the next keys to a field. A field's own
        # binding ran only when that field reached the key, after the keys behind it in one read of the terminal
        # ("Dana<Tab>marketing" from tmux, a paste of keystrokes) had been queued to it: all went in one field.
        Binding("tab", "next_field", "Next field", show=False, priority=True, id="next-field"),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        form: Form,
        build: Builder[T],
        *,
        names: list[str] | None = None,
        values: dict[str, str] | None = None,
        title: str | None = None,
        intro: str | None = None,
        focus: str | None = None,
    ) -> None:
        """``intro`` is a line of context above the fields (user text: shown literally);
        ``focus`` names the field that takes the cursor (default: the first)."""
        super().__init__()
        self.form = form
        self.build = build
        self.names = names or []
        self.values = values or {}
        self.dialog_title = title or form.title
        self.intro = intro
        self.focus_field = focus or form.fields[0].name

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with Vertical(id="dialog"):
            yield Static(self.dialog_title, id="dialog-title")
            if self.intro:
                yield Static(literal(self.intro), id="dialog-intro")
            for spec in self.form.fields:
                suggestions = self.names if spec.completes_names else list(spec.suggestions)
                yield Label(spec.label + (" *" if spec.required else ""), classes="field-label")
                yield CompletingInput(
                    self.values.get(spec.name, ""),
                    placeholder=spec.placeholder,
                    id=f"field-{spec.name}",
                    compact=True,
                    suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
                )
            yield Label("", id="dialog-error")
            fields = " · tab next field" if len(self.form.fields) > 1 else ""
            yield Static(f"enter save{fields} · escape cancel", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.dialog_title
        self.query_one(f"#field-{self.focus_field}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = {spec.name: self.query_one(f"#field-{spec.name}", Input).value for spec in self.form.fields}
        for spec in self.form.fields:
            if spec.required and not raw[spec.name].strip():
                self._error(f"{spec.label} is required.")
                self.query_one(f"#field-{spec.name}", Input).focus()
                return
        for spec in self.form.fields:  # pasted text can hold escape sequences: refuse them here, said where
            problem = control_problem(raw[spec.name])
            if problem:
                self._error(f"{spec.label}: {problem}.")
                self.query_one(f"#field-{spec.name}", Input).focus()
                return
        try:
            result = self.build(raw)
        except ValueError as exc:
            self._error(str(exc))
            return
        self.dismiss(result)

    def _error(self, message: str) -> None:
        self.query_one("#dialog-error", Label).update(literal(message))
        self.app.bell()

    def action_next_field(self) -> None:
        """The next field, after the focused one takes its grey suggestion."""
        if isinstance(self.focused, CompletingInput):
            self.focused.accept_suggestion()
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_cancel(self) -> None:
        self.dismiss(None)
