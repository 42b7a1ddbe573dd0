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
    (root / "draft.txt").write_text("mine, staged, not for the team\n")
    git(root, "add", "draft.txt")
    follow_blindly(result.output, tmp_path)
    assert git(bare, "rev-parse", "main") == git(root, "rev-parse", "HEAD")  # the hint, followed, shares them
    shared = set(git(bare, "ls-tree", "-r", "--name-only", "main").split())
    assert shared == {
        ".gitignore",
        "README.md",
        "agendas/README.md",
        "meetingtui.toml",
        "minutes/.gitkeep",
        "people.toml",
        "proposals/.gitkeep",
    }
    assert git(root, "status", "--porcelain") == "A  draft.txt"  # what the user staged stays theirs

    made = CliRunner().invoke(main, ["agendas", "new", "standup", "--repo", str(root)])
    assert made.exit_code == 0, made.output
    follow_blindly(made.output, tmp_path)
    assert "agendas/standup.toml" in git(bare, "ls-tree", "-r", "--name-only", "main")
    assert git(bare, "log", "-1", "--format=%s", "main") == "Agenda: standup"


def follow_blindly(output: str, cwd: Path) -> None:
    """Run the commands a hint printed (indented lines that start with git or meetingtui), as a user pastes them."""
    import shlex
    import sys

    commands = [line.strip() for line in output.splitlines() if line.startswith("  ") and "git -C" in line]
    commands += [line.strip() for line in output.splitlines() if line.strip().startswith("meetingtui sync")]
    assert commands, output
    for command in commands:
        words = shlex.split(command)
        if words[0] == "meetingtui":
            words = [sys.executable, "-m", "meetingtui", *words[1:]]
        done = subprocess.run(words, cwd=cwd, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)


def test_init_without_a_remote_says_how_to_commit_and_later_push(tmp_path: Path) -> None:
    root = tmp_path / "minutes"
    result = init(root)
    assert result.exit_code == 0, result.output
    assert "(no remote to push to yet: commit now, push later)" in result.output
    assert f"git -C {root} remote add origin URL" in result.output
    follow_blindly(result.output.replace(f"git -C {root} remote add origin URL", ""), tmp_path)
    assert git(root, "log", "--format=%s") == "Set up meeting minutes" and git(root, "status", "--porcelain") == ""


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
