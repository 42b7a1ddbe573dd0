"""REPORT.md stays current on the git host by itself (issue 22): committed with every save, regenerated on a
race instead of merged, never dependent on the clock, off with ``report = false``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from meetingtui.session import MeetingSession, PushOutcome, SaveResult, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.team_git import assert_settled, git, make_team, run_meetingtui

DAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def hold_meeting(root: Path, who: str, *, push: bool, day: dt.datetime = DAY, commits: bool = True) -> SaveResult:
    """A weekly sync run as the screen runs it, with an action already overdue on its own day; saved."""
    repo = MinutesRepo(root)
    name, agenda = resolve_agenda("weekly-sync", repo)
    clock = ManualClock(day)
    session = MeetingSession.new(
        repo, name, agenda, facilitator=who, options=SessionOptions(push=push), clock=clock.now, wall=clock.wall
    )
    session.load_history()
    session.meeting.toggle()
    session.meeting.capture("actions", text=f"Follow up for {who}", owner=who, due=day.date() - dt.timedelta(days=3))
    clock.advance(600)
    result = session.write_and_commit(session.finish())
    assert bool(result.commit) == commits, result.git_error
    return session.push_saved(result)


def report_of(root: Path, *args: str) -> str:
    """What `meetingtui report` prints for the repository at ``root``, as a user runs it."""
    done = run_meetingtui("report", "--repo", root, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def files_of(root: Path, rev: str = "HEAD") -> list[str]:
    return git(root, "show", "--name-only", "--format=", rev).split()


def meetingtui(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_meetingtui(*args)


def test_a_save_commits_the_report_with_its_minutes_and_a_sync_with_nothing_new_commits_nothing(
    tmp_path: Path,
) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    saved = hold_meeting(ana, "Ana", push=True)
    assert saved.push is PushOutcome.OK, saved.push_error
    names = files_of(ana)
    assert names[0] == "REPORT.md" and len(names) == 3 and all(n.startswith("minutes/") for n in names[1:])
    assert (ana / "REPORT.md").read_text() == report_of(ana)
    assert git(ana, "status", "--porcelain") == ""

    synced = meetingtui("sync", "--repo", ben)  # brings Ana's minutes and their current report: nothing to redo
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Report:" not in synced.stdout
    assert git(ben, "rev-parse", "HEAD") == git(ana, "rev-parse", "HEAD")
    again = meetingtui("sync", "--repo", ben)
    assert again.returncode == 0 and "came in: nothing new" in again.stdout
    assert git(ben, "rev-parse", "HEAD") == git(ana, "rev-parse", "HEAD")


def test_a_sync_that_brings_minutes_without_their_report_commits_the_report_alone(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2, settings="report = false\n")
    hold_meeting(ana, "Ana", push=True)  # a clone with reports off: minutes only
    assert not (ana / "REPORT.md").exists() and files_of(ana)[0].startswith("minutes/")
    (ben / "meetingtui.toml").write_text("report = true\n")  # Ben turns reports on (not committed: his own)
    synced = meetingtui("sync", "--repo", ben)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Report: Sales & marketing alignment report regenerated" in synced.stdout
    assert files_of(ben) == ["REPORT.md"]
    assert git(bare, "show", "main:REPORT.md") + "\n" == report_of(ben)


def test_a_sync_that_replays_our_minutes_carries_the_report_of_both_in_our_commit(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    hold_meeting(ana, "Ana", push=True)
    hold_meeting(ben, "Ben", push=False, day=DAY + dt.timedelta(hours=2))  # committed, not pushed
    synced = meetingtui("sync", "--repo", ben)  # Ben's commit replayed onto Ana's, its report made again there
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Report:" not in synced.stdout  # no commit of its own: the replayed commit carries it
    assert git(ben, "rev-parse", "HEAD~1") == git(ana, "rev-parse", "HEAD")
    assert "REPORT.md" in files_of(ben)
    report = (ben / "REPORT.md").read_text()
    assert "Follow up for Ana" in report and "Follow up for Ben" in report
    assert report == report_of(ben) == git(bare, "show", "main:REPORT.md") + "\n"
    assert_settled(ben)


def test_report_false_writes_nothing(tmp_path: Path) -> None:
    _bare, (ana,) = make_team(tmp_path, 1, settings="report = false\n")
    hold_meeting(ana, "Ana", push=False)
    assert not (ana / "REPORT.md").exists()
    assert all(name.startswith("minutes/") for name in files_of(ana))
    proposed = meetingtui("propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--repo", ana)
    assert proposed.returncode == 0, proposed.stderr
    assert not (ana / "REPORT.md").exists()


@pytest.mark.parametrize("report_at_base", [False, True], ids=["both-add-it", "both-change-it"])
def test_a_push_race_regenerates_the_report_instead_of_merging_it(tmp_path: Path, report_at_base: bool) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    if report_at_base:  # an earlier meeting both clones have: REPORT.md exists, and both saves change it
        hold_meeting(ana, "Ana", push=True, day=DAY - dt.timedelta(days=7))
        git(ben, "pull", "-q", "--ff-only")
    hold_meeting(ana, "Ana", push=True)
    raced = hold_meeting(ben, "Ben", push=True)  # same agenda, same day: Ben's files move to -2, on top of Ana's
    assert raced.push == "ok", raced.push_error
    assert any(path.name.endswith("-2.toml") for path in raced.files)
    # The replay's temporary tree read its minutes through Ben's own index: it left no index of its own behind.
    indexes = sorted(p.name for p in (Path(os.environ["XDG_CACHE_HOME"]) / "meetingtui" / "history").glob("*.sqlite"))
    assert [name.split("-")[0] for name in indexes] == ["clone1", "clone2"], indexes

    fresh = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(bare), str(fresh)], check=True, capture_output=True)
    on_remote = (fresh / "REPORT.md").read_text()
    assert on_remote == report_of(fresh)  # byte for byte what the merged history gives
    assert "Follow up for Ana" in on_remote and "Follow up for Ben" in on_remote
    assert "-2.md" in on_remote  # the overdue link follows Ben's minutes to their new name
    assert "<<<<<<<" not in on_remote
    assert (ben / "REPORT.md").read_text() == on_remote
    assert "REPORT.md" in files_of(ben)  # regenerated into Ben's replayed commit, not a merge
    assert_settled(ben)


def test_the_report_does_not_depend_on_the_clock(tmp_path: Path) -> None:
    _bare, (ana,) = make_team(tmp_path, 1)
    hold_meeting(ana, "Ana", push=False)
    written = (ana / "REPORT.md").read_text()
    # As of the newest minutes' date, whatever day it is now: the same bytes as --as-of that date...
    assert written == report_of(ana, "--as-of", DAY.date().isoformat())
    # ...and not the bytes of any other day, so "today" could not have slipped in unnoticed.
    assert written != report_of(ana, "--as-of", (DAY.date() + dt.timedelta(days=40)).isoformat())
    assert dt.date.today().isoformat() not in written


def test_a_report_left_by_a_failed_commit_never_holds_the_update_back(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    hook = ben / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    hold_meeting(ben, "Ben", push=False, day=DAY + dt.timedelta(days=1), commits=False)
    assert "?? REPORT.md" in git(ben, "status", "--porcelain")  # written with the minutes, waiting with them
    hold_meeting(ana, "Ana", push=True)  # the remote's REPORT.md now changes under Ben's

    synced = meetingtui("sync", "--repo", ben)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "REPORT.md" in synced.stdout.split("came in from origin:")[1]
    assert (ben / "REPORT.md").read_text() == report_of(ben)  # rewritten: both meetings, Ben's uncommitted too
    hook.unlink()
    committed = meetingtui("commit", "--repo", ben, "--push")
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert git(bare, "show", "main:REPORT.md") + "\n" == report_of(ben)
    assert_settled(ben)
