"""A remote whose branch is locked by another push is busy, not refusing: the push waits its turn."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from meetingtui.store import git as git_api
from meetingtui.store.git.sync import update_before_meeting
from tests.team_git import commit_minutes, git, make_team, minutes


def test_a_locked_remote_branch_is_contention_and_retried(tmp_path: Path) -> None:
    bare, (ben,) = make_team(tmp_path, 1)
    sha = git_api.commit_files(ben, commit_minutes(ben, minutes()), "Minutes")
    lock = bare / "refs" / "heads" / "main.lock"
    lock.write_text("")  # what another clone's push holds while it updates the branch
    timer = threading.Timer(0.6, lock.unlink)
    timer.start()
    try:
        result = git_api.push(ben)
    finally:
        timer.join()
    assert result.pushed and result.attempts > 1
    assert git(bare, "rev-parse", "main") == sha


def test_a_lock_that_stays_ends_in_a_bounded_time_with_the_commit_local(tmp_path: Path) -> None:
    bare, (ben,) = make_team(tmp_path, 1)
    before = git(bare, "rev-parse", "main")
    sha = git_api.commit_files(ben, commit_minutes(ben, minutes()), "Minutes")
    (bare / "refs" / "heads" / "main.lock").write_text("")
    with pytest.raises(git_api.GitError) as caught:
        git_api.push(ben, attempts=3)
    assert "rejected 3 times" in caught.value.summary
    assert "protected" not in str(caught.value)
    assert git(bare, "rev-parse", "main") == before
    assert git_api.unpushed_commits(ben) == [sha]


def test_separate_histories_are_never_replayed(tmp_path: Path) -> None:
    _bare, (ben,) = make_team(tmp_path, 1)
    git(ben, "checkout", "-q", "--orphan", "own")
    git(ben, "rm", "-rq", "--cached", ".")
    commit_minutes(ben, minutes())
    git(ben, "branch", "-q", "-M", "main")
    head = git(ben, "rev-parse", "HEAD")
    status = update_before_meeting(ben)
    assert status.fetched and "separate histories" in status.message
    assert git(ben, "rev-parse", "HEAD") == head
    with pytest.raises(git_api.GitError, match="separate histories"):
        git_api.push(ben)
    assert git(ben, "rev-parse", "HEAD") == head


def test_a_push_that_would_touch_a_file_the_user_changed_leaves_it_and_says_so(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    (ana / "README.md").write_text("# minutes, by Ana\n")
    git(ana, "commit", "-q", "-am", "readme")
    git(ana, "push", "-q")
    (ben / "README.md").write_text("# Ben's edit, not committed\n")
    sha = git_api.commit_files(ben, commit_minutes(ben, minutes()), "Minutes")
    with pytest.raises(git_api.GitError) as caught:
        git_api.push(ben)
    assert "change files you changed: README.md" in caught.value.summary
    assert "left alone" in caught.value.hint
    assert (ben / "README.md").read_text() == "# Ben's edit, not committed\n"
    assert git(ben, "rev-parse", "HEAD") == sha and git_api.unpushed_commits(ben) == [sha]
    assert git(bare, "log", "-1", "--format=%s", "main") == "readme"
