"""Live agenda edits by keyboard, asserted on the engine and on the saved minutes."""

from __future__ import annotations

from meetingtui.domain.meeting import LiveStatus
from meetingtui.store.minutes_store import load_minutes
from meetingtui.tui.widgets.agenda_list import AgendaList
from tests.tui.conftest import advance


async def save_and_load(pilot):
    app = pilot.app
    await pilot.press("q")
    await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.session.saved is not None and app.session.saved.ok, app.session.saved
    return load_minutes(app.session.saved.files[0])


async def test_extend_and_shorten_change_plan_and_projection(meeting_app, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = app.session.meeting
        await pilot.press("space")
        before = meeting.projected_end()
        await pilot.press("plus", "plus", "minus")
        assert meeting.segments[0].planned == 5 * 60 + 60
        assert (meeting.projected_end() - before).total_seconds() == 60
        await advance(pilot, clock, 30)
        minutes = await save_and_load(pilot)
    assert minutes.segments[0].planned_seconds == 360


async def test_skip_and_park_are_recorded(meeting_app, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 10)
        await pilot.press("k")
        assert meeting.segments[0].status is LiveStatus.SKIPPED
        assert app.focused is None  # leaving the review list must not hand focus to the notes editor
        second = meeting.current.title
        await pilot.press("z", "enter")  # no reason given: enter parks it either way
        assert meeting.segments[1].status is LiveStatus.PARKED
        minutes = await save_and_load(pilot)
    assert [p.title for p in minutes.parked] == [second]
    assert [s.status.value for s in minutes.segments[:2]] == ["skipped", "parked"]


async def test_move_pending_segments_with_brackets(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = app.session.meeting
        titles = [s.title for s in meeting.segments]
        table = app.screen.query_one(AgendaList)
        table.focus()
        await pilot.press("down", "down", "down")  # highlight the fourth segment
        await pilot.press("left_square_bracket")
        assert [s.title for s in meeting.segments][2:4] == [titles[3], titles[2]]
        assert table.cursor_row == 2  # the cursor follows the moved segment
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert [s.title for s in meeting.segments][2:5] == [titles[2], titles[4], titles[3]]
        await pilot.press("up", "up", "up", "up")  # back to the current segment, which cannot move
        assert table.cursor_row == 0
        await pilot.press("right_square_bracket")
        assert meeting.segments[0].title == titles[0]
        minutes = await save_and_load(pilot)
    assert [s.title for s in minutes.segments][2:5] == [titles[2], titles[4], titles[3]]


async def test_add_an_ad_hoc_segment(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = app.session.meeting
        count = len(meeting.segments)
        before = meeting.projected_end()
        await pilot.press("s")
        await pilot.press(*"Pricing", "tab", "s", "tab", "4", "m", "enter")
        await pilot.pause()
        assert len(meeting.segments) == count + 1
        added = meeting.segments[1]
        assert (added.title, added.team.value, added.planned) == ("Pricing", "sales", 240)
        assert (meeting.projected_end() - before).total_seconds() == 240
        await pilot.press("n")
        assert meeting.current.title == "Pricing"
        minutes = await save_and_load(pilot)
    assert minutes.segments[1].title == "Pricing" and minutes.segments[1].planned_seconds == 240


async def test_a_bad_duration_is_explained_in_the_dialog(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.press(*"X", "tab", "tab", *"soon", "enter")
        await pilot.pause()
        assert "is not a duration" in str(app.screen.query_one("#dialog-error").render())
        await pilot.press("escape")
        assert len(app.session.meeting.segments) == 7


async def test_a_failing_command_shows_an_error_and_keeps_the_meeting(meeting_app, monkeypatch) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        meeting = app.session.meeting

        def broken() -> bool:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(meeting, "next", broken)
        await pilot.press("space", "n")
        await pilot.pause()
        assert any("disk on fire" in str(n.message) for n in app._notifications)
        assert app.is_running and meeting.running
        await pilot.press("d", *"still works", "enter")
        assert meeting.decisions[0].text == "still works"
