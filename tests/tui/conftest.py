"""Building the real app for pilot tests: a real repository, a manual clock."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui import typing_pause
from meetingtui.tui.app import MeetingApp, make_app
from meetingtui.tui.widgets.captured import CapturedLog
from tests.clock import ManualClock


@pytest.fixture(autouse=True)
def brief_typing_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pilot's keys come tens of milliseconds apart (each waits for the app to be idle): with the app's 60 ms the
    panels below Now would wait through most of them, and every test start for a tenth of a second more. The app's
    own pause is tested in tests/tui/test_keys_first.py and by the pty tests."""
    monkeypatch.setattr(typing_pause, "QUIET", 0.001)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def repo(git_repo: Path) -> MinutesRepo:
    return MinutesRepo(git_repo)


@pytest.fixture
def meeting_app(repo: MinutesRepo, clock: ManualClock):
    """A factory: the meeting screen for a template, as `meetingtui run NAME` opens it."""

    def build(agenda: str = "weekly-sync", **options) -> MeetingApp:
        name, loaded = resolve_agenda(agenda, repo)
        return make_app(
            repo, agenda_name=name, agenda=loaded, options=SessionOptions(**options), clock=clock.now, wall=clock.wall
        )

    return build


def shown_text(static, width: int = 120) -> str:
    """The plain text a Static shows (Rich renderables included)."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(static.content)
    return console.export_text()


def shown_lines(log: CapturedLog) -> list[str]:
    """The captured items as the list shows them, one plain line each (none while it says nothing is captured)."""
    options = (log.get_option_at_index(n) for n in range(log.option_count))
    return [option.prompt.plain for option in options if not option.disabled and isinstance(option.prompt, Text)]


async def settled(pilot) -> None:
    """Wait until the meeting screen is complete (lower panels mounted) and has read the earlier minutes."""
    await pilot.app.screen.complete.wait()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def advance(pilot, clock: ManualClock, seconds: float) -> None:
    """Let meeting time pass and show it."""
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()
