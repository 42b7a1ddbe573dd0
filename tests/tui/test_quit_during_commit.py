"""Quitting while a hook holds the commit (or the push's rebase): the app leaves within a second, nothing is lost.

The real app under ``run_test``, a real repository, real hook scripts that sleep.
"""

from __future__ import annotations

import datetime as dt
import shlex
import time

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.store.git import run as git_run
from tests.saving_agenda import SHORT
from tests.team_git import commit_minutes, git, minutes
from tests.tui.test_save_and_push import bare_remote, end_meeting, wait_until
from tests.unit.test_hook_limits import assert_stopped, hook_path, install_hook

PROMPT_EXIT = 1.5
"""A second to leave, and some room for a busy two-core machine; the hooks sleep for a minute."""


async def press_q_and_time_the_exit(pilot) -> float:
    app = pilot.app
    started = time.monotonic()
    await pilot.press("q")
    await wait_until(pilot, lambda: app.return_code is not None, timeout=10)
    return time.monotonic() - started


async def test_q_while_a_pre_commit_hook_hangs_leaves_at_once_and_the_commit_stays_pending(
    meeting_app, repo, tmp_path
) -> None:
    root = repo.root
    pid_file = install_hook(root, "pre-commit", "sleep 60")
    app = meeting_app(SHORT)
    async with app.run_test(size=(120, 40)) as pilot:
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, pid_file.exists)  # the hook runs: git commit is waiting for it
        took = await press_q_and_time_the_exit(pilot)
    assert took < PROMPT_EXIT, f"the app took {took:.1f} s to leave"
    assert_stopped(pid_file)
    saved = app.session.saved
    assert saved is not None and saved.commit is None and saved.commit_stopped
    assert all(path.is_file() for path in saved.files)  # the minutes are on disk
    assert not (root / ".git" / "index.lock").exists()
    assert root / "REPORT.md" in saved.files  # the report written with the minutes waits with them
    assert git(root, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        f"?? {path.relative_to(root)}" for path in sorted(saved.files)
    ]  # nothing half-staged
    assert app.farewell is not None
    assert f"Not committed (quit during the commit): run `meetingtui commit --repo {shlex.quote(str(root))}`." in (
        app.farewell
    )
    assert git(root, "log", "--format=%s") == "init"
    # Later, with the hook fixed, the command the farewell named commits them.
    hook_path(root, "pre-commit").unlink()
    done = CliRunner().invoke(main, ["commit", "--repo", str(root)])
    assert done.exit_code == 0, done.output
    assert git(root, "log", "-1", "--format=%s").startswith("Minutes: Rehearsal")
    assert git(root, "status", "--porcelain") == ""


async def test_q_during_a_push_whose_rebase_hangs_in_a_hook_names_the_commit_that_landed(
    meeting_app, repo, tmp_path
) -> None:
    root = repo.root
    bare = bare_remote(root, tmp_path)
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(bare), str(colleague))
    pid_file = install_hook(root, "post-checkout", "sleep 60")
    app = meeting_app(SHORT, push=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.history_sync.status is not None)  # the fetch at start is done
        commit_minutes(colleague, minutes(day=dt.date(2026, 11, 30)))
        git(colleague, "push", "-q")  # the remote moved on: our push must rebase, in a temporary work tree
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, pid_file.exists)
        took = await press_q_and_time_the_exit(pilot)
    assert took < PROMPT_EXIT, f"the app took {took:.1f} s to leave"
    assert_stopped(pid_file)
    head = git(root, "rev-parse", "HEAD")
    assert git(root, "log", "-1", "--format=%s").startswith("Minutes: Rehearsal")
    assert app.farewell is not None
    assert f"Committed {head[:7]}." in app.farewell
    assert f"Not pushed (quit during the push): run `meetingtui sync --repo {shlex.quote(str(root))}`." in (
        app.farewell
    )
    assert len(git(root, "worktree", "list", "--porcelain").split("\n\n")) == 1
    for _ in range(40):  # the push's worker has ended: git in this process may run again
        if not git_run._stoppable and not git_run._abandoned.is_set():
            break
        time.sleep(0.05)
    assert not git_run._abandoned.is_set()


async def test_q_after_the_push_rebased_names_the_rebased_commit(meeting_app, repo, tmp_path) -> None:
    root = repo.root
    bare = bare_remote(root, tmp_path)
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(bare), str(colleague))
    slow = tmp_path / "slow-push.pid"
    app = meeting_app(SHORT, push=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.history_sync.status is not None)
        commit_minutes(colleague, minutes(day=dt.date(2026, 11, 30)))
        git(colleague, "push", "-q")
        theirs = git(colleague, "rev-parse", "HEAD")
        # The second push attempt, after the rebase moved our branch onto theirs, hangs in pre-push.
        install_hook(
            root, "pre-push", f'if git merge-base --is-ancestor {theirs} HEAD; then echo $$ > "{slow}"; sleep 60; fi'
        )
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, slow.exists)
        took = await press_q_and_time_the_exit(pilot)
    assert took < PROMPT_EXIT, f"the app took {took:.1f} s to leave"
    assert_stopped(slow)
    head = git(root, "rev-parse", "HEAD")
    assert git(root, "rev-parse", "HEAD~1") == theirs  # our commit was replayed onto theirs: a new sha
    assert git(root, "log", "-1", "--format=%s").startswith("Minutes: Rehearsal")
    assert app.farewell is not None
    assert f"Committed {head[:7]}." in app.farewell
    assert "Not pushed (quit during the push)" in app.farewell
