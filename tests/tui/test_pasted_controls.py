"""Escape sequences pasted into the screen never reach the minutes as controls: refused in dialogs, shown in notes."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Label

from meetingtui.tui.widgets.notes import NotesEditor

from .conftest import settled, shown_text

PASTED = "Deck \x1b]0;PWNED\x07 v2"


async def test_a_capture_dialog_refuses_a_pasted_escape_sequence(meeting_app) -> None:
    app = meeting_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("d")
        field = app.screen.query_one("#field-text", Input)
        app.post_message(events.Paste(PASTED))  # as the terminal sends it: to the app, for the focused widget
        await pilot.pause()
        assert field.value == PASTED
        await pilot.press("enter")
        assert app.screen.query_one("#field-text", Input) is field, "the dialog stays open"
        error = shown_text(app.screen.query_one("#dialog-error", Label))
        assert "holds the control character ␛ (at character 6)" in error
        assert not app.session.meeting.decisions
        field.value = "Deck v2"
        await pilot.press("enter")
        await pilot.pause()
        assert [item.text for item in app.session.meeting.decisions] == ["Deck v2"]


async def test_notes_show_a_pasted_escape_sequence_as_text(meeting_app) -> None:
    app = meeting_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("space", "n", "e")
        notes = app.screen.query_one(NotesEditor)
        app.post_message(events.Paste(PASTED + "\nnext line"))
        await pilot.pause()
        assert notes.text == "Deck ␛]0;PWNED␇ v2\nnext line"
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.meeting.segments[1].notes == "Deck ␛]0;PWNED␇ v2\nnext line"
