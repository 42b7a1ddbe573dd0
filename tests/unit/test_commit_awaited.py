"""A commit that waits for a file still being made (store/git/commit.Awaited: a save's REPORT.md).

git's first process (intent-to-add) runs before the wait, once the report's read is done with git's index; the
file goes in when it is made, stays out (and the index as it was) when it is not, a first one is taken too, a
failure while waiting leaves nothing behind, and the wait does not count against the commit's time limit.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from meetingtui.store import git
from meetingtui.store.git import commit as git_commit
from meetingtui.store.git.limits import limit_now

MINUTES = ["minutes/2026/a.toml", "minutes/2026/a.md"]


def run(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def committed(root: Path) -> list[str]:
    return sorted(run(root, "show", "--name-only", "--format=", "HEAD").split())


def index_entries(root: Path) -> list[str]:
    return sorted(run(root, "ls-files").split())


def write_minutes(root: Path) -> Path:
    for name in MINUTES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"{name}\n")
    return root


def git_steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commit's git commands, in order, as they run (the list also takes the test's own marks)."""
    steps: list[str] = []
    real = git_commit.run_git

    def run_git(root: Path, *args: str, **options):
        steps.append(next(arg for arg in args if not arg.startswith("-")))
        return real(root, *args, **options)

    monkeypatch.setattr(git_commit, "run_git", run_git)
    return steps


@pytest.fixture
def team(git_repo: Path) -> Path:
    (git_repo / "REPORT.md").write_text("old report\n")
    run(git_repo, "add", "REPORT.md")
    run(git_repo, "commit", "-q", "-m", "report")
    return write_minutes(git_repo)


def test_the_file_made_meanwhile_goes_in_and_the_wait_comes_after_git_has_begun(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = git_steps(monkeypatch)

    def ready() -> list[Path]:
        steps.append("ready")
        (team / "REPORT.md").write_text("new report\n")
        return [team / "REPORT.md"]

    awaited = git.Awaited((team / "REPORT.md",), ready, lambda: steps.append("begin"))
    git.commit_files(team, [team / name for name in MINUTES], "Minutes", awaited=awaited)
    assert committed(team) == sorted([*MINUTES, "REPORT.md"])
    assert steps == ["begin", "add", "ready", "commit"]  # no second intent-to-add: REPORT.md was taken up front


def test_a_report_not_made_stays_out_and_an_untracked_one_is_not_left_intent_added(git_repo: Path) -> None:
    write_minutes(git_repo)
    (git_repo / "REPORT.md").write_text("someone's draft\n")  # untracked, not made by this save
    before = index_entries(git_repo)
    awaited = git.Awaited((git_repo / "REPORT.md",), lambda: [])
    git.commit_files(git_repo, [git_repo / name for name in MINUTES], "Minutes", awaited=awaited)
    assert committed(git_repo) == sorted(MINUTES)
    assert index_entries(git_repo) == sorted([*before, *MINUTES])  # REPORT.md not known to git's index
    assert "REPORT.md" in run(git_repo, "status", "--porcelain")


@pytest.mark.parametrize("named", [True, False])
def test_a_first_report_made_while_waiting_is_taken(
    git_repo: Path, named: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_minutes(git_repo)
    steps = git_steps(monkeypatch)

    def ready() -> list[Path]:
        steps.append("ready")
        (git_repo / "REPORT.md").write_text("first report\n")
        return [git_repo / "REPORT.md"]

    awaited = git.Awaited((git_repo / "REPORT.md",) if named else (), ready)
    git.commit_files(git_repo, [git_repo / name for name in MINUTES], "Minutes", awaited=awaited)
    assert committed(git_repo) == sorted([*MINUTES, "REPORT.md"])
    # Named and not there yet: waited for first, one intent-to-add; not named: a second one for it.
    assert steps == (["ready", "add", "commit"] if named else ["add", "ready", "add", "commit"])


def test_a_failure_while_waiting_leaves_the_index_as_it_was(team: Path) -> None:
    before = index_entries(team)

    def ready() -> list[Path]:
        raise ZeroDivisionError("a bug in the report")

    head = run(team, "rev-parse", "HEAD")
    with pytest.raises(ZeroDivisionError):
        git.commit_files(team, [team / name for name in MINUTES], "Minutes", awaited=git.Awaited((), ready))
    assert index_entries(team) == before and run(team, "rev-parse", "HEAD") == head


@pytest.mark.parametrize("stage", ["begin", "ready"])
def test_the_waits_do_not_count_against_the_time_limit(team: Path, stage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    later = [0.0]
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + later[0])

    def wait() -> list[Path]:
        assert limit_now.get() is None  # the report's own git steps are not the commit's
        later[0] += 120.0  # a report that takes two minutes to make (a cold index of a big history)
        return [team / "REPORT.md"]

    waits = {"ready": wait, "begin": lambda: []}
    if stage == "begin":
        waits = {"ready": lambda: [team / "REPORT.md"], "begin": wait}
    awaited = git.Awaited((team / "REPORT.md",), waits["ready"], waits["begin"])
    git.commit_files(team, [team / name for name in MINUTES], "Minutes", timeout=30.0, awaited=awaited)
    assert committed(team) == sorted(MINUTES)  # REPORT.md unchanged: nothing of it to commit
