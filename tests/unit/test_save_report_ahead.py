"""A save regenerates REPORT.md beside its own writes (store/report_ahead.py): what it may start from, what it gives.

The report is made in a thread of its own from the moment the save has chosen its file, the history read seeing the
minutes about to be written; the commit waits for it. It must count the new minutes and the people the meeting
added, give the bytes a report made afterwards gives, be written only once the minutes are on disk, and never cost
the minutes their commit.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store import history_git, history_store, minutes_store, report_file
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.session_save import save


def finished_meeting(root: Path) -> MeetingSession:
    clock = ManualClock()
    name, agenda = resolve_agenda(SHORT, MinutesRepo(root))
    session = MeetingSession.new(
        MinutesRepo(root), name, agenda, options=SessionOptions(commit=True), clock=clock.now, wall=clock.wall
    )
    session.add_person("Priya Shah", Team.MARKETING)
    session.meeting.toggle()
    session.meeting.capture("actions", text="Send the pricing FAQ", owner="Priya Shah", team=Team.MARKETING)
    clock.advance(90)
    return session


def committed(root: Path) -> list[str]:
    return subprocess.run(
        ["git", "-C", str(root), "show", "--name-only", "--format=", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.split()


def test_the_report_counts_the_new_minutes_and_the_people_the_meeting_added(git_repo: Path) -> None:
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert "REPORT.md" in committed(git_repo)
    saved = (git_repo / "REPORT.md").read_bytes()
    (git_repo / "REPORT.md").unlink()
    assert report_file.write_report(git_repo) == ["REPORT.md"]
    assert (git_repo / "REPORT.md").read_bytes() == saved  # the page a report made afterwards gives
    (git_repo / "people.toml").unlink()
    report_file.write_report(git_repo)
    assert (git_repo / "REPORT.md").read_bytes() != saved  # ... and the roster the meeting added counts in it


def test_the_report_is_written_only_once_the_minutes_are_on_disk(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    real = report_file.put_report

    def put_report(path: Path, text: str) -> list[str]:
        seen.append(sorted(path.name for path in (git_repo / "minutes").rglob("*.*")))
        return real(path, text)

    monkeypatch.setattr(report_file, "put_report", put_report)
    again = []
    monkeypatch.setattr(report_file, "write_report", lambda root, **options: again.append(root) or [])
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert seen == [sorted(path.name for path in result.files[:2])]
    assert again == []  # made ahead from the bytes about to be written, not again from the disk


def test_a_report_whose_read_missed_the_new_minutes_is_made_again_from_the_disk(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_store, "being_written", lambda path: None)
    monkeypatch.setattr(history_store, "upcoming_names", lambda names, root: names)
    monkeypatch.setattr(history_store, "upcoming_relative", lambda paths, root: paths)
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    saved = (git_repo / "REPORT.md").read_bytes()
    report_file.write_report(git_repo)
    assert (git_repo / "REPORT.md").read_bytes() == saved
    assert "REPORT.md" in committed(git_repo)


def test_a_save_that_fails_before_its_minutes_are_made_writes_no_report(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(document):
        raise OSError("no memory left")

    monkeypatch.setattr(minutes_store, "dumps", broken)
    session = finished_meeting(git_repo)
    with pytest.raises(OSError, match="no memory"):
        save(session)
    assert not (git_repo / "REPORT.md").exists()
    assert session.journal is not None  # nothing was saved: the meeting stays resumable
    assert [thread.name for thread in threading.enumerate() if thread.name == "meetingtui-report"] == []


def test_a_report_that_cannot_be_made_never_holds_the_minutes_back(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path, **options):
        raise OSError("disk full")

    monkeypatch.setattr(report_file, "new_report", broken)
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert "REPORT.md" not in committed(git_repo)
    assert sorted(Path(name).suffix for name in committed(git_repo)) == [".md", ".toml", ".toml"]


def test_a_bug_in_the_report_is_raised_to_the_save_not_lost_in_its_thread(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(root: Path, **options):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(report_file, "new_report", buggy)
    session = finished_meeting(git_repo)
    with pytest.raises(ZeroDivisionError):
        save(session)
    assert session.journal is None  # the minutes were durable and the journal gone before it surfaced
    assert sorted(path.suffix for path in (git_repo / "minutes").rglob("*.*")) == [".md", ".toml"]


def test_when_only_the_changed_files_are_read_the_report_still_counts_the_new_minutes(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert save(finished_meeting(git_repo)).commit
    index = git_repo / ".git" / "index"
    later = time.time() + 5
    os.utime(index, (later, later))  # as if the files were checked out well before git wrote its index
    monkeypatch.setattr(history_git, "now_ns", lambda: time.time_ns() + 60 * 10**9)
    history_store.load_history(MinutesRepo(git_repo))  # a full listing, which leaves the shortcut its stamp
    full: list[Path] = []
    listing = history_store.git_listing
    monkeypatch.setattr(history_store, "git_listing", lambda folder: full.append(folder) or listing(folder))
    again, write_report = [], report_file.write_report
    monkeypatch.setattr(report_file, "write_report", lambda root, **options: again.append(root) or [])
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit and full == []  # the shortcut: git asked what changed, not for every file
    assert again == []  # and the new minutes counted from the bytes about to be written
    monkeypatch.setattr(report_file, "write_report", write_report)
    saved = (git_repo / "REPORT.md").read_bytes()
    (git_repo / "REPORT.md").unlink()
    report_file.write_report(git_repo)
    assert (git_repo / "REPORT.md").read_bytes() == saved
    assert "REPORT.md" in committed(git_repo)
