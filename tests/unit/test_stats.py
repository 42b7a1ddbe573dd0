"""Stats: cadence gaps, time per team, overruns, action completion, concerns — figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from meetingtui.domain.agenda import Team
from meetingtui.domain.history import build_history
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.stats import ActionsRow, compute_stats, infer_cadence

TZ = dt.UTC
MON = dt.date(2026, 10, 5)  # a Monday, ISO week 41


def meeting(minutes_id: str, date: dt.date, agenda: str = "weekly-sync", **tables: Any) -> Minutes:
    start = dt.datetime.combine(date, dt.time(10), TZ)
    return Minutes.model_validate(
        {
            "id": minutes_id,
            "title": "Sync",
            "agenda": agenda,
            "date": date,
            "started_at": start,
            "ended_at": start + dt.timedelta(hours=1),
            **tables,
        }
    )


def segment(title: str, team: str, planned: int, actual: int, status: str = "done") -> dict[str, Any]:
    return {"title": title, "team": team, "planned_seconds": planned, "actual_seconds": actual, "status": status}


def test_cadence_gaps_and_meetings_per_month() -> None:
    weeks = [0, 1, 3, 6]  # weeks 41, 42, 44, 47 held; 43, 45, 46 missed
    minutes = [meeting(f"w{n}", MON + dt.timedelta(weeks=n, days=2)) for n in weeks]
    minutes += [
        meeting("m1", dt.date(2026, 8, 20), agenda="funnel-review"),
        meeting("m2", dt.date(2026, 10, 1), agenda="funnel-review"),
    ]
    today = MON + dt.timedelta(weeks=7, days=1)  # Tuesday of week 48: no meeting yet, not a gap yet
    stats = compute_stats(build_history(minutes), today, {"weekly-sync": "weekly", "funnel-review": "monthly"})
    funnel, weekly = stats.cadence
    assert (weekly.agenda, weekly.cadence, weekly.inferred, weekly.meetings) == ("weekly-sync", "weekly", False, 4)
    assert weekly.periods == 7 and weekly.missed == ("2026-W43", "2026-W45", "2026-W46")
    assert weekly.days_since_last == (today - (MON + dt.timedelta(weeks=6, days=2))).days
    assert funnel.missed == ("2026-09",) and funnel.periods == 3  # Aug, Sep (missed), Oct; Nov still running
    assert funnel.per_month == (("2026-08", 1), ("2026-09", 0), ("2026-10", 1), ("2026-11", 0))
    assert stats.per_month == (("2026-08", 1), ("2026-09", 0), ("2026-10", 4), ("2026-11", 1))
    assert stats.meetings == 6 and stats.first == dt.date(2026, 8, 20)
    weeks_shown = dict(stats.per_week)
    assert len(stats.per_week) == 26 and stats.per_week[-1] == ("2026-W48", 0)
    assert weeks_shown["2026-W41"] == 1 and weeks_shown["2026-W43"] == 0 and weeks_shown["2026-W40"] == 1


def test_quarterly_and_biweekly_periods() -> None:
    quarterly = [meeting("q1", dt.date(2026, 1, 15), agenda="qbr"), meeting("q3", dt.date(2026, 7, 2), agenda="qbr")]
    biweekly = [meeting(f"b{n}", MON + dt.timedelta(days=d), agenda="ride-along") for n, d in enumerate([0, 14, 42])]
    stats = compute_stats(
        build_history(quarterly + biweekly), dt.date(2026, 11, 20), {"qbr": "quarterly", "ride-along": "biweekly"}
    )
    qbr = next(c for c in stats.cadence if c.agenda == "qbr")
    ride = next(c for c in stats.cadence if c.agenda == "ride-along")
    assert qbr.missed == ("2026-Q2",) and qbr.periods == 3  # Q4 still running
    # fortnights from Monday 2026-10-05: 10-05, 10-19, 11-02 (missed), 11-16 held; 11-30 not started
    assert ride.missed == ("2026-11-02",) and ride.periods == 4


def test_cadence_is_guessed_when_no_template_says() -> None:
    assert infer_cadence([MON + dt.timedelta(days=d) for d in (0, 7, 15, 21)]) == "weekly"
    assert infer_cadence([dt.date(2026, m, 3) for m in (1, 2, 3, 5)]) == "monthly"
    assert infer_cadence([MON, MON]) is None
    stats = compute_stats(
        build_history([meeting(f"x{n}", MON + dt.timedelta(days=14 * n), agenda="x") for n in range(4)]),
        MON + dt.timedelta(days=50),
    )
    assert (stats.cadence[0].cadence, stats.cadence[0].inferred) == ("biweekly", True)


def test_time_per_team_and_overruns() -> None:
    minutes = [
        meeting(
            "a",
            MON,
            segments=[
                segment("Pipeline review", "sales", 600, 900),
                segment("Content requests", "marketing", 600, 480),
                segment("Open floor", "joint", 300, 0, "skipped"),
            ],
        ),
        meeting(
            "b",
            MON + dt.timedelta(days=7),
            segments=[segment("Pipeline review", "sales", 600, 720), segment("Open floor", "joint", 300, 420)],
        ),
    ]
    stats = compute_stats(build_history(minutes), MON + dt.timedelta(days=8))
    time = {t.team: (t.planned_seconds, t.actual_seconds, round(t.share, 3)) for t in stats.time}
    assert time == {
        "sales": (1200, 1620, round(1620 / 2520, 3)),
        "marketing": (600, 480, round(480 / 2520, 3)),
        "joint": (600, 420, round(420 / 2520, 3)),
    }
    shares = {t.team: (t.share_of_plan, t.share_of_time) for t in stats.time}
    assert shares == {"sales": (50, 64), "marketing": (25, 19), "joint": (25, 17)}  # whole percent, adding to 100
    over = {t.team: t.over_seconds for t in stats.time}
    assert over == {"sales": 420, "marketing": -120, "joint": 120}  # the skipped open floor is not "under"
    overruns = [(o.title, o.runs, o.average_seconds) for o in stats.overruns]
    assert overruns == [("Pipeline review", 2, 210.0), ("Open floor", 1, 120.0), ("Content requests", 1, -120.0)]


def test_actions_per_team_completion_and_days_to_close() -> None:
    def actions(mid: str, *rows: tuple[int, str, str | None]) -> list[dict[str, Any]]:
        return [
            {
                "id": f"{mid}#{n}",
                "text": "t",
                "owner": "x",
                **({"team": team} if team else {}),
                "due": MON + dt.timedelta(days=3),
            }
            for n, _, team in rows
        ]

    m1 = meeting(
        "m1",
        MON,
        actions=actions(
            "m1", (1, "", "sales"), (2, "", "sales"), (3, "", "marketing"), (4, "", "marketing"), (5, "", None)
        ),
    )
    m2 = meeting(
        "m2",
        MON + dt.timedelta(days=4),
        action_updates=[{"id": "m1#1", "status": "done"}, {"id": "m1#3", "status": "dropped"}],
    )
    m3 = meeting(
        "m3",
        MON + dt.timedelta(days=10),
        action_updates=[{"id": "m1#2", "status": "done"}],
        concerns=[
            {"text": "a", "from_team": "sales", "to_team": "marketing"},
            {"text": "b", "from_team": "sales", "to_team": "marketing"},
            {"text": "c", "from_team": "joint", "to_team": "sales"},
            {"text": "d"},  # no teams: its direction is unknown
        ],
    )
    stats = compute_stats(build_history([m1, m2, m3]), MON + dt.timedelta(days=12))
    teams = {a.team: a for a in stats.actions}
    assert list(teams) == [*Team, ActionsRow.UNASSIGNED] and not any(a.is_total for a in stats.actions)
    sales, marketing, unassigned = teams[Team.SALES], teams[Team.MARKETING], teams[ActionsRow.UNASSIGNED]
    assert (sales.created, sales.done, sales.dropped, sales.open, sales.overdue) == (2, 2, 0, 0, 0)
    assert sales.completion_rate == 1.0 and sales.median_days_to_close == 7  # closed after 4 and 10 days
    assert (marketing.done, marketing.dropped, marketing.open, marketing.overdue) == (0, 1, 1, 1)
    assert marketing.completion_rate == 0.0 and marketing.median_days_to_close == 4
    assert (unassigned.created, unassigned.open, unassigned.overdue) == (1, 1, 1)
    assert teams["joint"].created == 0 and teams["joint"].completion_rate is None
    total = stats.actions_total
    assert total.team is ActionsRow.ALL and total.is_total
    assert (total.created, total.done, total.open, total.overdue, total.completion_rate) == (5, 2, 2, 2, 0.4)
    assert total.median_days_to_close == 4
    flows = [(c.from_team, c.to_team, c.count) for c in stats.concerns]
    assert flows == [
        ("sales", "marketing", 2),
        ("marketing", "sales", 0),
        ("joint", "sales", 1),
        ("unknown", "unknown", 1),
    ]


def test_json_form_is_plain_and_complete() -> None:
    stats = compute_stats(
        build_history([meeting("a", MON, segments=[segment("P", "sales", 60, 90)])]),
        MON + dt.timedelta(days=1),
        {"weekly-sync": "weekly"},
    )
    data = json.loads(json.dumps(stats.to_json()))
    assert data["today"] == "2026-10-06" and data["meetings"] == 1 and data["first"] == "2026-10-05"
    assert data["per_month"] == [{"month": "2026-10", "meetings": 1}]
    assert data["cadence"][0]["missed"] == [] and data["cadence"][0]["last"] == "2026-10-05"
    assert {"time", "overruns", "actions", "actions_total", "concerns", "per_week"} <= set(data)
    assert [a["team"] for a in data["actions"]] == ["sales", "marketing", "joint", "unassigned"]
    assert data["actions_total"]["team"] == "all"  # the rows' keys as --json has always said them
    assert data["overruns"] == [{"title": "P", "team": "sales", "runs": 1, "average_seconds": 30.0}]


def test_empty_history() -> None:
    stats = compute_stats(build_history([]), MON)
    assert stats.meetings == 0 and stats.first is None and stats.per_month == () and stats.cadence == ()
    assert stats.actions_total.completion_rate is None and json.dumps(stats.to_json())
