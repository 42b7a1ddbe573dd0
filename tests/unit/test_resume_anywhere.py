"""``meetingtui resume`` from any folder: the per-user journal index finds interrupted meetings of every repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import JOURNAL_NAME, KEPT_PREFIX
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.resumable import all_resumable
from meetingtui.store.state_records import INDEX_NAME
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.unit.test_one_window import first_window


def make_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    return path


def interrupt(root: Path, agenda: str, decision: str, minutes: float = 0) -> str:
    """A meeting that captured one decision and then died; returns its id."""
    clock = ManualClock()
    clock.advance(minutes * 60)
    repo = MinutesRepo(root)
    name, loaded = resolve_agenda(agenda, repo)
    options = SessionOptions(commit=False)
    session = MeetingSession.new(repo, name, loaded, options=options, clock=clock.now, wall=clock.wall)
    session.meeting.toggle()
    session.meeting.capture("decisions", text=decision)
    session.close()
    return session.meeting.minutes_id


@pytest.fixture
def resumed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list:
    """Run `meetingtui resume` from a folder that is no repository; record the app it would open."""
    apps: list = []
    monkeypatch.setattr("meetingtui.cli.run._run", apps.append)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return apps


def decisions(app) -> list[str]:
    return [d.text for d in app.session.meeting.decisions]


def test_resume_from_another_folder_finds_the_meeting_of_any_repository(tmp_path: Path, resumed: list) -> None:
    root = make_repo(tmp_path / "team")
    interrupt(root, "weekly-sync", "Ship the deck")
    assert (MinutesRepo(root).state_dir / INDEX_NAME).is_file()

    result = CliRunner().invoke(main, ["resume"])
    assert result.exit_code == 0, result.output
    (app,) = resumed
    assert app.repo.root == root.resolve()
    assert decisions(app) == ["Ship the deck"]
    app.session.close()


def test_with_several_it_lists_them_and_asks(tmp_path: Path, resumed: list) -> None:
    first, second = make_repo(tmp_path / "sales"), make_repo(tmp_path / "marketing")
    interrupt(first, "weekly-sync", "Older one")
    newer = MinutesRepo(second).state_dir / JOURNAL_NAME
    interrupt(second, SHORT, "Newer one")
    os.utime(newer, (newer.stat().st_atime, newer.stat().st_mtime + 60))

    result = CliRunner().invoke(main, ["resume"], input="2\n")
    assert result.exit_code == 0, result.output
    assert "Interrupted meetings:" in result.stderr
    listed = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert str(second.resolve()) in listed[0] and str(first.resolve()) in listed[1]  # newest first
    (app,) = resumed
    assert app.repo.root == first.resolve() and decisions(app) == ["Older one"]
    app.session.close()

    # --repo picks without asking.
    result = CliRunner().invoke(main, ["resume", "--repo", str(second)])
    assert result.exit_code == 0, result.output
    assert decisions(resumed[-1]) == ["Newer one"]
    resumed[-1].session.close()


def test_a_journal_set_aside_by_a_new_meeting_is_offered(tmp_path: Path, resumed: list) -> None:
    root = make_repo(tmp_path / "team")
    early = interrupt(root, "weekly-sync", "Before the crash")
    interrupt(root, "weekly-sync", "The meeting that set it aside", minutes=90)  # no offer: a direct new session
    state_dir = MinutesRepo(root).state_dir
    assert len(list(state_dir.glob(f"{KEPT_PREFIX}*.jsonl"))) == 1

    offered = all_resumable()
    assert [item.set_aside for item in offered] == [False, True]
    result = CliRunner().invoke(main, ["resume", "--repo", str(root)], input="2\n")
    assert result.exit_code == 0, result.output
    assert "set aside by a later meeting" in result.stderr
    (app,) = resumed
    assert app.session.meeting.minutes_id == early and decisions(app) == ["Before the crash"]
    app.session.close()


def test_a_meeting_open_in_another_window_is_listed_but_not_taken(tmp_path: Path, resumed: list) -> None:
    busy, free = make_repo(tmp_path / "busy"), make_repo(tmp_path / "free")
    interrupt(free, "weekly-sync", "Free to resume")
    process = first_window(busy)
    try:
        result = CliRunner().invoke(main, ["resume"])
        assert result.exit_code == 0, result.output
        assert re.search(
            rf"not now: the meeting 2026-11-27-rehearsal\.\w{{8}} is open in another window \(pid {process.pid}\)",
            result.stderr,
        )
        (app,) = resumed
        assert decisions(app) == ["Free to resume"]
        app.session.close()

        refused = CliRunner().invoke(main, ["resume", "--repo", str(busy)])
        assert refused.exit_code == 2 and f"pid {process.pid}" in refused.stderr
    finally:
        process.kill()
        process.wait()


def test_nothing_to_resume_anywhere(resumed: list) -> None:
    result = CliRunner().invoke(main, ["resume"])
    assert result.exit_code == 2
    assert "no interrupted meeting to resume in any repository" in result.stderr
    assert resumed == []


def test_a_meeting_whose_repository_is_gone_says_so(tmp_path: Path, resumed: list) -> None:
    root = make_repo(tmp_path / "team")
    interrupt(root, "weekly-sync", "Orphan")
    journal = MinutesRepo(root).state_dir / JOURNAL_NAME
    shutil.rmtree(root)
    result = CliRunner().invoke(main, ["resume"])
    assert result.exit_code == 2 and resumed == []
    assert f"{journal}: the repository of this meeting, {root.resolve()}, is gone" in result.stderr


def test_resume_shares_the_meeting_like_run(tmp_path: Path, resumed: list) -> None:
    root = make_repo(tmp_path / "team")
    interrupt(root, "weekly-sync", "Ship it")
    alone = CliRunner().invoke(main, ["resume", "--repo", str(root), "--port", "8765"])
    assert alone.exit_code == 2 and "--host and --port go with --share." in alone.stderr
    assert resumed == []  # refused before the meeting is opened (its journal stays free)
    result = CliRunner().invoke(main, ["resume", "--repo", str(root), "--share", "--host", "0.0.0.0", "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert resumed[0].start.share == ("0.0.0.0", 8765) and decisions(resumed[0]) == ["Ship it"]
    resumed[0].session.close()  # the window it would have opened lets go of the meeting
    plain = CliRunner().invoke(main, ["resume", "--repo", str(root)])
    assert plain.exit_code == 0, plain.output
    assert resumed[1].start.share is None
