"""Keys a facilitator can trust: no single key throws the minutes away; q and ? always in sight; help lists all."""

from __future__ import annotations

import pytest

from meetingtui.tui.keys import MEETING_BINDINGS
from meetingtui.tui.screens.confirm import RiskyConfirm
from meetingtui.tui.screens.help import HelpScreen
from meetingtui.tui.widgets.footer import FittedFooter
from meetingtui.tui.widgets.review import ReviewPanel
from tests.saving_agenda import SHORT
from tests.tui.conftest import settled, shown_text


@pytest.mark.parametrize("route", ["ctrl+q", "palette"])
async def test_quitting_without_saving_asks_and_enter_keeps_the_meeting(meeting_app, route) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        if route == "palette":
            await app.action_quit()  # what the palette's "Quit" runs
        else:
            await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, RiskyConfirm)
        await pilot.press("enter")  # one screen earlier enter meant Save: it must not quit
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, RiskyConfirm)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_value == 1  # quit, not saved, resumable


def _visible_footer_keys(app) -> set[str]:
    return {key.key for key in app.screen.query_one(FittedFooter).drawn}


async def footer_keys(pilot) -> set[str]:
    """The keys the footer shows, once it has drawn them (a loaded machine takes a few frames)."""
    for _ in range(100):
        shown = _visible_footer_keys(pilot.app)
        if {"q", "question_mark"} <= shown:
            return shown
        await pilot.pause(0.05)
    return _visible_footer_keys(pilot.app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_footer_always_shows_end_and_help(meeting_app, size) -> None:
    app = meeting_app("weekly-sync", commit=False)  # opens on the review segment: its keys crowd the footer
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        assert {"q", "question_mark", "space", "n"} <= await footer_keys(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert {"q", "question_mark"} <= await footer_keys(pilot)
        assert max(key.end for key in app.screen.query_one(FittedFooter).drawn) <= size[0]


async def test_the_footer_brings_keys_back_when_the_terminal_grows(meeting_app) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        narrow = await footer_keys(pilot)
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        for _ in range(100):
            if narrow < _visible_footer_keys(app):
                break
            await pilot.pause(0.05)
        assert narrow < _visible_footer_keys(app)


async def test_help_lists_every_key(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 60)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown_text(app.screen.query_one("#help Static"), width=110)
        for binding in [*MEETING_BINDINGS, *ReviewPanel.BINDINGS]:
            assert binding.tooltip in text, binding.key
        for key in ("ctrl+q", "S", "ctrl+p", "tab"):
            assert any(line.strip().startswith(key) for line in text.splitlines()), key


async def test_space_after_the_last_segment_says_the_agenda_is_over(meeting_app) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        for _ in meeting.segments:
            await pilot.press("k")  # skip every segment: the agenda is over
        await pilot.pause()
        assert meeting.current is None
        await pilot.press("space")
        await pilot.pause()
        assert not meeting.running
        assert any("agenda is over" in notice.message for notice in app._notifications)
