"""Two git integrations of one clone at once (two `sync`s, a `sync` during a save's push) never wedge it.

Real processes on real clones of a bare remote, repeated: each round a colleague has
pushed new minutes and this clone has minutes of its own to send.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.team_git import (
    assert_settled,
    commit_minutes,
    git,
    make_team,
    minutes,
    remote_names,
    start_meetingtui,
)

ROUNDS = 20  # the count: two integrations at once, twenty times over
WAIT_SECONDS = 30
ROUND_SECONDS = 8.0


def colleague_pushes(colleague: Path, day: dt.date) -> None:
    commit_minutes(colleague, minutes(day, agenda="pipeline-review"))
    git(colleague, "pull", "-q", "--rebase")
    git(colleague, "push", "-q", "origin", "HEAD:main")


def outputs(*processes) -> list[str]:
    """What each printed; each must succeed, and quickly (a round must never wait out a time limit)."""
    started, found = time.monotonic(), []
    for process in processes:
        out, _ = process.communicate(timeout=WAIT_SECONDS)
        found.append(out)
        assert process.returncode == 0, out
    assert time.monotonic() - started < ROUND_SECONDS
    return found


def assert_no_false_word(texts: list[str]) -> None:
    for text in texts:
        assert "you changed" not in text and "which you changed" not in text, text
        assert "Traceback" not in text, text


def test_two_syncs_at_once_never_wedge_the_clone(tmp_path: Path) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    for n in range(ROUNDS):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        colleague_pushes(colleague, day)
        commit_minutes(ours, minutes(day))
        first, second = start_meetingtui("sync", "--repo", ours), start_meetingtui("sync", "--repo", ours)
        texts = outputs(first, second)
        assert_no_false_word(texts)
        assert_settled(ours)
        assert git(ours, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
        names = remote_names(bare)
        assert any(f"{day.isoformat()}-weekly-sync.toml" in name for name in names), names
        assert any(f"{day.isoformat()}-pipeline-review.toml" in name for name in names), names


def test_a_sync_during_a_saves_push_never_wedges_the_clone(tmp_path: Path) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    for n in range(ROUNDS):
        day = dt.date(2026, 2, 1) + dt.timedelta(days=n)
        colleague_pushes(colleague, day)
        save_minutes(MinutesRepo(ours), minutes(day), record=True)  # the app's save; its commit and push follow
        saving = start_meetingtui("commit", "--push", "--repo", ours)
        syncing = start_meetingtui("sync", "--repo", ours)
        texts = outputs(saving, syncing)
        assert_no_false_word(texts)
        assert_settled(ours)
        assert git(ours, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
        theirs = git(colleague, "show", f"HEAD:minutes/{day.year}/{day.isoformat()}-pipeline-review.toml")
        assert git(bare, "show", f"main:minutes/{day.year}/{day.isoformat()}-pipeline-review.toml") == theirs
        assert any(f"{day.isoformat()}-weekly-sync.toml" in name for name in remote_names(bare))
