"""The summary names every owner without a team and every concern without a direction; ``f`` fixes each in turn."""

from __future__ import annotations

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.screens.summary import SummaryScreen
from tests.tui.conftest import settled, shown_text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_before_saving_lists_teamless_owners_and_concerns_and_f_fixes_them(meeting_app, size) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("space")
        assert app.session.meeting.current.team is Team.JOINT  # a joint segment: nothing says who raises it
        await pilot.press("a", *"Call ACME", "tab", *"Kim", "tab", "tab", *"+1w", "enter")
        await pilot.press("c")
        await pilot.pause()
        intro = str(app.screen.query_one("#dialog-intro").render())
        assert "joint segment" in intro and "from → to" in intro  # the dialog asks for the direction
        assert app.screen.query_one("#field-from_team").region.height  # and shows both fields at this size
        assert app.screen.query_one("#field-to_team").region.height
        await pilot.press(*"Leads arrive cold", "enter")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = shown_text(app.screen.query_one("#summary-body"), width=size[0])
        assert "“Call ACME” has no team for Kim" in body
        assert "concern “Leads arrive cold” has no direction (from → to team)" in body

        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and app.screen.dialog_title == "Fix action"
        assert app.screen.focused.id == "field-team"
        await pilot.press(*"sales", "enter")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and app.screen.dialog_title == "Fix concern"
        assert app.screen.focused.id == "field-from_team"
        await pilot.press(*"sales", "enter")
        await pilot.pause()

        meeting = app.session.meeting
        assert meeting.actions[0].team is Team.SALES
        assert (meeting.concerns[0].from_team, meeting.concerns[0].to_team) == (Team.SALES, Team.MARKETING)
        assert "press f to fix" not in shown_text(app.screen.query_one("#summary-body"), width=size[0])


async def test_nothing_to_fix_offers_no_fix(meeting_app) -> None:
    app = meeting_app("rehearsal", commit=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        keys = set(app.screen.active_bindings)
        assert app.screen.check_action("fix", ()) is False and "f" not in keys


async def test_after_the_save_the_gaps_are_named_as_saved_not_as_fixable(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("a", *"Call ACME", "enter")  # no owner, no due date
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        body = shown_text(app.screen.query_one("#summary-body"), width=100)
        assert "Before saving — press f to fix:" in body and "“Call ACME” has no owner" in body
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.saved is not None
        body = shown_text(app.screen.query_one("#summary-body"), width=100)
        assert "press f to fix" not in body  # f does nothing once the minutes are saved
        assert "Saved with these gaps:" in body and "“Call ACME” has no owner" in body
