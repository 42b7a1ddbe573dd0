"""The history fold: open actions after later updates, logs, parked topics — on hand-made and generated minutes."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.domain.history import build_history
from meetingtui.domain.minutes import ActionStatus, Minutes

TZ = dt.timezone(dt.timedelta(hours=1))
DAY = dt.date(2026, 11, 2)  # a Monday


def meeting(
    minutes_id: str, date: dt.date, *, hour: int = 10, minute: int = 0, agenda: str = "weekly-sync", **tables: Any
) -> Minutes:
    """Minutes with only what a test cares about; ``actions`` are (n, text, owner, team, due[, status]) rows."""
    start = dt.datetime.combine(date, dt.time(hour, minute), TZ)
    actions = [
        {"id": f"{minutes_id}#{n}", "text": text, "owner": owner, "team": team, "due": due, "status": status}
        for n, text, owner, team, due, *rest in tables.pop("actions", [])
        for status in [rest[0] if rest else "open"]
    ]
    return Minutes.model_validate(
        {
            "id": minutes_id,
            "title": "Weekly sync",
            "agenda": agenda,
            "date": date,
            "started_at": start,
            "ended_at": start + dt.timedelta(minutes=45),
            "actions": actions,
            **tables,
        }
    )


def update(action_id: str, status: str, owner: str | None = None) -> dict[str, Any]:
    return {"id": action_id, "status": status, **({"owner": owner} if owner else {})}


@pytest.fixture
def three_meetings() -> list[Minutes]:
    d1, d2, d3 = DAY, DAY + dt.timedelta(days=7), DAY + dt.timedelta(days=14)
    m1 = meeting(
        "2026-11-02-weekly-sync",
        d1,
        actions=[
            (1, "One-pager on the pricing objection", "Dana", "marketing", d1 + dt.timedelta(days=4)),
            (2, "Send the ACME case study to SDRs", "Sam", "sales", None),
            (3, "Fix lead scoring", "Ali", "sales", d1 + dt.timedelta(days=10)),
            (4, "Already handled in the room", "Sam", "sales", None, "done"),
        ],
    )
    m2 = meeting(
        "2026-11-09-weekly-sync",
        d2,
        attendees=[{"name": "Noor", "team": "marketing"}, {"name": "Sam", "team": "sales"}],
        action_updates=[
            update("2026-11-02-weekly-sync#1", "done"),
            update("2026-11-02-weekly-sync#2", "open", owner="Noor"),
            update("2026-11-02-weekly-sync#3", "dropped"),
        ],
        actions=[(1, "Webinar with sales", "Kim", "marketing", d2 + dt.timedelta(days=3))],
    )
    m3 = meeting(
        "2026-11-16-weekly-sync",
        d3,
        action_updates=[
            update("2026-11-02-weekly-sync#3", "open", owner="Lee"),  # re-opened, re-assigned
            update("2026-11-02-weekly-sync#2", "open", owner="Stranger"),
        ],
    )
    return [m3, m1, m2]  # any order


def test_open_actions_follow_every_later_update(three_meetings: list[Minutes]) -> None:
    history = build_history(three_meetings, roster={"Lee": Team.SALES, "Kim": Team.MARKETING})
    today = DAY + dt.timedelta(days=15)
    opened = {state.id: state for state in history.open_actions(today)}
    assert set(opened) == {"2026-11-02-weekly-sync#2", "2026-11-02-weekly-sync#3", "2026-11-09-weekly-sync#1"}
    reassigned = opened["2026-11-02-weekly-sync#2"]
    # Noor (an attendee of the updating meeting, marketing), then an unknown owner: the team stays marketing.
    assert (reassigned.owner, reassigned.team) == ("Stranger", Team.MARKETING)
    assert reassigned.item.owner == "Stranger" and reassigned.item.team is Team.MARKETING
    assert reassigned.original.owner == "Sam" and reassigned.minutes == "2026-11-02-weekly-sync"
    assert [u.minutes for u in reassigned.updates] == ["2026-11-09-weekly-sync", "2026-11-16-weekly-sync"]
    reopened = opened["2026-11-02-weekly-sync#3"]
    assert (reopened.owner, reopened.team, reopened.closed_on) == ("Lee", Team.SALES, None)
    assert reopened.age_days == 15 and reopened.overdue  # due on day 10
    done = history.action("2026-11-02-weekly-sync#1")
    assert done.status is ActionStatus.DONE and done.closed_on == DAY + dt.timedelta(days=7)
    assert done.days_to_close == 7 and done.closed_in == "2026-11-09-weekly-sync"
    born_done = history.action("2026-11-02-weekly-sync#4")
    assert born_done.status is ActionStatus.DONE and born_done.days_to_close == 0
    assert history.warnings == ()


def test_open_actions_filters_and_order(three_meetings: list[Minutes]) -> None:
    history = build_history(three_meetings, roster={"Lee": Team.SALES})
    today = DAY + dt.timedelta(days=11)
    assert [s.id for s in history.open_actions(today)] == [
        "2026-11-02-weekly-sync#3",
        "2026-11-09-weekly-sync#1",
        "2026-11-02-weekly-sync#2",
    ]  # by due, undated last
    assert [s.id for s in history.open_actions(today, owner="lee")] == ["2026-11-02-weekly-sync#3"]
    assert [s.id for s in history.open_actions(today, team="marketing")] == [
        "2026-11-09-weekly-sync#1",
        "2026-11-02-weekly-sync#2",
    ]
    assert [s.id for s in history.open_actions(today, overdue=True)] == [  # both due on day 10
        "2026-11-02-weekly-sync#3",
        "2026-11-09-weekly-sync#1",
    ]
    assert history.open_actions(today - dt.timedelta(days=1), overdue=True) == []
    assert history.open_actions(today - dt.timedelta(days=3), overdue=True) == []
    statuses = {s.id: s.status for s in history.actions}
    assert statuses["2026-11-02-weekly-sync#1"] is ActionStatus.DONE and len(statuses) == 5


def test_done_then_dropped_keeps_the_first_close_date() -> None:
    m1 = meeting("2026-11-02-weekly-sync", DAY, actions=[(1, "Call ACME", "Sam", "sales", None)])
    m2 = meeting("2026-11-05-weekly-sync", DAY + dt.timedelta(days=3), action_updates=[update(f"{m1.id}#1", "done")])
    m3 = meeting("2026-11-09-weekly-sync", DAY + dt.timedelta(days=7), action_updates=[update(f"{m1.id}#1", "dropped")])
    state = build_history([m1, m2, m3]).action(f"{m1.id}#1")
    assert state.status is ActionStatus.DROPPED and state.closed_on == DAY + dt.timedelta(days=3)


def test_same_day_second_meeting_is_folded_after_the_first() -> None:
    first = meeting(
        "2026-11-27-weekly-sync",
        dt.date(2026, 11, 27),
        hour=9,
        actions=[(1, "Draft the battlecard", "Kim", "marketing", None)],
    )
    second = meeting(
        "2026-11-27-weekly-sync-2",
        dt.date(2026, 11, 27),
        hour=15,
        action_updates=[update("2026-11-27-weekly-sync#1", "done")],
        actions=[(1, "Review the battlecard", "Sam", "sales", None)],
    )
    history = build_history([second, first])
    assert [s.id for s in history.open_actions(dt.date(2026, 11, 28))] == ["2026-11-27-weekly-sync-2#1"]
    assert [m.id for m in history.meetings] == ["2026-11-27-weekly-sync", "2026-11-27-weekly-sync-2"]


def test_started_at_orders_meetings_of_one_day_not_the_id() -> None:
    # The "-2" meeting started earlier than the first one (ids are allocated when saving).
    early = meeting(
        "2026-11-27-weekly-sync-2", dt.date(2026, 11, 27), hour=8, actions=[(1, "Early action", "Sam", "sales", None)]
    )
    late = meeting(
        "2026-11-27-weekly-sync",
        dt.date(2026, 11, 27),
        hour=16,
        action_updates=[update("2026-11-27-weekly-sync-2#1", "done")],
    )
    history = build_history([late, early])
    assert history.open_actions(dt.date(2026, 11, 28)) == [] and history.warnings == ()


def test_unknown_and_duplicate_ids_are_warnings_not_crashes() -> None:
    m1 = meeting("2026-11-02-weekly-sync", DAY, actions=[(1, "Real", "Sam", "sales", None)])
    copy = meeting("2026-11-02-weekly-sync", DAY, hour=11, actions=[(1, "Copied file", "Sam", "sales", None)])
    m2 = meeting(
        "2026-11-09-weekly-sync",
        DAY + dt.timedelta(days=7),
        actions=[(1, "Clash", "Sam", "sales", None)],
        action_updates=[update("2026-10-01-weekly-sync#9", "done"), update(f"{m1.id}#1", "done")],
    )
    m2.actions[0].id = "2026-11-02-weekly-sync#1"  # an action id copied from earlier minutes
    history = build_history([m2, copy, m1])
    second, clash, unknown = history.warnings
    assert second.startswith("2026-11-02-weekly-sync: a second minutes with this id is ignored")
    assert clash.startswith("2026-11-09-weekly-sync: action '2026-11-02-weekly-sync#1' already exists")
    assert unknown.startswith(
        "2026-11-09-weekly-sync: action_updates[0]: no earlier action has id '2026-10-01-weekly-sync#9'"
    )
    state = history.action("2026-11-02-weekly-sync#1")
    assert state.original.text == "Real" and state.status is ActionStatus.DONE


def test_logs_newest_first_with_since() -> None:
    m1 = meeting(
        "2026-11-02-weekly-sync",
        DAY,
        decisions=[{"text": "A"}, {"text": "B"}],
        insights=[{"text": "Asks for SSO", "content_idea": "SSO explainer"}],
        concerns=[{"text": "Leads are cold", "from_team": "sales", "to_team": "marketing"}],
    )
    m2 = meeting(
        "2026-11-09-weekly-sync",
        DAY + dt.timedelta(days=7),
        decisions=[{"text": "C"}],
        insights=[{"text": "Compares us with X", "source": "call with ACME"}],
    )
    history = build_history([m1, m2])
    assert [(e.item.text, e.minutes) for e in history.decisions()] == [("C", m2.id), ("A", m1.id), ("B", m1.id)]
    assert [e.item.text for e in history.decisions(since=DAY + dt.timedelta(days=1))] == ["C"]
    assert [e.item.text for e in history.insights()] == ["Compares us with X", "Asks for SSO"]
    assert [e.item.content_idea for e in history.insights() if e.item.content_idea] == ["SSO explainer"]
    assert history.insights(since=DAY + dt.timedelta(days=8)) == []
    assert [(e.item.from_team, e.date) for e in history.concerns()] == [(Team.SALES, DAY)]


def test_parked_topics_wait_for_the_next_meeting_of_their_agenda() -> None:
    seg = {"team": "marketing", "planned_seconds": 600, "actual_seconds": 0, "status": "skipped"}
    m1 = meeting(
        "2026-11-02-weekly-sync",
        DAY,
        parked=[
            {"title": "Pricing page rewrite", "team": "marketing", "reason": "ran out of time"},
            {"title": "Trade show", "team": "sales"},
        ],
    )
    other = meeting(
        "2026-11-03-funnel-review",
        DAY + dt.timedelta(days=1),
        agenda="funnel-review",
        segments=[{**seg, "title": "Pricing page rewrite", "actual_seconds": 600, "status": "done"}],
    )
    m2 = meeting(
        "2026-11-09-weekly-sync",
        DAY + dt.timedelta(days=7),
        segments=[{**seg, "title": "pricing page rewrite"}],  # skipped again: still parked
        parked=[{"title": "Trade show", "team": "sales", "reason": "again"}],
    )
    history = build_history([m1, other, m2])
    parked = history.parked_for("weekly-sync")
    assert [(p.item.title, p.minutes) for p in parked] == [("Pricing page rewrite", m1.id), ("Trade show", m2.id)]
    assert history.parked_for("funnel-review") == []
    m3 = meeting(
        "2026-11-16-weekly-sync",
        DAY + dt.timedelta(days=14),
        segments=[{**seg, "title": "Pricing page rewrite", "actual_seconds": 500, "status": "done"}],
    )
    assert [p.item.title for p in build_history([m1, other, m2, m3]).parked_for("Weekly-Sync")] == ["Trade show"]


def test_a_segment_taken_from_a_parked_topic_closes_that_topic_only() -> None:
    """Two meetings (two clones, say) park a topic of one title; running the one taken from the later of them
    leaves the earlier one's alone only if it was a different topic: the reference, not the title, decides."""
    seg = {"team": "sales", "planned_seconds": 300, "actual_seconds": 300, "status": "done"}
    m1 = meeting("2026-11-02-weekly-sync.aaaaaaaa", DAY, parked=[{"title": "Pricing", "team": "sales"}])
    m2 = meeting(
        "2026-11-09-weekly-sync.bbbbbbbb",
        DAY + dt.timedelta(days=7),
        segments=[{**seg, "title": "Pricing", "parked_from": "2026-11-02-weekly-sync.zzzzzzzz"}],  # another topic's
    )
    assert [p.minutes for p in build_history([m1, m2]).parked_for("weekly-sync")] == [m1.id]
    m3 = meeting(
        "2026-11-16-weekly-sync.cccccccc",
        DAY + dt.timedelta(days=14),
        segments=[{**seg, "title": "Pricing", "parked_from": m1.id}],
    )
    assert build_history([m1, m2, m3]).parked_for("weekly-sync") == []


