"""Captured items can be fixed: selected, edited in the same dialog, deleted after asking; journaled like any change."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.agenda import Team
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.journal import find_interrupted
from meetingtui.tui.screens.captured_picker import CapturedPicker
from meetingtui.tui.screens.confirm import RiskyConfirm
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.widgets.captured import CapturedLog
from tests.tui.conftest import settled, shown_lines


async def focus_captured(pilot) -> CapturedLog:
    """Tab until the Captured list has the focus (as a facilitator would), at most a few times."""
    log = pilot.app.screen.query_one(CapturedLog)
    for _ in range(6):
        if log.has_focus:
            break
        await pilot.press("tab")
    assert log.has_focus
    return log


def items(meeting) -> dict[str, list[str]]:
    return {
        "actions": [a.text for a in meeting.actions],
        "decisions": [d.text for d in meeting.decisions],
        "concerns": [c.text for c in meeting.concerns],
    }


async def test_edit_and_delete_from_the_captured_list_survive_resume(meeting_app, repo, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("space", "n")  # past the review segment, so Captured is shown
        await pilot.press("a", *"Send the deck", "tab", *"Sam", "enter")
        await pilot.press("d", *"Ship the comparsion page", "enter")
        await pilot.press("c", *"Leads arrive without context", "enter")
        await pilot.pause()
        meeting = app.session.meeting

        log = await focus_captured(pilot)
        assert log.highlighted == 2  # the newest item: the likeliest mistake
        await pilot.press("up")  # the decision
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and dialog.dialog_title == "Edit decision"
        field = dialog.query_one("#field-text")
        assert field.value == "Ship the comparsion page" and field.has_focus  # the same dialog, filled in
        field.value = "Ship the comparison page"
        await pilot.press("enter")
        await pilot.pause()
        assert items(meeting)["decisions"] == ["Ship the comparison page"]
        assert "DECIDED Ship the comparison page" in shown_lines(log)  # the view followed the event

        await pilot.press("up", "delete")  # the action
        await pilot.pause()
        assert isinstance(app.screen, RiskyConfirm)
        await pilot.press("enter")  # enter keeps it
        await pilot.pause()
        assert items(meeting)["actions"] == ["Send the deck"]
        await pilot.press("delete", "y")
        await pilot.pause()
        assert items(meeting)["actions"] == []
        assert len(shown_lines(log)) == 2
        before = items(meeting)
        app.session.journal.close()  # the terminal closes: nothing saved

    found = find_interrupted(repo.state_dir)
    assert found is not None
    resumed = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    assert (
        items(resumed.meeting)
        == before
        == {
            "actions": [],
            "decisions": ["Ship the comparison page"],
            "concerns": ["Leads arrive without context"],
        }
    )
    resumed.journal.close()


async def test_where_captured_is_hidden_ctrl_e_picks_an_item(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("space", "d", *"Keep this", "enter", "a", *"Send the deck", "enter")
        await pilot.press("d", *"A mistake", "enter")
        await pilot.pause()
        assert not app.screen.query_one(CapturedLog).display  # the review segment's list takes the row
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, CapturedPicker)
        shown = shown_lines(app.screen.query_one(CapturedLog))
        assert [line.split()[-1] for line in shown] == ["this", "deck", "mistake"]  # in the order taken
        await pilot.press("delete")  # the newest is selected
        await pilot.pause()
        assert isinstance(app.screen, RiskyConfirm)
        await pilot.press("y")
        await pilot.pause()
        assert [d.text for d in app.session.meeting.decisions] == ["Keep this"]
        assert [a.text for a in app.session.meeting.actions] == ["Send the deck"]


async def test_a_concern_needs_only_its_text(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("space", "c", *"Nobody owns the webinar leads", "enter")  # a joint segment: no team
        await pilot.press("n", "c", *"Leads lack context", "enter")  # a marketing segment: from it, to sales
        await pilot.pause()
        first, second = app.session.meeting.concerns
        assert (first.from_team, first.to_team) == (None, None)
        assert (second.from_team, second.to_team) == (Team.MARKETING, Team.SALES)


async def test_a_past_due_date_is_kept_with_a_warning(meeting_app, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("a", *"Send the deck", "tab", "tab", "tab", *"-3d", "enter")
        await pilot.pause()
        action = app.session.meeting.actions[0]
        assert action.due == clock.wall().date() - dt.timedelta(days=3)
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert any("in the past" in n.message for n in warnings)
