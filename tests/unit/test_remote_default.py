"""The remote's default branch comes from the remote itself, or from what the clone recorded when it cannot say."""

from __future__ import annotations

import subprocess
from pathlib import Path

from meetingtui.store.git.branch import recorded_default, remote_default
from tests.team_git import git, make_team


def test_the_remote_says_its_default_branch_and_the_answer_is_recorded(tmp_path: Path) -> None:
    bare, (ana,) = make_team(tmp_path, 1)
    git(ana, "push", "-q", "origin", "main:trunk")
    git(bare, "symbolic-ref", "HEAD", "refs/heads/trunk")  # the team moved to trunk after Ana cloned
    git(ana, "fetch", "-q")
    assert recorded_default(ana, "origin") == "main"  # what the clone recorded back then
    assert remote_default(ana, "origin", timeout=5) == "trunk"
    assert recorded_default(ana, "origin") == "trunk"


def test_an_empty_remote_says_nothing_and_the_recorded_branch_answers(tmp_path: Path) -> None:
    bare = tmp_path / "empty.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "trunk", str(bare)], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(bare), str(clone)], check=True, capture_output=True)
    assert remote_default(clone, "origin", timeout=5) is None
    git(clone, "commit", "-q", "--allow-empty", "-m", "first")
    git(clone, "push", "-q", "origin", "HEAD:elsewhere")
    git(clone, "fetch", "-q")
    git(clone, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/elsewhere")
    assert remote_default(clone, "origin", timeout=5) == "elsewhere"
