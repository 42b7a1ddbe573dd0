"""How a save goes about its work: without the cyclic garbage collector (back on however it ends), and its record
written beside the files, yet durable before they are in place."""

from __future__ import annotations

import gc
import subprocess
import time
from pathlib import Path

import pytest

from meetingtui.store import minutes_store
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.state_records import written_by_us
from tests.session_save import save
from tests.unit.test_save_report_ahead import finished_meeting


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_the_collector_is_paused_while_the_minutes_are_made_and_back_on_after(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    dumps = minutes_store.dumps
    monkeypatch.setattr(minutes_store, "dumps", lambda document: seen.append(gc.isenabled()) or dumps(document))
    assert gc.isenabled()
    assert save(finished_meeting(git_repo)).commit
    assert seen == [False] and gc.isenabled()


def test_a_save_that_fails_turns_the_collector_back_on(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(document):
        raise OSError("no memory left")

    monkeypatch.setattr(minutes_store, "dumps", broken)
    with pytest.raises(OSError):
        save(finished_meeting(git_repo))
    assert gc.isenabled()


def test_the_save_s_record_is_written_before_the_minutes_are_in_place(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It is written beside the Markdown's making and the files' writes (a thread): their renames wait for it."""
    real = minutes_store.record_write
    seen: list[list[str]] = []

    def slow_record(folder: Path, path: Path, data: bytes) -> None:
        time.sleep(0.2)  # the files' temporary copies are written meanwhile
        real(folder, path, data)
        seen.append(sorted(found.suffix for found in path.parent.iterdir() if not found.name.startswith(".")))

    monkeypatch.setattr(minutes_store, "record_write", slow_record)
    result = save(finished_meeting(git_repo))
    assert result.ok and seen == [[]]  # neither file was in place when the record was done
    assert written_by_us(MinutesRepo(git_repo).state_dir, result.files[0])


def test_a_record_that_cannot_be_written_leaves_no_minutes_and_no_temporary_file(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(folder: Path, path: Path, data: bytes) -> None:
        raise OSError("read-only state folder")

    monkeypatch.setattr(minutes_store, "record_write", broken)
    session = finished_meeting(git_repo)
    with pytest.raises(OSError, match="read-only"):
        save(session)
    assert list((git_repo / "minutes").rglob("*")) in ([], [git_repo / "minutes" / "2026"])
    assert session.journal is not None  # nothing saved: the meeting stays resumable


def test_people_a_save_wrote_before_it_was_cut_short_go_into_the_commit_of_the_save_that_finishes_it(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = finished_meeting(git_repo)  # the meeting added Priya Shah
    minutes = session.finish()

    def broken(document):
        raise OSError("killed")

    with monkeypatch.context() as patched:
        patched.setattr(minutes_store, "dumps", broken)
        with pytest.raises(OSError, match="killed"):
            session.write_and_commit(minutes)
    assert "Priya Shah" in (git_repo / "people.toml").read_text()  # written as the save began
    result = session.write_and_commit(minutes)  # again: people.toml already lists her
    assert result.ok and result.commit
    assert "people.toml" in git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert git(git_repo, "status", "--porcelain", "--", "people.toml") == ""
