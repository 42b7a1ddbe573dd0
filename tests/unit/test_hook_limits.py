"""The user's git hooks run inside our limits: a slow hook costs the push, fetch or commit limit, not more.

Real repositories, real hook scripts that sleep, real git processes; small limits so each test proves its bound
in seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from meetingtui.store.git import GitError, commit_files, push
from meetingtui.store.git.limits import time_limit
from meetingtui.store.git.sync import update_before_meeting
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.team_git import commit_minutes, git, make_team, minutes

KILL_SLACK = 1.5
"""What stopping git may add to a limit (SIGTERM, the grace before SIGKILL, reading what it printed), on a busy
machine."""


def hook_path(root: Path, name: str) -> Path:
    """Where git looks for the hook ``name`` of ``root``."""
    hook = Path(git(root, "rev-parse", "--git-path", f"hooks/{name}"))
    return hook if hook.is_absolute() else root / hook


def install_hook(root: Path, name: str, body: str = "sleep 20") -> Path:
    """An executable hook that says it started, writes its pid, then runs ``body``; returns its pid file."""
    pid_file = root.parent / f"{root.name}-{name}.pid"
    hook = hook_path(root, name)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(f'#!/bin/sh\necho "{name}: checking"\necho $$ > "{pid_file}"\n{body}\n')
    hook.chmod(0o755)
    return pid_file


def assert_stopped(pid_file: Path) -> None:
    """The hook's shell is gone (its sleep went with it: one process group)."""
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if _zombie(pid):  # killed, and waiting for whoever adopted it (git died first) to reap it: not running
            return
        time.sleep(0.05)
    raise AssertionError(f"the hook (pid {pid}) is still running")


