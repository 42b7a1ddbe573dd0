"""Things written once: the commit subject, bars, hour figures, team labels and colours."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.agenda import TEAM_LABELS, Team
from meetingtui.domain.durations import block_bar, format_hours, format_signed_hours
from meetingtui.domain.minutes import Minutes

TZ = dt.timezone(dt.timedelta(hours=1))


def test_the_commit_subject_is_one_line_whatever_the_title() -> None:
    start = dt.datetime(2026, 11, 27, 10, 0, tzinfo=TZ)
    minutes = Minutes(
        id="2026-11-27-x", title="Q4  launch\nplan", agenda="x", date=start.date(), started_at=start, ended_at=start
    )
    assert minutes.commit_subject() == "Minutes: Q4 launch plan (2026-11-27-x)"  # the id: same-day meetings differ


def test_bars_and_hour_figures() -> None:
    assert block_bar(0.5, 4) == "██"
    assert block_bar(1 / 16, 2) == "▏"
    assert block_bar(2.0, 3) == "███" and block_bar(-1, 3) == ""
    assert format_hours(3 * 3600 + 20 * 60 + 29) == "3h20m"
    assert format_signed_hours(-61 * 60) == "-1h1m" and format_signed_hours(20) == "±0"


def test_team_colours_reach_the_stylesheets_as_variables() -> None:
    from meetingtui.tui.palette import TEAM_COLOURS, team_css_variables

    assert team_css_variables() == {f"team-{team.value}": TEAM_COLOURS[team] for team in Team}
    assert set(TEAM_LABELS) == set(Team)
