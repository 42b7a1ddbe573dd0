"""The stats screen shows the figures of a real history with charts, and `escape` closes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Label, ProgressBar, Sparkline, Static

from meetingtui.domain.history import build_history
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.stats import Stats, compute_stats
from meetingtui.tui.palette import team_css_variables
from meetingtui.tui.screens.stats import StatsScreen

MON = dt.date(2026, 11, 2)


def meeting(n: int, date: dt.date, **tables: Any) -> Minutes:
    start = dt.datetime.combine(date, dt.time(10), dt.UTC)
    return Minutes.model_validate(
        {
            "id": f"m{n}",
            "title": "Sync",
            "agenda": "weekly-sync",
            "date": date,
            "started_at": start,
            "ended_at": start + dt.timedelta(hours=1),
            **tables,
        }
    )


def stats() -> Stats:
    segments = [
        {"title": "Pipeline review", "team": "sales", "planned_seconds": 600, "actual_seconds": 900, "status": "done"},
        {"title": "Campaigns", "team": "marketing", "planned_seconds": 600, "actual_seconds": 600, "status": "done"},
    ]
    actions = [
        {"id": f"m1#{n}", "text": "t", "owner": "o", "team": team, "due": MON + dt.timedelta(days=2)}
        for n, team in [(1, "sales"), (2, "sales"), (3, "sales"), (4, "marketing")]
    ]
    minutes = [
        meeting(1, MON, segments=segments, actions=actions),
        meeting(
            2,
            MON + dt.timedelta(days=7),
            segments=segments,
            action_updates=[{"id": "m1#1", "status": "done"}, {"id": "m1#2", "status": "done"}],
            concerns=[{"text": "cold leads", "from_team": "sales", "to_team": "marketing"}],
        ),
        meeting(3, MON + dt.timedelta(days=21), segments=segments[:1]),
    ]
    return compute_stats(build_history(minutes), MON + dt.timedelta(days=24), {"weekly-sync": "weekly"})


class StatsApp(App[None]):
    def __init__(self, figures: Stats) -> None:
        super().__init__()
        self.figures = figures

    def get_css_variables(self) -> dict[str, str]:
        return {**super().get_css_variables(), **team_css_variables()}  # as MeetingApp does

    def on_mount(self) -> None:
        self.push_screen(StatsScreen(self.figures))


def text(widget: Static) -> str:
    return str(widget.visual)


async def test_stats_screen_shows_the_numbers() -> None:
    figures = stats()
    app = StatsApp(figures)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        summary = text(screen.query_one("#stats-summary", Static))
        assert summary.startswith("3 meetings, 2026-11-02 … 2026-11-23 · 2 actions open, 2 overdue")
        weeks = screen.query_one("#per-week", Sparkline).data
        assert len(weeks) == 26 and weeks[-4:] == [1, 1, 0, 1]  # weeks 45, 46, 47 (missed), 48
        assert screen.query_one("#per-month", Sparkline).data == [3]
        assert "weekly-sync: 3 meetings, weekly, missed 1 of 4 (latest 2026-W47)" in text(screen.query_one("#cadence"))
        # sales: 900 + 900 + 900 s of 2,700 + 1,200 s of marketing
        assert text(screen.query_one("#time-sales", Label)) == "45m of 30m planned (+15m)"
        assert text(screen.query_one("#time-marketing", Label)) == "20m of 20m planned (±0)"
        shares = [text(bar).split()[-1] for bar in screen.query(".share-bar").results(Static)]
        assert shares == ["69%", "31%", "0%"]
        sales_bar = screen.query_one("#done-sales", ProgressBar)
        assert (sales_bar.progress, sales_bar.total) == (2, 3)
        assert text(screen.query_one("#actions-sales", Label)).startswith("2 of 3 done · 1 open · 1 overdue")
        assert screen.query_one("#done-all", ProgressBar).percentage == 0.5
        assert "Pipeline review     +5m" in text(screen.query_one("#overruns"))
        concerns = text(screen.query_one("#concerns"))
        assert "sales → marketing:   1" in concerns and "0 led to an action, 0 closed" in concerns
        assert screen.query_one("#per-week").region.height == 3  # visible, not collapsed
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)


async def test_stats_screen_without_minutes() -> None:
    app = StatsApp(compute_stats(build_history([]), MON))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text(app.screen.query_one("#stats-summary", Static)).startswith("No minutes yet")
        assert app.screen.query_one("#done-all", ProgressBar).total == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_stats_screen_shows_team_unknown_and_direction_unknown_rows(size) -> None:
    minutes = [
        meeting(
            1,
            MON,
            actions=[{"id": "m1#1", "text": "t", "owner": "Kim"}, {"id": "m1#2", "text": "u", "team": "sales"}],
            concerns=[{"text": "cold leads"}, {"text": "few demos", "from_team": "sales"}],
        )
    ]
    app = StatsApp(compute_stats(build_history(minutes), MON + dt.timedelta(days=1)))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        names = [text(label) for label in screen.query("#actions-box .team-name").results(Label)]
        assert names == ["sales", "team unknown", "all"]
        assert text(screen.query_one("#actions-unassigned", Label)).startswith("0 of 1 done · 1 open")
        concerns = text(screen.query_one("#concerns"))
        assert "sales → team unknown:   1" in concerns and "direction unknown:   1" in concerns
