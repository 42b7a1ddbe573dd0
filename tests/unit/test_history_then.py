"""load_history_then: the answer is made inside the index transaction, before the index's changes are committed
(a save's report hands its page over while the index syncs to disk)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from meetingtui.domain.history import History
from meetingtui.store.history_index import HistoryIndex
from meetingtui.store.history_query import FIGURES
from meetingtui.store.history_store import PathsOf, cache_path, load_history, load_history_then, open_action_records
from meetingtui.store.repo import MinutesRepo
from tests.unit.test_history_store import action, minutes_toml, rows, write

NEW = "2026-11-16-weekly-sync"


@pytest.fixture
def team(tmp_path: Path) -> MinutesRepo:
    for day in ("2026-11-02", "2026-11-09"):
        write(tmp_path, f"{day}-weekly-sync.toml", minutes_toml(f"{day}-weekly-sync", day))
    return MinutesRepo(tmp_path)


def committed_minutes(repo: MinutesRepo) -> int:
    """What another reader of the index sees now (the committed state)."""
    with sqlite3.connect(cache_path(repo.minutes_dir), timeout=0) as other:
        return other.execute("SELECT count(*) FROM minutes").fetchone()[0]


def test_the_answer_comes_before_the_index_commits_its_update(team: MinutesRepo) -> None:
    load_history(team)  # the index knows the first two files
    write(team.root, f"{NEW}.toml", minutes_toml(NEW, "2026-11-16", action(NEW, 1, "Send the deck")))
    seen: dict[str, object] = {}

    def then(history: History, paths_of: PathsOf) -> str:
        seen["meetings"] = [meeting.id for meeting in history.meetings]
        seen["committed"] = committed_minutes(team)
        seen["paths"] = paths_of({NEW, "nobody"})
        return "page"

    assert load_history_then(team, then, parts=FIGURES) == "page"
    assert NEW in seen["meetings"] and len(seen["meetings"]) == 3  # the answer counts the new file …
    assert seen["committed"] == 2  # … while the index's update is not committed yet
    assert seen["paths"] == {NEW: team.minutes_dir / "2026" / f"{NEW}.toml"}  # asked of the same transaction
    assert rows(team) == 3 == committed_minutes(team)  # then committed


def test_without_an_index_it_reads_the_files(team: MinutesRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HistoryIndex, "open", classmethod(lambda cls, path: None))  # none can be kept
    found = load_history_then(team, lambda history, paths_of: (len(history.meetings), paths_of({NEW})), parts=FIGURES)
    assert found == (2, {})  # every file read and folded; no file known by the index
    assert not cache_path(team.minutes_dir).exists()


def test_the_records_left_for_later_are_in_the_index_it_commits(team: MinutesRepo) -> None:
    load_history(team)
    write(team.root, f"{NEW}.toml", minutes_toml(NEW, "2026-11-16", action(NEW, 1, "Send the deck")))
    load_history_then(team, lambda history, paths_of: None, parts=FIGURES)  # the report's read: records after it
    found = open_action_records(team)  # the index as that read committed it (no file changed since: no update)
    assert found is not None
    records, _ = found
    assert [json.loads(record)["id"] for record in records] == [f"{NEW}#1"]
    with sqlite3.connect(cache_path(team.minutes_dir)) as db:
        assert db.execute("SELECT count(*) FROM opened").fetchone()[0] == 1
