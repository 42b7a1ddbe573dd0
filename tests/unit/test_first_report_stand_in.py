"""A repository's first save: an empty stand-in REPORT.md lets the commit's intent-to-add run while the page is made.

git's ``add --intent-to-add`` needs the file on disk; a first save's page is not made yet when the commit begins, so
an empty file stands in for it (store/report_ahead.ReportAhead._begin) and the page is written over it before the
commit proper. The committed page is the one a report made afterwards gives; when no page comes, neither the
stand-in nor its intent-to-add is left behind; a REPORT.md already there is never touched.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from meetingtui.store import report_ahead, report_file
from meetingtui.store.git import commit as git_commit
from tests.session_save import save
from tests.unit.test_save_report_ahead import committed, finished_meeting


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def page_after_intent_to_add(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The report's page is made only once the commit's first git process (``add``) has run (or 10 s have passed):
    the order the save's steps took, as a list of ``add`` (``add staged`` when it staged the files' content, with
    REPORT.md's size then, ``None`` when there was none) and ``page``."""
    steps: list[str] = []
    added = threading.Event()
    run_git, report_text = git_commit.run_git, report_file.report_text

    def watched_git(root: Path, *args: str, **options):
        adding = "add" in args
        if adding:
            report = Path(root) / "REPORT.md"
            staged = "" if "--intent-to-add" in args else " staged"
            steps.append(f"add{staged} REPORT.md={report.stat().st_size if report.exists() else None}")
        try:
            return run_git(root, *args, **options)
        finally:
            if adding:
                added.set()

    def slow_page(*args):
        added.wait(10)
        steps.append("page")
        return report_text(*args)

    monkeypatch.setattr(git_commit, "run_git", watched_git)
    monkeypatch.setattr(report_file, "report_text", slow_page)
    return steps


def test_the_intent_to_add_takes_a_stand_in_while_the_page_is_made_and_the_page_is_committed(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not (git_repo / "REPORT.md").exists()
    steps = page_after_intent_to_add(monkeypatch)
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert steps == ["add staged REPORT.md=0", "page"]  # one add, before the page: no git process added for it
    assert "REPORT.md" in committed(git_repo)
    saved = git(git_repo, "show", "HEAD:REPORT.md")
    assert saved.startswith("#") and (git_repo / "REPORT.md").read_text() == saved
    monkeypatch.undo()
    (git_repo / "REPORT.md").unlink()
    report_file.write_report(git_repo)
    assert (git_repo / "REPORT.md").read_text() == saved  # the page a report made afterwards gives
    assert git(git_repo, "status", "--porcelain") == ""


def test_a_page_that_cannot_be_written_leaves_no_stand_in_and_nothing_intent_added(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = page_after_intent_to_add(monkeypatch)

    def full(path: Path, text: str) -> list[str]:
        raise OSError("disk full")

    monkeypatch.setattr(report_file, "put_report", full)
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit and steps == ["add staged REPORT.md=0", "page"]
    assert "REPORT.md" not in committed(git_repo)
    assert not (git_repo / "REPORT.md").exists()
    assert "REPORT.md" not in git(git_repo, "ls-files")  # its intent-to-add undone
    assert git(git_repo, "status", "--porcelain") == ""


def test_a_report_already_there_is_never_stood_in_for(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (git_repo / "REPORT.md").write_text("someone's draft\n")  # untracked: the save's page replaces it
    steps = page_after_intent_to_add(monkeypatch)
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert steps == ["add REPORT.md=16", "page"]  # the file there is taken as it is, then the page written over it
    assert "REPORT.md" in committed(git_repo)
    assert (git_repo / "REPORT.md").read_text() == git(git_repo, "show", "HEAD:REPORT.md") != "someone's draft\n"


def test_with_reports_off_there_is_no_stand_in(git_repo: Path) -> None:
    (git_repo / "meetingtui.toml").write_text("report = false\n")
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert not (git_repo / "REPORT.md").exists() and "REPORT.md" not in committed(git_repo)


def test_a_commit_that_fails_after_staging_leaves_the_index_as_it_was(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'not today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = git(git_repo, "ls-files", "--stage")
    steps = page_after_intent_to_add(monkeypatch)
    result = save(finished_meeting(git_repo))
    assert steps == ["add staged REPORT.md=0", "page"]
    assert result.git_error and "hook" in result.git_error and not result.commit
    assert git(git_repo, "ls-files", "--stage") == before  # nothing the save staged is left staged
    saved = (git_repo / "REPORT.md").read_text()
    assert saved.startswith("#")  # the page, not the stand-in: the next commit takes it with the minutes
    hook.unlink()
    monkeypatch.undo()
    (git_repo / "REPORT.md").unlink()
    report_file.write_report(git_repo)
    assert (git_repo / "REPORT.md").read_text() == saved


def test_a_roster_the_save_did_not_create_is_never_staged(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (git_repo / "people.toml").write_text('[[people]]\nname = "Lee"\nteam = "sales"\n')
    git(git_repo, "add", "people.toml")
    git(git_repo, "commit", "-q", "-m", "roster")
    (git_repo / "people.toml").write_text('[[people]]\nname = "Lee"\nteam = "joint"\n')
    git(git_repo, "add", "people.toml")  # the user's own staged change, which the meeting's newcomer goes beside
    steps = page_after_intent_to_add(monkeypatch)
    result = save(finished_meeting(git_repo))  # the meeting adds Priya Shah to people.toml
    assert result.ok and result.commit
    assert steps == ["add REPORT.md=0", "page"]  # intent-to-add: people.toml's staged entry was the user's
    assert "people.toml" in committed(git_repo) and "Priya Shah" in git(git_repo, "show", "HEAD:people.toml")


def test_a_first_page_made_before_the_commit_begins_is_staged_with_the_minutes(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adds: list[str] = []
    run_git, begin = git_commit.run_git, report_ahead.ReportAhead._begin

    def watched_git(root: Path, *args: str, **options):
        if "add" in args:
            report = Path(root) / "REPORT.md"
            adds.append(f"{'add -N' if '--intent-to-add' in args else 'add'} REPORT.md={report.exists()}")
        return run_git(root, *args, **options)

    def late_begin(self: report_ahead.ReportAhead) -> bool:
        self._ready.wait(10)  # the page is made before the commit's first git process
        return begin(self)

    monkeypatch.setattr(git_commit, "run_git", watched_git)
    monkeypatch.setattr(report_ahead.ReportAhead, "_begin", late_begin)
    result = save(finished_meeting(git_repo))
    assert result.ok and result.commit
    assert adds == ["add REPORT.md=True"]  # the page written first (no stand-in), then staged with the minutes
    assert "REPORT.md" in committed(git_repo) and git(git_repo, "status", "--porcelain") == ""
