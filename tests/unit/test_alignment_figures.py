"""The report's figures in the one computation: concerns' follow-up, cadence gaps, attendance, scope — by hand."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.agenda import Team
from meetingtui.domain.history import build_history
from meetingtui.domain.stats import Gap, Scope, compute_stats
from tests.unit.test_stats import MON, meeting, segment


def action(mid: str, n: int, segment_title: str | None, team: str = "marketing") -> dict:
    return {"id": f"{mid}#{n}", "text": "t", "owner": "x", "team": team, "segment": segment_title}


def test_a_concern_leads_to_the_actions_of_its_segment_and_closes_with_the_last_of_them() -> None:
    m1 = meeting(
        "m1",
        MON,
        concerns=[
            {"text": "leads are cold", "from_team": "sales", "to_team": "marketing", "segment": "Pipeline"},
            {"text": "no deck", "from_team": "sales", "to_team": "marketing", "segment": "Open floor"},
            {"text": "late intel", "from_team": "marketing", "to_team": "sales", "segment": "pipeline"},
            {"text": "who knows", "segment": "Elsewhere"},
        ],
        actions=[action("m1", 1, "Pipeline"), action("m1", 2, "PIPELINE"), action("m1", 3, None)],
    )
    m2 = meeting("m2", MON + dt.timedelta(days=7), action_updates=[{"id": "m1#1", "status": "done"}])
    m3 = meeting("m3", MON + dt.timedelta(days=14), action_updates=[{"id": "m1#2", "status": "dropped"}])
    stats = compute_stats(build_history([m1, m2, m3]), MON + dt.timedelta(days=20))
    flows = {(f.from_team, f.to_team): f for f in stats.concerns}
    sm, ms, unknown = flows["sales", "marketing"], flows["marketing", "sales"], flows["unknown", "unknown"]
    # "Pipeline" has actions 1 and 2 (any case); "Open floor" none; the action without a segment answers nothing.
    assert (sm.count, sm.led_to_action, sm.closed, sm.median_days_to_close) == (2, 1, 1, 14)
    assert (ms.count, ms.led_to_action, ms.closed, ms.median_days_to_close) == (1, 1, 1, 14)
    assert (unknown.count, unknown.led_to_action, unknown.closed) == (1, 0, 0)
    early = compute_stats(build_history([m1, m2]), MON + dt.timedelta(days=20))
    assert {(f.from_team, f.closed) for f in early.concerns} >= {("sales", 0), ("marketing", 0)}  # one still open


def test_gaps_longer_than_the_cadence_are_named_with_dates_and_the_open_one_runs_to_today() -> None:
    days = [0, 7, 21, 24]  # 14 days between the 2nd and 3rd: a gap of a weekly agenda
    history = build_history([meeting(f"w{d}", MON + dt.timedelta(days=d)) for d in days])
    today = MON + dt.timedelta(days=40)
    (weekly,) = compute_stats(history, today, {"weekly-sync": "weekly"}).cadence
    assert weekly.gaps == (
        Gap(MON + dt.timedelta(days=7), MON + dt.timedelta(days=21), 14),
        Gap(MON + dt.timedelta(days=24), None, 16),
    )
    (monthly,) = compute_stats(history, today, {"weekly-sync": "monthly"}).cadence
    assert monthly.gaps == ()


def test_attendance_per_team_and_per_meeting_against_the_roster() -> None:
    people = [
        {"name": "Sam", "team": "sales", "present": True},
        {"name": "Ali", "team": "sales", "present": False},
        {"name": "Dana", "team": "marketing", "present": True},
        {"name": "Guest", "team": "marketing", "present": True},  # not on the roster
    ]
    m1 = meeting("a", MON, attendees=people, segments=[segment("P", "sales", 600, 660)])
    m2 = meeting("b", MON + dt.timedelta(days=7), attendees=people[:1])
    roster = {"Sam": Team.SALES, "Ali": Team.SALES, "Dana": Team.MARKETING}
    stats = compute_stats(build_history([m1, m2]), MON + dt.timedelta(days=8), roster=roster)
    by_team = {a.team: a for a in stats.attendance}
    assert (by_team["sales"].roster, by_team["sales"].present, by_team["sales"].rate_percent) == (2, 2, 50)
    assert (by_team["marketing"].present, by_team["marketing"].rate_percent) == (2, 100)  # 2 of 1 × 2 meetings
    assert by_team["joint"].rate_percent is None and by_team["sales"].average_present == 1.0
    newest, oldest = stats.per_meeting
    assert (newest.id, oldest.id) == ("b", "a")
    sales = oldest.teams[0]
    assert (sales.team, sales.planned_seconds, sales.actual_seconds, sales.present) == ("sales", 600, 660, 1)


def test_scope_narrows_meetings_actions_and_concerns_but_later_updates_still_count() -> None:
    concern = {"text": "c", "from_team": "sales", "to_team": "marketing"}
    m1 = meeting("m1", MON, actions=[action("m1", 1, None)], concerns=[concern])
    m2 = meeting(
        "m2", MON + dt.timedelta(days=7), agenda="funnel-review", action_updates=[{"id": "m1#1", "status": "done"}]
    )
    m3 = meeting("m3", MON + dt.timedelta(days=14), actions=[action("m3", 1, None)], concerns=[concern, concern])
    history = build_history([m1, m2, m3])
    today = MON + dt.timedelta(days=20)
    weekly = compute_stats(history, today, scope=Scope(agenda="WEEKLY-SYNC"))
    assert weekly.meetings == 2 and weekly.actions_total.created == 2 and weekly.actions_total.done == 1
    recent = compute_stats(history, today, scope=Scope(since=MON + dt.timedelta(days=7)))
    assert recent.meetings == 2 and recent.actions_total.created == 1 and recent.concerns[0].count == 2
    assert [line.id for line in recent.per_meeting] == ["m3", "m2"]
