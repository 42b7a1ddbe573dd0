"""Which repository meetingtui uses, in docs/PRODUCT.md's order: --repo, $MEETINGTUI_REPO, enclosing, per-user."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from meetingtui.domain.errors import InputError
from meetingtui.store import git
from meetingtui.store.repo import default_data_repo, resolve_repo


def test_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen, other = tmp_path / "chosen", tmp_path / "other"
    chosen.mkdir()
    other.mkdir()
    monkeypatch.setenv("MEETINGTUI_REPO", str(other))
    assert resolve_repo(chosen).root == chosen.resolve()
    assert resolve_repo(None, cwd=tmp_path).root == other.resolve()


def test_a_missing_repository_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="meetingtui init"):
        resolve_repo(tmp_path / "nowhere")


@pytest.mark.parametrize("marker", ["meetingtui.toml", "minutes"])
def test_enclosing_repository_with_minutes_or_settings(git_repo: Path, marker: str) -> None:
    (git_repo / marker).mkdir() if marker == "minutes" else (git_repo / marker).write_text("")
    inner = git_repo / "some" / "folder"
    inner.mkdir(parents=True)
    assert resolve_repo(None, cwd=inner).root == git_repo


def test_a_plain_code_repository_is_not_used(git_repo: Path) -> None:
    repo = resolve_repo(None, cwd=git_repo)
    assert repo.root == default_data_repo()


def test_the_per_user_repository_is_created_and_initialised_once(tmp_path: Path, isolated_user: Path) -> None:
    repo = resolve_repo(None, cwd=tmp_path)
    assert repo.root.is_relative_to(isolated_user)
    assert git.is_repository(repo.root)
    assert (repo.root / "minutes").is_dir() and (repo.root / "agendas").is_dir()
    head = subprocess.run(["git", "-C", str(repo.root), "rev-parse", "--git-dir"], capture_output=True, text=True)
    assert head.returncode == 0
    (repo.root / "minutes" / "keep.txt").write_text("x")
    assert resolve_repo(None, cwd=tmp_path).root == repo.root
    assert (repo.root / "minutes" / "keep.txt").exists()
