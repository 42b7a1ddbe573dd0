"""A teammate commits a symlink where meetingtui keeps shared files: no command follows it out of the repository.

Each case makes one shared path (``proposals/<agenda>``, ``proposals/``, ``agendas/``,
``people.toml``, ``meetingtui.toml``) a symlink to a folder or file outside, then runs
every command that opens the repository: each exits 2 with a line that names the path
and says how to mend it, and nothing outside changes. The commands run in-process through
click (seventy processes would cost seconds of the shared cores); ``propose``, the one
that writes, also runs as a real ``python -m meetingtui``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main

ROOT = Path(__file__).parents[2]

COMMANDS: list[list[str]] = [
    ["actions"],
    ["decisions"],
    ["insights"],
    ["stats"],
    ["proposals"],
    ["propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales"],
    ["propose", "--withdraw", "weekly-sync/2026-12-01-old-topic"],
    ["agendas", "list"],
    ["agendas", "show", "weekly-sync"],
    ["agendas", "new", "launch"],
    ["commit"],
    ["sync"],
    ["run", "weekly-sync", "--no-commit"],
    ["resume"],
]

LINKS = {
    # the shared path: (what it points to outside, the words of the fix)
    "proposals/weekly-sync": ("folder", "replace it with a plain folder"),
    "proposals": ("folder", "replace it with a plain folder"),
    "agendas": ("folder", "replace it with a plain folder"),
    "people.toml": ("people", "replace it with a plain file"),
    "meetingtui.toml": ("settings", "replace it with a plain file"),
}


def meetingtui(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "meetingtui", *args, "--repo", str(root)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository with what a symlink might point at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "2026-12-01-old-topic.toml").write_text(
        'title = "Old topic"\nagenda = "weekly-sync"\nteam = "sales"\nminutes = 5\n'
        'proposed_by = "Test Facilitator"\nproposed_at = 2026-12-01T10:00:00+01:00\n'
    )
    (folder / "people.toml").write_text('[[people]]\nname = "Eve"\nteam = "sales"\n')
    (folder / "settings.toml").write_text("push = false\n")
    return folder


@pytest.mark.parametrize("link", sorted(LINKS))
def test_every_command_refuses_a_shared_path_that_leads_out(git_repo: Path, outside: Path, link: str) -> None:
    target, fix = LINKS[link]
    (git_repo / link).parent.mkdir(exist_ok=True)
    pointed = {"folder": outside, "people": outside / "people.toml", "settings": outside / "settings.toml"}[target]
    (git_repo / link).symlink_to(pointed)
    before = snapshot(outside)
    for command in COMMANDS:
        result = CliRunner().invoke(main, [*command, "--repo", str(git_repo)])
        shown = f"meetingtui {shlex.join(command)}:\n{result.stdout}{result.stderr}{result.exception!r}"
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), shown
        assert f"meetingtui: {git_repo / link}: leads out of the repository" in result.stderr, shown
        assert f"through a symlink — {fix}" in result.stderr, shown
    done = meetingtui(git_repo, *COMMANDS[5])
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert f"meetingtui: {git_repo / link}: leads out of the repository" in done.stderr, done.stderr
    assert snapshot(outside) == before
    assert sorted(p.name for p in outside.iterdir()) == ["2026-12-01-old-topic.toml", "people.toml", "settings.toml"]


def test_a_failed_proposal_commit_names_git_commands_that_commit_it(git_repo: Path) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\necho "hook says no"\nexit 1\n')
    hook.chmod(0o755)
    done = meetingtui(git_repo, "propose", "Pricing 'FAQ' & more", "--agenda", "weekly-sync", "--team", "sales")
    assert done.returncode == 1, done.stderr
    assert "meetingtui commit" not in done.stderr
    hint = next(line for line in done.stderr.splitlines() if "then run `" in line)
    command = hint.split("then run `", 1)[1].rsplit("`", 1)[0]
    hook.unlink()
    subprocess.run(["bash", "-c", command], check=True, capture_output=True)
    committed = subprocess.run(
        ["git", "-C", str(git_repo), "show", "--name-only", "--format=%s", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    assert committed[0] == "Propose: Pricing 'FAQ' & more (weekly-sync)"
    assert committed[2].startswith("proposals/weekly-sync/") and committed[2].endswith("-pricing-faq-more.toml")
