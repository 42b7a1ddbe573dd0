"""Building the real app for pilot tests: a real repository, a manual clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.domain.clock import ManualClock
from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import MeetingApp, make_app


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
        return make_app(repo, agenda_name=name, agenda=loaded, options=SessionOptions(**options),
                        clock=clock.now, wall=clock.wall)

    return build


async def advance(pilot, clock: ManualClock, seconds: float) -> None:
    """Let meeting time pass and show it."""
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()
