"""Parked topics age out of the start's offer (the last meeting and 30 days by default), never out of the history."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.history import build_history
from meetingtui.domain.minutes import Minutes, Parked, SegmentRecord
from meetingtui.domain.parked_topics import ParkedWindow, offered_parked, still_parked

TODAY = dt.date(2026, 12, 7)


def meeting(days_ago: int, agenda: str = "weekly-sync", parked: tuple[str, ...] = (), ran: tuple[str, ...] = ()):
    day = TODAY - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(10), dt.UTC)
    return Minutes(
        id=f"{day.isoformat()}-{agenda}",
        title=agenda,
        agenda=agenda,
        date=day,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=30),
        segments=[
            SegmentRecord(title=title, team="joint", planned_seconds=60, actual_seconds=60, status="done")
            for title in ran
        ],
        parked=[Parked(title=title, team="sales", reason="no time") for title in parked],
    )


def titles(entries) -> list[str]:
    return [entry.item.title for entry in entries]


def test_the_start_offers_the_last_meetings_topics_within_the_window() -> None:
    history = build_history(
        [
            meeting(90, parked=("Ancient",)),
            meeting(40, parked=("Old",)),
            meeting(10, parked=("Recent", "Taken later")),
            meeting(3, ran=("Taken later",)),  # the last meeting parked nothing and took one
            meeting(2, agenda="funnel-review", parked=("Another agenda",)),
        ]
    )
    assert titles(offered_parked(history, "weekly-sync", TODAY, ParkedWindow())) == []  # default: the last one only
    assert titles(offered_parked(history, "weekly-sync", TODAY, ParkedWindow(meetings=2))) == ["Recent"]
    assert titles(offered_parked(history, "Weekly-Sync", TODAY, ParkedWindow(meetings=5))) == ["Recent"]  # 30 days
    assert titles(offered_parked(history, "weekly-sync", TODAY, ParkedWindow(meetings=5, days=45))) == [
        "Old",
        "Recent",
    ]
    assert titles(offered_parked(history, "weekly-sync", TODAY, ParkedWindow(meetings=0, days=999))) == []
    assert titles(offered_parked(history, "funnel-review", TODAY, ParkedWindow())) == ["Another agenda"]

    # Never lost: every topic still parked stays listed, newest first, the offered ones marked.
    listed = still_parked(history, TODAY, ParkedWindow(meetings=2))
    assert [(t.entry.item.title, t.agenda, t.age_days, t.offered) for t in listed] == [
        ("Another agenda", "funnel-review", 2, True),
        ("Recent", "weekly-sync", 10, True),
        ("Old", "weekly-sync", 40, False),
        ("Ancient", "weekly-sync", 90, False),
    ]
    assert titles(t.entry for t in still_parked(history, TODAY, ParkedWindow(), "WEEKLY-SYNC")) == [
        "Recent",
        "Old",
        "Ancient",
    ]


def test_the_last_meeting_within_thirty_days_is_offered_by_default() -> None:
    history = build_history([meeting(20, parked=("Pricing",)), meeting(12, parked=("Webinar",))])
    assert titles(offered_parked(history, "weekly-sync", TODAY, ParkedWindow())) == ["Webinar"]
    assert titles(offered_parked(history, "weekly-sync", TODAY + dt.timedelta(days=19), ParkedWindow())) == []