def _generated(seed: int) -> tuple[list[Minutes], dict[str, tuple[str, str | None]]]:
    """A random history and, computed the plain way, each action's final (status, owner)."""
    rng = random.Random(seed)
    people = ["Dana", "Sam", "Ali", "Kim"]
    expected: dict[str, tuple[str, str | None]] = {}
    result = []
    date = DAY
    for index in range(rng.randint(5, 25)):
        date += dt.timedelta(days=rng.choice([0, 1, 7]))
        minutes_id = f"{date.isoformat()}-sync-{index}"
        updates = []
        for action_id in rng.sample(sorted(expected), min(len(expected), rng.randint(0, 4))):
            status = rng.choice(["open", "done", "dropped"])
            owner = rng.choice([None, *people])
            updates.append(update(action_id, status, owner))
            expected[action_id] = (status, owner or expected[action_id][1])
        actions = [(n, f"task {n}", rng.choice(people), "sales", None) for n in range(1, rng.randint(0, 4) + 1)]
        result.append(meeting(minutes_id, date, hour=8, minute=index, actions=actions, action_updates=updates))
        for n, _, owner, *_ in actions:
            expected[f"{minutes_id}#{n}"] = ("open", owner)
    rng.shuffle(result)
    return result, expected


@pytest.mark.parametrize("seed", range(30))
def test_generated_histories_match_a_plain_replay(seed: int) -> None:
    minutes, expected = _generated(seed)
    history = build_history(minutes)
    assert history.warnings == ()
    assert {s.id: (s.status.value, s.owner) for s in history.actions} == expected
    opened = {s.id for s in history.open_actions(DAY + dt.timedelta(days=400))}
    assert opened == {action_id for action_id, (status, _) in expected.items() if status == "open"}
