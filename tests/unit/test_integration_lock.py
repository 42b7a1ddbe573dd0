"""One integration at a time per repository: the lock in the common git folder, between threads and processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from meetingtui.store.git import GitError, commit_files
from meetingtui.store.git.lock import LOCK_NAME, integration, network
from meetingtui.store.git.run import abandon_git, allow_git
from tests.team_git import git, meetingtui_env

HOLDER = """
import sys
from pathlib import Path
from meetingtui.store.git import lock

with getattr(lock, sys.argv[2])(Path(sys.argv[1]), "meetingtui sync", 5, "sync"):
    print("held", flush=True)
    sys.stdin.readline()
"""


def hold_in_another_process(root: Path, kind: str = "integration") -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=meetingtui_env(),
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_re_entrant_within_a_thread(git_repo: Path) -> None:
    with integration(git_repo, "outer", 1, "sync"), integration(git_repo, "inner", 0, "push"):
        pass


def test_threads_of_one_process_take_turns(git_repo: Path) -> None:
    held, release, errors = threading.Event(), threading.Event(), []

    def hold() -> None:
        with integration(git_repo, "first", 1, "sync"):
            held.set()
            release.wait(5)

    first = threading.Thread(target=hold)
    first.start()
    held.wait(5)
    started = time.monotonic()
    with pytest.raises(GitError, match=f"pid {os.getpid()}"), integration(git_repo, "second", 0.3, "push"):
        errors.append("entered while the other thread held the lock")
    assert 0.25 < time.monotonic() - started < 3
    release.set()
    first.join(5)
    with integration(git_repo, "third", 1, "push"):
        pass
    assert not errors


def test_a_second_process_waits_then_is_told_who_holds_it(git_repo: Path) -> None:
    holder = hold_in_another_process(git_repo)
    try:
        with pytest.raises(GitError) as refused, integration(git_repo, "a push", 0.3, "push"):
            pytest.fail("entered while another process held the lock")
        text = str(refused.value)
        assert f"pid {holder.pid}" in text and "meetingtui sync" in text and "meetingtui sync --repo" in text
        assert "Traceback" not in text
    finally:
        holder.communicate("go\n", timeout=10)
    with integration(git_repo, "a push", 1, "push"):  # released when the holder ended
        pass


def test_released_when_the_holder_is_killed(git_repo: Path) -> None:
    holder = hold_in_another_process(git_repo)
    holder.kill()
    holder.wait(10)
    with integration(git_repo, "a push", 1, "push"):
        pass


def test_every_worktree_of_a_repository_shares_the_lock(git_repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-worktree"
    git(git_repo, "worktree", "add", "-q", "-b", "other", str(other))
    holder = hold_in_another_process(git_repo)
    try:
        with pytest.raises(GitError, match=f"pid {holder.pid}"), integration(other, "a commit", 0.2, "commit"):
            pass
    finally:
        holder.communicate("go\n", timeout=10)


def test_the_lock_file_is_shared_and_never_a_symlink(git_repo: Path, tmp_path: Path) -> None:
    lock = git_repo / ".git" / LOCK_NAME
    with integration(git_repo, "sync", 1, "sync"):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(lock.stat().st_mode) == 0o666 & ~umask
    lock.unlink()
    target = tmp_path / "elsewhere"
    target.write_text("not a lock\n")
    lock.symlink_to(target)
    with pytest.raises(GitError, match="could not open the lock file"), integration(git_repo, "sync", 1, "sync"):
        pass
    assert target.read_text() == "not a lock\n"


def test_a_commit_never_waits_for_a_fetch_or_push_in_progress(git_repo: Path) -> None:
    holder = hold_in_another_process(git_repo, "network")  # a sync talking to a slow remote
    try:
        with pytest.raises(GitError, match=f"pid {holder.pid}"), network(git_repo, "a push", 0.2, "push"):
            pass
        (git_repo / "minutes.md").write_text("saved\n")
        started = time.monotonic()
        commit_files(git_repo, ["minutes.md"], "Minutes: saved while a sync talks to the remote")
        assert time.monotonic() - started < 2
    finally:
        holder.communicate("go\n", timeout=10)
    assert git(git_repo, "status", "--porcelain") == ""


def test_quitting_ends_a_wait_for_the_network_at_once(git_repo: Path) -> None:
    holder = hold_in_another_process(git_repo, "network")
    try:
        outcome: list[BaseException] = []

        def push() -> None:
            try:
                with network(git_repo, "a push", 10, "push"):
                    pass
            except GitError as exc:
                outcome.append(exc)

        waiting = threading.Thread(target=push)
        waiting.start()
        time.sleep(0.2)
        started = time.monotonic()
        abandon_git()
        waiting.join(5)
        assert time.monotonic() - started < 1 and "quitting" in str(outcome[0])
    finally:
        allow_git()
        holder.communicate("go\n", timeout=10)
