"""A save regenerates REPORT.md beside its own writes (store/report_ahead.py): what it may start from, what it gives.

The report runs in a thread of its own while the save writes the Markdown and drops the journal; the commit waits
for it. It must count the new minutes and the people the meeting added (so it starts only after both are on
disk), give the bytes a report made afterwards gives, and never cost the minutes their commit.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store import report_file
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT


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


def test_the_report_starts_once_the_minutes_and_the_roster_are_on_disk(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = finished_meeting(git_repo)
    seen: list[tuple[list[str], str]] = []
    real = report_file.write_report

    def write_report(root: Path, **options):
        tomls = sorted(path.name for path in (root / "minutes").rglob("*.toml"))
        people = tomllib.loads((root / "people.toml").read_text()) if (root / "people.toml").exists() else {}
        seen.append((tomls, ",".join(person["name"] for person in people.get("people", []))))
        return real(root, **options)

    monkeypatch.setattr(report_file, "write_report", write_report)
    result = session.save()
    assert result.ok and result.commit
    assert seen == [([result.files[0].name], "Priya Shah")]
    assert "REPORT.md" in committed(git_repo)


def test_the_report_a_save_commits_is_the_one_made_afterwards(git_repo: Path) -> None:
    result = finished_meeting(git_repo).save()
    assert result.ok and result.commit
    saved = (git_repo / "REPORT.md").read_bytes()
    (git_repo / "REPORT.md").unlink()
    assert report_file.write_report(git_repo) == ["REPORT.md"]
    assert (git_repo / "REPORT.md").read_bytes() == saved


def test_a_report_that_cannot_be_written_never_holds_the_minutes_back(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path, **options):
        raise OSError("disk full")

    monkeypatch.setattr(report_file, "write_report", broken)
    result = finished_meeting(git_repo).save()
    assert result.ok and result.commit
    assert "REPORT.md" not in committed(git_repo)
    assert sorted(Path(name).suffix for name in committed(git_repo)) == [".md", ".toml", ".toml"]


def test_a_bug_in_the_report_is_raised_to_the_save_not_lost_in_its_thread(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(root: Path, **options):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(report_file, "write_report", buggy)
    session = finished_meeting(git_repo)
    with pytest.raises(ZeroDivisionError):
        session.save()
    assert session.journal is None  # the minutes were durable and the journal gone before it surfaced
    assert sorted(path.suffix for path in (git_repo / "minutes").rglob("*.*")) == [".md", ".toml"]
