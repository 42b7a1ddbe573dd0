"""What the summary lists before saving: owner, due date and team of actions; both teams of concerns."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.events import CaptureKind
from meetingtui.domain.gaps import gaps
from meetingtui.domain.minutes import ActionItem, Concern, Minutes

DAY = dt.date(2026, 12, 1)
START = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


def minutes(actions=(), concerns=()) -> Minutes:
    return Minutes(
        id="2026-12-01-weekly-sync.abcdefgh",
        title="Weekly",
        agenda="weekly-sync",
        date=DAY,
        started_at=START,
        ended_at=START + dt.timedelta(minutes=30),
        actions=list(actions),
        concerns=list(concerns),
    )


def test_each_gap_names_the_item_what_is_missing_and_the_field_to_fix_first() -> None:
    found = gaps(
        minutes(
            actions=[
                ActionItem(id="a#1", text="Send the deck"),
                ActionItem(id="a#2", text="Call ACME", owner="Kim", due=DAY),
                ActionItem(id="a#3", text="Book", owner="Kim"),
                ActionItem(id="a#4", text="Done right", owner="Sam", team="sales", due=DAY),
            ],
            concerns=[
                Concern(text="Leads arrive cold"),
                Concern(text="Too few demos", from_team="sales"),
                Concern(text="Fine", from_team="sales", to_team="marketing"),
            ],
        )
    )
    assert [(g.kind, g.index, g.field) for g in found] == [
        (CaptureKind.ACTIONS, 0, "owner"),
        (CaptureKind.ACTIONS, 1, "team"),
        (CaptureKind.ACTIONS, 2, "due"),
        (CaptureKind.CONCERNS, 0, "from_team"),
        (CaptureKind.CONCERNS, 1, "to_team"),
    ]
    assert [g.line() for g in found] == [
        "“Send the deck” has no owner and due date",
        "“Call ACME” has no team for Kim",
        "“Book” has no due date and team for Kim",
        "concern “Leads arrive cold” has no direction (from → to team)",
        "concern “Too few demos” has no team it is raised with",
    ]


def test_complete_minutes_have_no_gap() -> None:
    done = ActionItem(id="a#1", text="x", owner="Sam", team="joint", due=DAY)
    assert gaps(minutes([done], [Concern(text="y", from_team="marketing", to_team="sales")])) == []
