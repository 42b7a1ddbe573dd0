"""The history index in real git repositories: content decides, never size and time; damage means a rebuild."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import Minutes
from meetingtui.store.history_store import cache_path
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import dumps

TZ = dt.timezone(dt.timedelta(hours=1))
YESTERDAY = time.time() - 86400
"""Files checked out a day ago: old enough for any cache that trusts stamps outside a racy window."""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def minutes_path(root: Path, minutes_id: str) -> Path:
    return root / "minutes" / minutes_id[:4] / f"{minutes_id[:-9]}.toml"


def save(root: Path, minutes_id: str, actions: list[tuple[str, str]] = (), updates: list[tuple[str, str]] = ()) -> Path:
    """Minutes ``<date>-weekly-sync.<8 chars>`` with actions (text, owner) and updates (action id, status)."""
    date = dt.date.fromisoformat(minutes_id[:10])
    start = dt.datetime.combine(date, dt.time(10), TZ)
    minutes = Minutes.model_validate(
        {
            "id": minutes_id,
            "title": "Weekly sync",
            "agenda": "weekly-sync",
            "date": date,
            "started_at": start,
            "ended_at": start + dt.timedelta(minutes=45),
            "actions": [
                {"id": f"{minutes_id}#{n}", "text": text, "owner": owner, "team": "sales", "due": date}
                for n, (text, owner) in enumerate(actions, 1)
            ],
            "action_updates": [{"id": action_id, "status": status} for action_id, status in updates],
        }
    )
    path = minutes_path(root, minutes_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(minutes.to_document()))
    os.utime(path, (YESTERDAY, YESTERDAY))
    return path


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def actions(root: Path) -> bytes:
    result = CliRunner().invoke(main, ["actions", "--format", "json", "--repo", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def texts(root: Path) -> list[str]:
    return [record["text"] for record in json.loads(actions(root))]


def index_of(root: Path) -> Path:
    return cache_path(MinutesRepo(root.resolve()).minutes_dir)


FIRST = "2026-11-02-weekly-sync.k3f9q2xm"
SECOND = "2026-11-09-weekly-sync.p7d2w4ha"


@pytest.fixture
def team(git_repo: Path) -> Path:
    save(git_repo, FIRST, [("Send the one-pager", "Sam"), ("Call ACME", "Ali")])
    commit(git_repo, "first meeting")
    save(git_repo, SECOND, [("Record a demo", "Kim")], updates=[(f"{FIRST}#1", "done")])
    commit(git_repo, "second meeting")
    return git_repo


def test_the_index_is_built_and_then_answers(team: Path) -> None:
    cold = actions(team)
    assert json.loads(cold) and index_of(team).is_file()
    assert actions(team) == cold
    with sqlite3.connect(index_of(team)) as db:
        keys = {key for (key,) in db.execute("SELECT key FROM minutes")}
    blobs = {line.split()[1] for line in git(team, "ls-files", "-s", "minutes").splitlines()}
    assert keys == blobs  # keyed by git's blob ids, one row per content


def test_a_same_size_edit_that_keeps_size_and_mtime_shows_at_once(team: Path) -> None:
    assert texts(team) == ["Call ACME", "Record a demo"]
    path = minutes_path(team, SECOND)
    before = path.stat()
    path.write_text(path.read_text().replace("Record a demo", "Record a memo"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # what `touch -r` / `rsync -t` leave
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert texts(team) == ["Call ACME", "Record a memo"]


def test_an_edit_under_assume_unchanged_is_seen_too(team: Path) -> None:
    actions(team)
    path = minutes_path(team, SECOND)
    git(team, "update-index", "--assume-unchanged", str(path.relative_to(team)))
    path.write_text(path.read_text().replace("Record a demo", "Record a talk"))
    assert texts(team) == ["Call ACME", "Record a talk"]


def test_checking_out_an_older_commit_shows_the_older_history(team: Path) -> None:
    assert texts(team) == ["Call ACME", "Record a demo"]
    git(team, "checkout", "-q", "HEAD~1")
    assert texts(team) == ["Send the one-pager", "Call ACME"]
    git(team, "checkout", "-q", "main")
    assert texts(team) == ["Call ACME", "Record a demo"]


def test_an_untracked_file_and_a_modified_tracked_file_are_seen(team: Path) -> None:
    actions(team)
    save(team, "2026-11-16-weekly-sync.b5n8r1tq", [("Draft the FAQ", "Noor")])  # never added
    path = minutes_path(team, FIRST)
    path.write_text(path.read_text().replace("Call ACME", "Call ACME and Globex"))  # tracked, not staged
    assert texts(team) == ["Call ACME and Globex", "Record a demo", "Draft the FAQ"]
    assert "minutes/" in git(team, "status", "--porcelain")  # neither was committed


def test_two_clones_give_byte_identical_actions(team: Path, tmp_path: Path) -> None:
    early = tmp_path / "early"
    git(tmp_path, "clone", "-q", str(team), str(early))
    git(early, "reset", "-q", "--hard", "HEAD~1")
    actions(early)  # this clone's index was built at the first meeting, then grows with a pull
    git(early, "pull", "-q", "--ff-only")
    late = tmp_path / "late"
    git(tmp_path, "clone", "-q", str(team), str(late))
    assert index_of(early) != index_of(late)
    out = actions(early)
    assert out == actions(late) == actions(team)
    assert json.loads(out)[1]["minutes"] == SECOND


@pytest.mark.parametrize("damage", ["deleted", "garbage"])
def test_a_deleted_or_corrupt_index_is_rebuilt(team: Path, damage: str) -> None:
    expected = actions(team)
    index = index_of(team)
    if damage == "deleted":
        index.unlink()
    else:
        size = index.stat().st_size
        index.write_bytes(os.urandom(size))
    assert actions(team) == expected
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM minutes").fetchone()[0] == 2
    assert actions(team) == expected


def test_files_git_vouches_for_are_not_read_and_a_modified_one_is(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetingtui.store import history_parse, history_store

    read: list[Path] = []
    original = history_parse.read_bytes
    monkeypatch.setattr(history_parse, "read_bytes", lambda path: read.append(path) or original(path))
    # As if the files were checked out well before git last wrote its index (no racy-clean doubt).
    index = Path(git(team, "rev-parse", "--absolute-git-dir").strip()) / "index"
    later = time.time() + 5
    os.utime(index, (later, later))
    repo = MinutesRepo(team)
    history_store.load_history(repo)
    read.clear()
    history = history_store.load_history(repo)
    assert read == [] and len(history.meetings) == 2  # keys from `git ls-files`, rows from the index
    path = minutes_path(team, FIRST)
    path.write_text(path.read_text().replace("Call ACME", "Call ACME twice"))
    history = history_store.load_history(repo)
    texts = [state.original.text for state in history.actions]
    assert set(read) == {path} and texts[1] == "Call ACME twice"  # that file alone


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """Full listings made (``git_listing`` calls) and files read, with a clock that says each run began a minute
    after git last wrote its index — as when minutes are committed, then read some time later."""
    from meetingtui.store import history_git, history_parse, history_store

    seen: dict[str, list] = {"full": [], "read": []}
    listing, read = history_store.git_listing, history_parse.read_bytes
    monkeypatch.setattr(history_store, "git_listing", lambda folder: seen["full"].append(folder) or listing(folder))
    monkeypatch.setattr(history_parse, "read_bytes", lambda path: seen["read"].append(path) or read(path))
    monkeypatch.setattr(history_git, "now_ns", lambda: time.time_ns() + 60 * 10**9)
    return seen


def age_files(team: Path) -> None:
    """As if the files were checked out well before git last wrote its index (none racily clean)."""
    index = Path(git(team, "rev-parse", "--absolute-git-dir").strip()) / "index"
    later = time.time() + 5
    os.utime(index, (later, later))


def test_when_git_s_index_is_unchanged_only_the_files_git_reports_are_looked_at(team: Path, spied: dict) -> None:
    age_files(team)
    full = texts(team)
    assert full == ["Call ACME", "Record a demo"] and len(spied["full"]) == 1
    spied["full"].clear(), spied["read"].clear()
    assert texts(team) == full and spied == {"full": [], "read": []}  # no listing of the folder, no file read
    path = minutes_path(team, FIRST)
    original = path.read_text()
    path.write_text(original.replace("Call ACME", "Call ACME and Globex"))  # git sees the size change
    assert texts(team) == ["Call ACME and Globex", "Record a demo"]
    assert spied == {"full": [], "read": [path, path]}  # hashed, then parsed: that file alone
    save(team, "2026-11-16-weekly-sync.b5n8r1tq", [("Draft the FAQ", "Noor")])  # untracked
    assert texts(team) == ["Call ACME and Globex", "Record a demo", "Draft the FAQ"]
    path.write_text(original)  # back to what git's index holds, its stat data not: reported, hashed, the same key
    minutes_path(team, SECOND).unlink()
    assert texts(team) == ["Send the one-pager", "Call ACME", "Draft the FAQ"]
    assert spied["full"] == []
    spied["read"].clear()
    assert texts(team) == ["Send the one-pager", "Call ACME", "Draft the FAQ"]
    assert spied["read"] == [path, path.with_name("2026-11-16-weekly-sync.toml")]  # hashed every time, not parsed
    (team / "minutes" / "2026" / "2026-11-16-weekly-sync.toml").unlink()
    git(team, "checkout", "-q", "--", "minutes")  # git writes its index: the next run lists everything once
    assert texts(team) == full and len(spied["full"]) == 1
    assert texts(team) == full and len(spied["full"]) == 1


def test_a_checkout_of_an_older_commit_after_the_shortcut_shows_the_older_history(team: Path, spied: dict) -> None:
    assert texts(team) == texts(team) == ["Call ACME", "Record a demo"] and len(spied["full"]) == 1
    git(team, "checkout", "-q", "HEAD~1")
    assert texts(team) == texts(team) == ["Send the one-pager", "Call ACME"] and len(spied["full"]) == 2
    git(team, "checkout", "-q", "main")
    assert texts(team) == ["Call ACME", "Record a demo"] and len(spied["full"]) == 3


def test_no_shortcut_when_git_wrote_its_index_within_a_second_of_the_run(team: Path, monkeypatch) -> None:
    from meetingtui.store import history_store

    full: list[Path] = []
    listing = history_store.git_listing
    monkeypatch.setattr(history_store, "git_listing", lambda folder: full.append(folder) or listing(folder))
    actions(team)
    actions(team)  # git's index was written just now: an edit in its second could hide from git, so list again
    assert len(full) == 2


def test_a_symlink_made_after_the_shortcut_is_told_as_before(team: Path, spied: dict) -> None:
    age_files(team)
    actions(team)
    (team / "minutes" / "elsewhere").symlink_to(team / "minutes" / "2026")
    result = CliRunner().invoke(main, ["actions", "--format", "json", "--repo", str(team)])
    assert "elsewhere: a symlink, not read" in result.stderr and len(spied["full"]) == 2


def test_files_no_longer_reported_beyond_a_few_are_listed_in_full(team: Path, spied: dict, monkeypatch) -> None:
    from meetingtui.store import history_git

    age_files(team)
    before = texts(team)
    extra = save(team, "2026-11-16-weekly-sync.b5n8r1tq", [("Draft the FAQ", "Noor")])  # untracked
    assert texts(team) == [*before, "Draft the FAQ"] and len(spied["full"]) == 1
    monkeypatch.setattr(history_git, "MANY", 0)  # as if thousands went: not named to git one by one
    extra.unlink()
    assert texts(team) == before and len(spied["full"]) == 2
