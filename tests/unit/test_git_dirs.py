"""git_dirs reads a work tree's git folders from its ``.git`` as git would name them, and asks git otherwise."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from meetingtui.store.git import dirs


def _git_says(root: Path) -> tuple[str, str]:
    lines = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--git-dir", "--git-common-dir"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    git_dir, common = (os.path.realpath(Path(root, line)) for line in lines)
    return git_dir, common


def _read(root: Path) -> tuple[str, str] | None:
    found = dirs._from_layout(root)
    return None if found is None else (os.path.realpath(found.git_dir), os.path.realpath(found.common_dir))


def test_a_repository_and_its_linked_worktree_read_as_git_names_them(git_repo: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    subprocess.run(["git", "-C", str(git_repo), "worktree", "add", "-q", str(linked)], check=True)

    assert _read(git_repo) == _git_says(git_repo)
    assert _read(linked) == _git_says(linked)
    assert _read(linked)[1] == _read(git_repo)[0]  # the worktree shares the repository's folder


def test_below_the_top_or_with_an_override_git_is_asked(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = git_repo / "minutes"
    inner.mkdir()
    assert _read(inner) is None
    assert dirs.git_dirs(inner) is not None  # git finds the folders from below the top
    monkeypatch.setenv("GIT_DIR", str(git_repo / ".git"))
    assert _read(git_repo) is None


def test_a_dot_git_that_is_not_a_repository_is_left_to_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert _read(tmp_path) is None
    (tmp_path / ".git").rmdir()
    (tmp_path / ".git").write_text("not a gitdir line\n")
    assert _read(tmp_path) is None
