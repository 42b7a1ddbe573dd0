"""The form dialog: required fields by their own flag, a typed command back; the forms match their entries."""

from __future__ import annotations

import dataclasses

from textual import events
from textual.app import App
from textual.widgets import Input, Label

from meetingtui.domain.agenda import Team
from meetingtui.domain.entries import ActionEntry, ConcernEntry, DecisionEntry, InsightEntry, NewSegment
from meetingtui.tui.forms import CAPTURE_FORMS, REASSIGN_FORM, SEGMENT_FORM, segment_builder
from meetingtui.tui.screens.form import FieldSpec, Form, FormDialog


def test_each_capture_form_asks_exactly_its_entrys_fields_and_says_which_are_required() -> None:
    for entry in (ActionEntry, DecisionEntry, ConcernEntry, InsightEntry):
        form = CAPTURE_FORMS[entry.kind]
        assert [spec.name for spec in form.fields] == [field.name for field in dataclasses.fields(entry)]
        assert [spec.name for spec in form.fields if spec.required] == ["text"]
    assert [(spec.name, spec.required) for spec in REASSIGN_FORM.fields] == [("owner", True)]
    assert [(spec.name, spec.required) for spec in SEGMENT_FORM.fields] == [
        ("title", True),
        ("team", False),
        ("duration", False),
    ]


SEGMENT = Form("Add a segment", (FieldSpec("title", "Title"), FieldSpec("duration", "Duration", required=True)))
"""A form whose first field is optional and second required."""


async def segment_dialog(app: App, pilot, results: list) -> None:
    """Open the segment form; what it returns goes to ``results``."""
    app.push_screen(FormDialog(SEGMENT, lambda raw: segment_builder()({**raw, "team": ""})), results.append)
    await pilot.pause()


async def test_a_blank_required_field_is_refused_wherever_it_is_and_the_result_is_the_builders_object() -> None:
    results: list[NewSegment | None] = []
    app = App()
    async with app.run_test() as pilot:
        await segment_dialog(app, pilot, results)
        await pilot.press(*"Pricing", "enter")  # the first field is not required here; the second is
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and not results
        assert "Duration is required." in str(dialog.query_one("#dialog-error", Label).render())
        assert dialog.focused is dialog.query_one("#field-duration", Input)
        await pilot.press(*"90s", "enter")
        await pilot.pause()
    assert results == [NewSegment("Pricing", Team.JOINT, 90)]


async def test_keys_that_arrive_in_one_burst_fill_the_fields_tab_moves_to() -> None:
    """A terminal (tmux, a paste of keystrokes) may deliver "text<Tab>text" in one read: each key must go to the
    field that is focused when it comes, as when typed one by one."""
    results: list[NewSegment | None] = []
    app = App()
    async with app.run_test() as pilot:
        await segment_dialog(app, pilot, results)
        burst = [*"Pricing", "tab", *"90s"]
        for key in burst:  # all queued before the app handles the first, as one read of the terminal gives them
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#field-title", Input).value == "Pricing"
        assert dialog.query_one("#field-duration", Input).value == "90s"
        await pilot.press("enter")
        await pilot.pause()
    assert results == [NewSegment("Pricing", Team.JOINT, 90)]
