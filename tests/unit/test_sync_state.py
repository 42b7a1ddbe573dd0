"""The one line that says how current the history is, for every state the sync can end in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meetingtui.store.git.sync import SyncOutcome, SyncStatus
from meetingtui.tui.sync_state import history_state, pending_notice

NOT_UPDATED, OFFLINE = SyncOutcome.NOT_UPDATED, SyncOutcome.OFFLINE
HERE = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 12, 1, 12, 5, tzinfo=HERE)
FETCHED = dt.datetime(2026, 12, 1, 11, 3, tzinfo=dt.UTC)  # 12:03 here
AS_OF = dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)  # 29 Nov here


@pytest.mark.parametrize(
    ("status", "line"),
    [
        (SyncStatus(None, False, None, None, message="no remote"), ""),
        (SyncStatus("origin", True, FETCHED, AS_OF, message="nothing new"), "history current (synced 12:03)"),
        (
            SyncStatus("origin", True, FETCHED, AS_OF, ["minutes/2026/a.toml"], unpushed=3, unpushed_minutes=3),
            "history current (synced 12:03) · 3 meetings' minutes not pushed yet",
        ),
        (
            SyncStatus("origin", False, FETCHED, AS_OF, message="origin cannot be reached", outcome=OFFLINE),
            "offline — history as of 2026-11-29",
        ),
        (
            SyncStatus(
                "origin",
                False,
                None,
                None,
                unpushed=1,
                unpushed_minutes=1,
                message="origin cannot be reached",
                outcome=OFFLINE,
            ),
            "offline — nothing from origin yet · 1 meeting's minutes not pushed yet",
        ),
        (
            SyncStatus("origin", True, FETCHED, AS_OF, blocked=["minutes/2026/a.md", "b.md", "c.md"]),
            "left alone: you changed minutes/2026/a.md, b.md and 1 more",
        ),
        (
            SyncStatus(
                "origin", True, FETCHED, AS_OF, message="your commits clash with origin's in x", outcome=NOT_UPDATED
            ),
            "your commits clash with origin's in x",  # the outcome decides, the words are for people
        ),
        (
            SyncStatus("origin", False, None, None, message="HEAD is detached: not updated", outcome=NOT_UPDATED),
            "HEAD is detached: not updated",
        ),
    ],
)
def test_history_line(status: SyncStatus, line: str) -> None:
    assert history_state(status, NOW).line == line


def test_pending_minutes_are_offered_with_the_sync_command() -> None:
    status = SyncStatus("team", True, FETCHED, AS_OF, unpushed=2, unpushed_minutes=2)
    root = Path("/srv/team minutes")
    expected = "2 meetings' minutes are not on team yet: `meetingtui sync --repo '/srv/team minutes'` pushes them."
    assert pending_notice(status, root) == expected
    assert pending_notice(SyncStatus("team", True, FETCHED, AS_OF), root) is None


def test_a_short_form_for_a_small_screen() -> None:
    current = history_state(SyncStatus("origin", True, FETCHED, AS_OF, unpushed=3, unpushed_minutes=3), NOW)
    assert current.fitting(80) == "history current (synced 12:03) · 3 meetings' minutes not pushed yet"
    assert current.fitting(34) == "synced 12:03 · 3 not pushed"
    assert current.fitting(32) == "synced · 3 not pushed"  # 27 cells do not fit in 26: the time goes first
    offline = history_state(SyncStatus("origin", False, FETCHED, AS_OF, message="x", outcome=OFFLINE), NOW)
    assert offline.short == "offline · as of 2026-11-29"
    blocked = history_state(SyncStatus("origin", True, FETCHED, AS_OF, blocked=["minutes/2026/a.md", "b.md"]), NOW)
    assert blocked.short == "left alone: a.md…"


@pytest.mark.parametrize(
    ("counts", "words", "notice"),
    [
        ((1, 1, 0), "1 meeting's minutes", "1 meeting's minutes are not on team yet"),
        ((1, 0, 1), "1 proposal", "1 proposal is not on team yet"),
        ((2, 1, 1), "1 meeting's minutes and 1 proposal", "1 meeting's minutes and 1 proposal are not on team yet"),
        ((4, 1, 3), "1 meeting's minutes and 3 proposals", "1 meeting's minutes and 3 proposals are"),
        ((3, 1, 1), "1 meeting's minutes, 1 proposal and 1 other commit", "are not on team yet"),
        ((1, 0, 0), "1 commit", "1 commit is not on team yet"),
    ],
)
def test_minutes_and_proposals_not_pushed_are_counted_apart(
    counts: tuple[int, int, int], words: str, notice: str
) -> None:
    unpushed, minutes, proposals = counts
    status = SyncStatus(
        "team", True, FETCHED, AS_OF, unpushed=unpushed, unpushed_minutes=minutes, unpushed_proposals=proposals
    )
    assert history_state(status, NOW).line == f"history current (synced 12:03) · {words} not pushed yet"
    said = pending_notice(status, Path("/srv/team"))
    assert said is not None and notice in said
    assert said.endswith("pushes it.") == (unpushed == 1 and not minutes)


def test_the_least_important_part_goes_first_and_no_word_is_cut() -> None:
    status = SyncStatus("origin", False, FETCHED, AS_OF, unpushed=1, unpushed_minutes=1, message="x", outcome=OFFLINE)
    state = history_state(status, NOW)
    assert state.fitting(48) == "offline · as of 2026-11-29 · 1 not pushed"
    assert state.fitting(40) == state.fitting(32) == "offline · 1 not pushed"
    assert state.fitting(20) == "offline · 1…"  # narrower than the app ever makes it: cut after a whole word
    synced = history_state(SyncStatus("origin", True, FETCHED, AS_OF, unpushed=12, unpushed_minutes=12), NOW)
    assert synced.fitting(32) == "synced · 12 not pushed"
