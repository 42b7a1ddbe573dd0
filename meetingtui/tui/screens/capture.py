"""Capture dialogs: action, decision, concern, insight. ``tab`` moves on, ``enter`` saves, ``escape`` cancels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from meetingtui.domain.events import CaptureKind
from meetingtui.tui.palette import literal

TEAM_WORDS = ["sales", "marketing", "joint"]


@dataclass
class FieldSpec:
    """One input of a dialog."""

    name: str
    label: str
    placeholder: str = ""
    suggestions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Form:
    """What a dialog asks: its title and its inputs; ``names`` are the inputs that complete people's names."""

    title: str
    fields: tuple[FieldSpec, ...]
    names: frozenset[str] = frozenset({"owner"})


CAPTURE_FORMS: dict[CaptureKind, Form] = {
    CaptureKind.ACTIONS: Form(
        "Action item",
        (
            FieldSpec("text", "Action", "what will be done"),
            FieldSpec("owner", "Owner", "who does it (tab completes)"),
            FieldSpec("team", "Team", "sales / marketing / joint — default: the owner's team", TEAM_WORDS),
            FieldSpec("due", "Due", "2026-12-04, +3d, +2w, fri"),
        ),
    ),
    CaptureKind.DECISIONS: Form("Decision", (FieldSpec("text", "Decision", "what the room agreed"),)),
    CaptureKind.CONCERNS: Form(
        "Concern",
        (
            FieldSpec("text", "Concern", "the problem, said out loud"),
            FieldSpec("from_team", "From team", "sales / marketing", TEAM_WORDS),
            FieldSpec("to_team", "To team", "default: the other team", TEAM_WORDS),
        ),
    ),
    CaptureKind.INSIGHTS: Form(
        "Customer insight",
        (
            FieldSpec("text", "Insight", "what customers said or asked"),
            FieldSpec("source", "Source", "e.g. call with ACME, 2026-11-25"),
            FieldSpec("content_idea", "Content idea", "what marketing could make of it"),
        ),
    ),
}
"""The capture dialogs, one per kind."""
REASSIGN_FORM = Form(
    "Re-assign action", (FieldSpec("text", "New owner", "who takes it over (tab completes)"),), frozenset({"text"})
)
SEGMENT_FORM = Form(
    "Add a segment",
    (
        FieldSpec("text", "Title", "what the segment is about"),
        FieldSpec("team", "Team", "sales / marketing / joint", TEAM_WORDS),
        FieldSpec("duration", "Duration", "5m, 90s, 1h15m (default 5m)"),
    ),
)


class CompletingInput(Input):
    """An input whose ``tab`` first accepts the grey suggestion, then moves to the next field."""

    BINDINGS = [Binding("tab", "accept_and_next", "Next field", show=False, id="next-field")]

    def action_accept_and_next(self) -> None:
        if self.cursor_at_end:
            self.action_cursor_right()  # at the end of the text this takes the suggestion
        self.screen.focus_next()


Builder = Callable[[dict[str, str]], dict[str, Any]]
"""Turns the typed strings into item fields, or raises ValueError with a message for the person."""


class CaptureDialog(ModalScreen[dict[str, Any] | None]):
    """A small form; returns the item's fields, or ``None`` when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without saving"),
    ]

    def __init__(
        self,
        form: Form,
        build: Builder,
        *,
        names: list[str] | None = None,
        values: dict[str, str] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.form = form
        self.build = build
        self.names = names or []
        self.values = values or {}
        self.dialog_title = title or form.title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.dialog_title, id="dialog-title")
            for spec in self.form.fields:
                suggestions = self.names if spec.name in self.form.names else spec.suggestions
                yield Label(spec.label + (" *" if spec.name == "text" else ""), classes="field-label")
                yield CompletingInput(
                    self.values.get(spec.name, ""),
                    placeholder=spec.placeholder,
                    id=f"field-{spec.name}",
                    compact=True,
                    suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
                )
            yield Label("", id="dialog-error")
            yield Static("enter save · tab next field · escape cancel", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.dialog_title
        self.query_one("#field-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = {spec.name: self.query_one(f"#field-{spec.name}", Input).value for spec in self.form.fields}
        if not raw["text"].strip():
            self._error("The text is required.")
            self.query_one("#field-text", Input).focus()
            return
        try:
            fields = self.build(raw)
        except ValueError as exc:
            self._error(str(exc))
            return
        self.dismiss(fields)

    def _error(self, message: str) -> None:
        self.query_one("#dialog-error", Label).update(literal(message))
        self.app.bell()

    def action_cancel(self) -> None:
        self.dismiss(None)
