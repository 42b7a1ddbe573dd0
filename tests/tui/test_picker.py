"""The agenda picker, driven through the real app: list, details, fit warnings, broken templates, layout."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Static

from meetingtui.session import SessionOptions
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import NOT_SAVED, make_app
from meetingtui.tui.screens.attendance import AttendanceScreen
from meetingtui.tui.screens.picker import PickerScreen
from tests.clock import ManualClock

SHORT = """title = "Short sync"
duration = "20m"
cadence = "weekly"

[[segments]]
title = "Actions"
team = "joint"
duration = "5m"
owner = "Facilitator"
prompts = ["What got done?"]

[[segments]]
title = "Sales needs"
team = "sales"
duration = "5m"

[[segments]]
title = "Marketing needs"
team = "marketing"
duration = "5m"

[[segments]]
title = "Open floor"
team = "joint"
duration = "5m"
"""


def plain(renderable: object, width: int = 200) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def make(root: Path):
    clock = ManualClock()
    return make_app(MinutesRepo(root), options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)


async def highlight(pilot, name: str) -> None:
    """Put the picker's cursor on the template ``name``."""
    screen = pilot.app.screen
    screen.query_one(DataTable).move_cursor(row=[entry.name for entry in screen.entries].index(name))
    await pilot.pause()
    assert screen.highlighted.name == name


def details(app) -> str:
    return plain(app.screen.query_one("#template-plan", Static).content)


def write_templates(root: Path) -> None:
    agendas = root / "agendas"
    agendas.mkdir()
    (agendas / "short.toml").write_text(SHORT)
    (agendas / "overbooked.toml").write_text(SHORT.replace('duration = "20m"', 'duration = "15m"'))
    broken = 'title = "Broken"\n[[segments]]\ntitle = "x"\nteam = "sales"\nduration = "5x"\n'
    (agendas / "broken.toml").write_text(broken)


async def test_lists_both_sources_with_details_and_fit(git_repo: Path) -> None:
    write_templates(git_repo)
    app = make(git_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        sources = {entry.name: entry.source for entry in screen.entries}
        assert sources["weekly-sync"] == "built-in" and sources["short"] == "repository"
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.entries)
        assert screen.highlighted.agenda is not None  # the cursor starts on a usable template, not the broken one

        await highlight(pilot, "short")
        text = details(app)
        assert "Short sync" in text and "Marketing needs" in text and "Facilitator" in text
        assert "Planned 20m of the 20m slot" in text and "⚠" not in text
        assert screen.query_one("#template-details").max_scroll_y == 0  # the whole plan shows at 80x24
        assert "What got done?" not in details(app)  # prompts only when the screen is tall

        await highlight(pilot, "overbooked")
        text = details(app)
        assert "Planned 20m in a 15m slot · 5m over" in text
        assert "shorten a segment" in text  # the template's own warning, too

        await pilot.press("up")  # the arrow keys move the details along
        assert screen.highlighted.name != "overbooked"
        assert screen.highlighted.name == "funnel-review"
        assert screen.highlighted.agenda.title in details(app)

        await highlight(pilot, "broken")
        row = plain(table.get_row("broken")[-1])
        assert "segments[1].duration" in row and "not a duration" in row
        assert "segments[1].duration" in details(app)
        await pilot.press("enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # neither picked nor opened for adjusting
        assert app.session is None


async def test_enter_picks_and_attendance_follows(git_repo: Path) -> None:
    app = make(git_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await highlight(pilot, "weekly-sync")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        assert app.session.meeting.agenda_name == "weekly-sync"
        assert app.session.meeting.agenda.title == "Weekly sales & marketing sync"


async def test_escape_leaves_without_a_meeting(git_repo: Path) -> None:
    app = make(git_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value == NOT_SAVED
    assert app.session is None


async def test_wide_screen_shows_every_template_and_the_prompts(git_repo: Path) -> None:
    write_templates(git_repo)
    app = make(git_repo)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DataTable).max_scroll_y == 0  # the whole catalog, no scrolling
        await highlight(pilot, "short")
        assert "› What got done?" in details(app)


def test_a_broken_template_says_how_many_more_problems_it_has() -> None:
    from meetingtui.domain.errors import InputError
    from meetingtui.tui.screens.picker import short_error

    more = [InputError("a.toml", "is empty — write some text", "segments[2].title")]
    error = InputError("a.toml", '"finance" is not a team: use sales, marketing or joint', "segments[1].team", more)
    assert short_error(error) == (
        'segments[1].team: "finance" is not a team: use sales, marketing or joint'
        " (and 1 more problem: meetingtui agendas validate)"
    )
