"""Recovery of a branch move cut short: rolled forward, dropped when the branch went elsewhere, never over user work."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.store.git import GitError
from meetingtui.store.git.lock import integration
from meetingtui.store.git.recovery import INTENT_NAME, begin_move
from tests.team_git import git


def two_commits(root: Path) -> tuple[str, str]:
    """HEAD (old) and a new commit on top of it changing ``notes.txt``, the branch left at old."""
    old = git(root, "rev-parse", "HEAD")
    (root / "notes.txt").write_text("from the remote\n")
    git(root, "add", "notes.txt")
    git(root, "commit", "-q", "-m", "remote change")
    new = git(root, "rev-parse", "HEAD")
    git(root, "reset", "-q", "--hard", old)
    return old, new


def test_killed_between_read_tree_and_update_ref_is_rolled_forward(git_repo: Path) -> None:
    old, new = two_commits(git_repo)
    begin_move(git_repo, "refs/heads/main", old, new)
    git(git_repo, "read-tree", "-m", "-u", old, new)  # then the kill: HEAD old, files new
    assert git(git_repo, "status", "--porcelain") != ""  # what the user would see: a change nobody made
    with integration(git_repo, "sync", 1, "sync"):
        pass
    assert git(git_repo, "rev-parse", "HEAD") == new
    assert git(git_repo, "status", "--porcelain") == ""
    assert not (git_repo / ".git" / INTENT_NAME).exists()


def test_a_branch_that_went_elsewhere_is_left_alone(git_repo: Path) -> None:
    old, new = two_commits(git_repo)
    begin_move(git_repo, "refs/heads/main", old, new)
    (git_repo / "mine.txt").write_text("mine\n")
    git(git_repo, "add", "mine.txt")
    git(git_repo, "commit", "-q", "-m", "the user's own commit")
    mine = git(git_repo, "rev-parse", "HEAD")
    with integration(git_repo, "sync", 1, "sync"):
        pass
    assert git(git_repo, "rev-parse", "HEAD") == mine
    assert git(git_repo, "status", "--porcelain") == ""
    assert not (git_repo / ".git" / INTENT_NAME).exists()


def test_a_torn_record_is_dropped(git_repo: Path) -> None:
    (git_repo / ".git" / INTENT_NAME).write_text('{"ref": "refs/hea')
    head = git(git_repo, "rev-parse", "HEAD")
    with integration(git_repo, "sync", 1, "sync"):
        pass
    assert git(git_repo, "rev-parse", "HEAD") == head
    assert not (git_repo / ".git" / INTENT_NAME).exists()


def test_a_file_the_user_changed_since_is_never_overwritten(git_repo: Path) -> None:
    old, new = two_commits(git_repo)
    begin_move(git_repo, "refs/heads/main", old, new)
    (git_repo / "notes.txt").write_text("the user's own notes\n")  # untracked at old, in the way of new
    with pytest.raises(GitError) as refused, integration(git_repo, "sync", 1, "sync"):
        pytest.fail("integrated over a half-done move")
    assert "git -C" in refused.value.hint and "status" in refused.value.hint
    assert (git_repo / "notes.txt").read_text() == "the user's own notes\n"
    assert git(git_repo, "rev-parse", "HEAD") == old
    assert (git_repo / ".git" / INTENT_NAME).exists()  # tried again by the next integration


def test_another_branch_checked_out_since_is_left_alone(git_repo: Path) -> None:
    old, new = two_commits(git_repo)
    begin_move(git_repo, "refs/heads/main", old, new)
    git(git_repo, "switch", "-q", "-c", "elsewhere")
    with integration(git_repo, "sync", 1, "sync"):
        pass
    assert git(git_repo, "rev-parse", "main") == old
    assert git(git_repo, "status", "--porcelain") == ""
    assert not (git_repo / ".git" / INTENT_NAME).exists()
