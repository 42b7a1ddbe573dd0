"""Hints that show commands quote every value: pasting one into a shell runs exactly that command."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.team_git import git, minutes


def paste(line: str, cwd: Path) -> str:
    """Run a hint's command line as a user pasting it into a shell would; what it printed."""
    done = subprocess.run(["sh", "-c", line], cwd=cwd, capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def hint_line(output: str, marker: str) -> str:
    line = next(line for line in output.splitlines() if marker in line)
    return line[line.index("git -C") :].split("  (")[0].rstrip(".")


def test_a_remote_name_with_a_semicolon_is_quoted_in_the_hint(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "meetingtui.toml").write_text('remote = "origin;touch x"\n')
    save_minutes(MinutesRepo(git_repo), minutes())
    result = CliRunner().invoke(main, ["commit", "--push", "--repo", str(git_repo)])
    assert result.exit_code == 1
    line = hint_line(result.output, "remote add")
    assert "'origin;touch x'" in line
    said = paste(line.replace("URL", str(tmp_path / "remote.git")), tmp_path)
    assert not (tmp_path / "x").exists() and not (git_repo / "x").exists()
    assert "'origin;touch x' is not a valid remote name" in said  # git got the whole name as one argument


def test_a_repository_path_with_shell_characters_is_quoted_in_the_hint(tmp_path: Path) -> None:
    root = tmp_path / "team $(touch y) minutes"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "README.md").write_text("# minutes\n")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "init")
    git(root, "checkout", "-q", "--detach")
    save_minutes(MinutesRepo(root), minutes())
    result = CliRunner().invoke(main, ["commit", "--repo", str(root)])
    assert result.exit_code == 1
    line = hint_line(result.output, "switch")
    paste(line, tmp_path)
    assert not (tmp_path / "y").exists()
    assert git(root, "symbolic-ref", "--short", "HEAD") == "main"  # the pasted command did what it said
