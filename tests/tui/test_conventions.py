"""The screen's conventions: one bell per overrun, notes per segment, the palette, the summary's fixes."""

from __future__ import annotations

from meetingtui.tui.commands import ScreenActions
from meetingtui.tui.keys import MEETING_BINDINGS
from meetingtui.tui.screens.summary import SummaryScreen
from meetingtui.tui.widgets.captured import CapturedLog
from tests.saving_agenda import SHORT
from tests.tui.conftest import advance, settled, shown_lines, shown_text


async def test_overrun_rings_the_bell_once_per_segment(meeting_app, clock, monkeypatch) -> None:
    app = meeting_app(commit=False)
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await advance(pilot, clock, 299)
        assert rings == []
        await advance(pilot, clock, 2)
        await advance(pilot, clock, 30)
        assert rings == [1]
        assert app.screen.query_one("#now").has_class("phase-overrun")
        await pilot.press("n")
        await advance(pilot, clock, 9 * 60 + 1)
        assert rings == [1, 1]


async def test_quiet_never_rings(meeting_app, clock, monkeypatch) -> None:
    app = meeting_app(commit=False, quiet=True)
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await advance(pilot, clock, 400)
        assert app.session.meeting.phase().value == "overrun"
        assert rings == []


async def test_notes_belong_to_their_segment_and_come_back(meeting_app, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        editor = app.screen.query_one("#notes")
        await pilot.press("space", "e", *"first", "escape")
        await pilot.press("n", "e", *"second", "escape")
        meeting = app.session.meeting
        assert [meeting.segments[0].notes, meeting.segments[1].notes] == ["first", "second"]
        await pilot.press("p")
        assert editor.text == "first"
        await pilot.press("n")
        assert editor.text == "second"


async def test_the_palette_offers_every_meeting_action(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "n")  # so that "Back" applies too
        provider = ScreenActions(app.screen)
        offered = {action for _, _, action in provider._commands()}
        assert {binding.action for binding in MEETING_BINDINGS} - {"move_up", "move_down"} <= offered
        await pilot.press("ctrl+p")
        await pilot.press(*"decision", "enter")
        await pilot.pause()
        assert app.screen.query_one("#dialog").border_title == "Decision"


async def test_summary_fixes_actions_missing_an_owner_or_due_date(meeting_app, repo) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "a", *"Send the deck", "enter")
        await pilot.press("q")
        assert isinstance(app.screen, SummaryScreen)
        assert "has no owner and due date" in shown_text(app.screen.query_one("#summary-body"))
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.focused.id == "field-owner"  # the first missing field: typing never overwrites the text
        await pilot.press(*"Dana", "tab", "m", "tab", *"+1w", "enter")
        await pilot.pause()
        action = app.session.meeting.actions[0]
        assert action.text == "Send the deck"
        assert (action.owner, action.team.value, action.due.isoformat()) == ("Dana", "marketing", "2026-12-04")
        assert "press f to fix" not in shown_text(app.screen.query_one("#summary-body"))
        await pilot.press("escape", "a", *"Call ACME", "tab", *"Sam", "enter", "q", "f")  # an owner, no due date
        await pilot.pause()
        assert app.screen.focused.id == "field-due" and app.screen.focused.value == ""


async def test_run_offers_an_interrupted_meeting_before_starting_a_new_one(meeting_app, repo, clock) -> None:
    from meetingtui.session import MeetingSession
    from meetingtui.store.agendas import resolve_agenda

    name, agenda = resolve_agenda(SHORT, repo)
    crashed = MeetingSession.new(repo, name, agenda, clock=clock.now, wall=clock.wall)
    crashed.meeting.toggle()
    crashed.meeting.capture("decisions", text="Keep me")
    crashed.journal.close()
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ResumeScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.meeting.agenda_name == "rehearsal"
        assert app.session.meeting.decisions[0].text == "Keep me"


async def test_the_captured_log_lists_items_in_the_order_they_were_taken(meeting_app) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        for kind, text in [("decisions", "first"), ("actions", "second"), ("decisions", "third")]:
            meeting.capture(kind, text=text)
        await pilot.pause()
        lines = shown_lines(app.screen.query_one(CapturedLog))
        assert [line.split()[-1] for line in lines if line] == ["first", "second", "third"]
