"""git's index file found from the files (store/history_git.index_file): the one ``git rev-parse --git-path index``
names, without a git process, in a plain repository, below its top and in a linked work tree."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from meetingtui.store import history_git


def git_says(folder: Path) -> str:
    where = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--git-path", "index"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return os.path.realpath(os.path.join(folder, where))


def no_git(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    asked: list[tuple] = []

    def run_git(*args, **options) -> subprocess.CompletedProcess[str]:
        asked.append(args)
        return subprocess.CompletedProcess(args, 128, "", "not a git repository")

    monkeypatch.setattr(history_git, "run_git", run_git)
    return asked


@pytest.mark.parametrize("below", ["", "minutes", "minutes/2026"])
def test_the_index_of_a_plain_repository_is_read_from_its_files(
    git_repo: Path, below: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = git_repo / below
    folder.mkdir(parents=True, exist_ok=True)
    expected = git_says(folder)
    asked = no_git(monkeypatch)
    found = history_git.index_file(folder)
    assert found is not None and os.path.realpath(found.path) == expected
    assert asked == []


def test_a_linked_work_tree_has_its_own_index(git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    linked = tmp_path / "linked"
    subprocess.run(["git", "-C", str(git_repo), "worktree", "add", "-q", "--detach", str(linked)], check=True)
    expected = git_says(linked)
    assert expected != git_says(git_repo)
    asked = no_git(monkeypatch)
    found = history_git.index_file(linked)
    assert found is not None and os.path.realpath(found.path) == expected
    assert asked == []


def test_outside_any_plain_layout_git_is_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = no_git(monkeypatch)
    monkeypatch.setattr(history_git, "_index_path", lambda folder: None)
    assert history_git.index_file(tmp_path) is None
    assert len(asked) == 1 and "--git-path" in asked[0]
