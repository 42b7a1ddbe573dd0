"""Adjust before starting: durations, order, add, remove, live fit, save as a repository template."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Input, Static

from meetingtui.session import SessionOptions
from meetingtui.store.agendas import list_agendas, load_agenda_file, resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.adjust import AdjustScreen
from meetingtui.tui.screens.attendance import AttendanceScreen
from meetingtui.tui.screens.confirm import ConfirmScreen
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.screens.picker import PickerScreen
from tests.clock import ManualClock


def plain(renderable: object) -> str:
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def make(root: Path):
    clock = ManualClock()
    return make_app(MinutesRepo(root), options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)


async def open_adjust(pilot, name: str = "weekly-sync") -> AdjustScreen:
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    picker.query_one(DataTable).move_cursor(row=[e.name for e in picker.entries].index(name))
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AdjustScreen)
    return pilot.app.screen


def plan(screen: AdjustScreen) -> str:
    return plain(screen.query_one("#adjust-plan", Static).content)


async def save_as(pilot, name: str) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormDialog)
    field = pilot.app.screen.query_one(Input)
    assert field.value == pilot.app.screen_stack[-2].template_name  # offers the current name
    field.value = name
    await pilot.press("enter")
    await pilot.pause()


async def test_adjust_save_and_start(git_repo: Path) -> None:
    _, original = resolve_agenda("weekly-sync")
    titles = [s.title for s in original.segments]
    app = make(git_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_adjust(pilot)
        assert "Planned 43m of the 45m slot · 2m to spare" in plan(screen)

        await pilot.press("plus", "plus")  # first segment: 5m → 7m
        assert screen.segments[0].duration == 7 * 60
        assert "Planned 45m of the 45m slot · exactly" in plan(screen)
        await pilot.press("minus")
        assert screen.segments[0].duration == 6 * 60

        await pilot.press("right_square_bracket")  # move it down one
        assert [s.title for s in screen.segments][:2] == [titles[1], titles[0]]
        assert screen.query_one(DataTable).cursor_row == 1  # the cursor follows the segment
        await pilot.press("shift+up")
        assert [s.title for s in screen.segments][:2] == titles[:2]

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Pricing", "tab", "s", "tab", "4", "enter")
        await pilot.pause()
        assert screen.segments[1].title == "Pricing"  # right after the highlighted one
        assert screen.segments[1].duration == 240 and screen.segments[1].team == "sales"
        assert "Planned 48m in a 45m slot · 3m over" in plan(screen)

        await pilot.press("down", "x")  # remove the old second segment
        assert titles[1] not in [s.title for s in screen.segments]
        assert len(screen.segments) == len(titles)
        assert "Planned 39m of the 45m slot" in plan(screen)

        await save_as(pilot, "weekly-short")
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = git_repo / "agendas" / "weekly-short.toml"
        assert load_agenda_file(path) == screen.agenda
        listed = {entry.name: entry for entry in list_agendas(MinutesRepo(git_repo))}
        assert listed["weekly-short"].source == "repository"
        assert screen.template_name == "weekly-short"

        first = path.read_text()
        await pilot.press("plus")
        await save_as(pilot, "weekly-short")  # the same name again: asks before replacing
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert path.read_text() == first
        await save_as(pilot, "weekly-short")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert load_agenda_file(path) == screen.agenda
        assert path.read_text() != first

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        meeting = app.session.meeting
        assert meeting.agenda == load_agenda_file(path)
        assert meeting.agenda_name == "weekly-short"
        assert [s.title for s in meeting.segments] == [s.title for s in screen.segments]


async def test_limits_and_cancel(git_repo: Path) -> None:
    app = make(git_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_adjust(pilot, "rehearsal")
        for _ in range(len(screen.segments) + 1):
            await pilot.press("x")
        assert len(screen.segments) == 1  # an agenda keeps at least one segment
        before = screen.segments[0].duration
        await pilot.press(*["minus"] * (before // 60 + 1))
        assert 0 < screen.segments[0].duration <= before

        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")  # an empty name is refused in the dialog
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"!!", "enter")  # no letters or digits
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+u", *"tiny", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)  # cancelled: back to the picker, no meeting
        assert app.session is None
        saved = {entry.name: entry for entry in picker.entries}["tiny"]  # listed at once
        assert saved.source == "repository" and len(saved.agenda.segments) == 1
