"""``meetingtui init DIR --remote URL``: joining a team is one command."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from meetingtui.cli import main
from tests.team_git import commit_minutes, git, make_team, minutes


def init(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["init", *map(str, args)])


def test_a_newcomer_clones_the_team_repository(tmp_path: Path) -> None:
    bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    root = tmp_path / "new" / "minutes"
    result = init(root, "--remote", bare)
    assert result.exit_code == 0, result.output
    assert f"cloned {bare} into {root} (following origin/main)" in result.output
    assert (root / "minutes/2026/2026-12-01-weekly-sync.toml").is_file()
    assert git(root, "rev-parse", "--abbrev-ref", "@{upstream}") == "origin/main"
    assert "created  meetingtui.toml" in result.output  # the team's repository lacked it
    assert "kept     minutes/.gitkeep (exists already)" in result.output


def test_the_first_member_clones_an_empty_remote_and_is_told_to_push(tmp_path: Path) -> None:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    root = tmp_path / "minutes"
    result = init(root, "--remote", bare)
    assert result.exit_code == 0, result.output
    assert "the remote is empty" in result.output
    assert f"meetingtui sync --repo {root}" in result.output
    assert "push = true" in (root / "meetingtui.toml").read_text()
    git(root, "add", "meetingtui.toml", "people.toml", "README.md", ".gitignore", "agendas", "minutes", "proposals")
    git(root, "commit", "-q", "-m", "Set up meeting minutes")
    synced = CliRunner().invoke(main, ["sync", "--repo", str(root)])
    assert synced.exit_code == 0, synced.output
    assert git(bare, "rev-parse", "main") == git(root, "rev-parse", "HEAD")  # the hint, followed, shares them


def test_an_existing_folder_is_connected_and_its_own_files_kept(tmp_path: Path) -> None:
    bare, _ = make_team(tmp_path, 0)
    root = tmp_path / "mine"
    root.mkdir()
    (root / "notes.txt").write_text("mine\n")
    result = init(root, "--remote", bare)
    assert result.exit_code == 0, result.output
    assert "following origin/main" in result.output
    assert (root / "README.md").read_text() == "# minutes\n"  # the team's, checked out
    assert (root / "notes.txt").read_text() == "mine\n"
    assert git(root, "rev-parse", "--abbrev-ref", "@{upstream}") == "origin/main"


def test_a_different_origin_is_not_replaced(git_repo: Path, tmp_path: Path) -> None:
    git(git_repo, "remote", "add", "origin", str(tmp_path / "old.git"))
    result = init(git_repo, "--remote", tmp_path / "new remote.git")
    assert result.exit_code == 1
    assert f"remote set-url origin '{tmp_path / 'new remote.git'}'" in result.output
    assert git(git_repo, "remote", "get-url", "origin") == str(tmp_path / "old.git")