def _zombie(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def racing_clones(tmp_path: Path) -> tuple[Path, Path, str]:
    """Two clones; the first pushed minutes, the second committed its own and must rebase to push them."""
    bare, (ann, ben) = make_team(tmp_path, 2)
    commit_minutes(ann, minutes(day=dt.date(2026, 12, 1)))
    git(ann, "push", "-q")
    commit_minutes(ben, minutes(day=dt.date(2026, 12, 2)))
    return bare, ben, git(ben, "rev-parse", "HEAD")


@pytest.mark.parametrize("hook", ["post-checkout", "prepare-commit-msg"])
def test_a_slow_hook_during_the_push_rebase_costs_the_push_limit_not_more(tmp_path: Path, hook: str) -> None:
    bare, ben, ours = racing_clones(tmp_path)
    pid_file = install_hook(ben, hook)
    started = time.monotonic()
    with pytest.raises(GitError) as caught:
        push(ben, timeout=3)
    took = time.monotonic() - started
    assert took < 3 + KILL_SLACK, f"the push took {took:.1f} s"
    error = caught.value
    assert error.summary == f"the push did not finish within push_timeout = 3 s: the hook {hook} was still running"
    assert f"Your {hook} hook is slow or stuck" in error.hint
    assert "Your commits are safe locally, not pushed" in error.hint and "meetingtui sync --repo" in error.hint
    assert f"{hook}: checking" in error.output  # what the hook printed
    assert_stopped(pid_file)
    assert git(ben, "rev-parse", "HEAD") == ours  # the commit is safe, the branch as it was
    assert git(bare, "rev-list", "--count", "main") == "2"  # not pushed
    assert len(git(ben, "worktree", "list", "--porcelain").split("\n\n")) == 1  # the temporary tree is gone
    assert git(ben, "status", "--porcelain") == ""
    # Once the hook is fixed, the same push lands.
    hook_path(ben, hook).unlink()
    assert push(ben, timeout=10).rebased


@pytest.mark.parametrize("hook", ["post-checkout", "prepare-commit-msg"])
def test_a_hook_that_fails_during_the_push_rebase_is_named_with_what_it_said(tmp_path: Path, hook: str) -> None:
    _bare, ben, ours = racing_clones(tmp_path)
    install_hook(ben, hook, "echo 'lfs: object missing' >&2; exit 3")
    with pytest.raises(GitError) as caught:
        push(ben, timeout=10)
    assert hook in caught.value.summary and "clash" not in caught.value.summary
    assert "lfs: object missing" in caught.value.output
    assert git(ben, "rev-parse", "HEAD") == ours
    assert len(git(ben, "worktree", "list", "--porcelain").split("\n\n")) == 1


def test_a_commit_past_commit_timeout_names_the_hook_and_leaves_no_lock(git_repo: Path) -> None:
    pid_file = install_hook(git_repo, "pre-commit", "sleep 60")
    paths = save_minutes(MinutesRepo(git_repo), minutes()).paths
    git(git_repo, "add", "README.md")  # something the user staged stays staged
    before = git(git_repo, "status", "--porcelain")
    started = time.monotonic()
    with pytest.raises(GitError) as caught:
        commit_files(git_repo, paths, "Minutes: x", timeout=2)
    took = time.monotonic() - started
    assert took < 2 + KILL_SLACK, f"the commit took {took:.1f} s"
    error = caught.value
    assert error.summary == (
        "the commit did not finish within commit_timeout = 2 s: the hook pre-commit was still running"
    )
    assert "commit_timeout in meetingtui.toml" in error.hint
    assert f"meetingtui commit --repo {git_repo}" in error.hint
    assert "pre-commit: checking" in error.output
    assert_stopped(pid_file)
    assert not (git_repo / ".git" / "index.lock").exists()  # git got SIGTERM first and removed its lock
    # git's own locks are gone; meetingtui's lock files stay (an flock on them ends with the process, not the file)
    assert not [lock for lock in (git_repo / ".git").glob("*.lock") if not lock.name.startswith("meetingtui-")]
    assert git(git_repo, "status", "--porcelain") == before  # nothing half-added: the index is as it was
    assert all(path.is_file() for path in paths)
    assert git(git_repo, "log", "--format=%s") == "init"


def test_inside_a_push_the_tighter_limit_is_the_one_named(git_repo: Path) -> None:
    install_hook(git_repo, "pre-commit", "sleep 60")
    paths = save_minutes(MinutesRepo(git_repo), minutes()).paths
    started = time.monotonic()
    with pytest.raises(GitError) as caught, time_limit(1, "push", setting="push_timeout", then="safe"):
        commit_files(git_repo, paths, "Minutes: x", timeout=30)
    assert time.monotonic() - started < 1 + KILL_SLACK
    assert caught.value.summary.startswith("the push did not finish within push_timeout = 1 s: the hook pre-commit")


def test_the_sync_before_a_meeting_is_bounded_by_fetch_timeout_with_a_slow_hook(tmp_path: Path) -> None:
    _bare, ben, ours = racing_clones(tmp_path)
    pid_file = install_hook(ben, "post-checkout")
    started = time.monotonic()
    status = update_before_meeting(ben, timeout=2)
    assert time.monotonic() - started < 2 + KILL_SLACK
    assert not status.fetched
    assert status.message == (
        "not updated: the sync did not finish within fetch_timeout = 2 s: the hook post-checkout was still running"
    )
    assert_stopped(pid_file)
    assert git(ben, "rev-parse", "HEAD") == ours


def test_commit_timeout_is_a_duration_setting_like_the_others() -> None:
    from meetingtui.domain.settings import RepoSettings

    assert RepoSettings().commit_timeout == RepoSettings.defaults().commit_timeout == 30
    assert RepoSettings(commit_timeout="1m").commit_timeout == 60
    for bad in ("0s", "11m", "soon"):
        with pytest.raises(ValueError):
            RepoSettings(commit_timeout=bad)


def test_meetingtui_commit_honours_the_repositorys_commit_timeout(git_repo: Path) -> None:
    from click.testing import CliRunner

    from meetingtui.cli import main

    (git_repo / "meetingtui.toml").write_text('commit_timeout = "2s"\n')
    git(git_repo, "add", "meetingtui.toml")
    git(git_repo, "commit", "-q", "-m", "settings")
    save_minutes(MinutesRepo(git_repo), minutes())
    install_hook(git_repo, "pre-commit", "sleep 20")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["commit", "--repo", str(git_repo)])
    assert time.monotonic() - started < 2 + KILL_SLACK
    assert result.exit_code == 1
    assert "the commit did not finish within commit_timeout = 2 s: the hook pre-commit was still running" in (
        result.output
    )
    assert "Traceback" not in result.output
