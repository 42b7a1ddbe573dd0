"""The stats screen is reachable before any meeting: the picker's footer shows `s`, and its palette offers it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from meetingtui.session import SessionOptions
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.picker import PickerScreen
from meetingtui.tui.screens.stats import StatsScreen
from tests.clock import ManualClock


def picker_app(root: Path):
    clock = ManualClock()
    return make_app(MinutesRepo(root), options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_footer_shows_stats_and_s_opens_them(git_repo: Path, size) -> None:
    app = picker_app(git_repo)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        footer = {key.key: key for key in app.screen.query(FooterKey)}
        assert "s" in footer and footer["s"].description == "Stats"
        assert footer["s"].region.right <= size[0]  # on screen, not cut off at 80 columns
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_the_palette_offers_stats_on_the_picker(git_repo: Path) -> None:
    app = picker_app(git_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"stats")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
