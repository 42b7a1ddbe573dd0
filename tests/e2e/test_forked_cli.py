"""The forked command-line processes most e2e tests start (tests/forked_cli.py) behave as ``python -m meetingtui``."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from meetingtui.store.repo import REPO_ENV
from tests.team_git import git, meetingtui_command, meetingtui_env, run_meetingtui, silent_listener, start_meetingtui


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["nonsense"],
        ["actions", "--repo", "{repo}"],
        ["stats", "--format", "json", "--repo", "{repo}"],
        ["agendas", "show", "no-such-agenda", "--repo", "{repo}"],
    ],
)
def test_a_forked_command_prints_and_exits_as_python_m_meetingtui_does(git_repo: Path, args: list[str]) -> None:
    argv = [arg.format(repo=git_repo) for arg in args]
    real = subprocess.run(meetingtui_command(*argv), capture_output=True, text=True, env=meetingtui_env(), timeout=60)
    forked = run_meetingtui(*argv)
    # click names the program after argv[0]: the forked one is called as the console script `meetingtui` is
    said = [text.replace("python -m meetingtui", "meetingtui") for text in (real.stdout, real.stderr)]
    assert (forked.returncode, forked.stdout, forked.stderr) == (real.returncode, *said)


def test_a_forked_command_has_the_environment_and_folder_it_was_given(git_repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = run_meetingtui("actions", cwd=elsewhere, **{REPO_ENV: str(git_repo)})
    assert named.returncode == 0 and str(git_repo) in named.stdout + named.stderr, named
    relative = run_meetingtui("actions", "--repo", git_repo.name, cwd=git_repo.parent)
    assert relative.returncode == 0 and str(git_repo) in relative.stdout + relative.stderr, relative


def test_a_forked_command_can_be_killed_and_says_so(git_repo: Path) -> None:
    with silent_listener() as port:  # a remote that never answers: the sync waits for it
        git(git_repo, "remote", "add", "origin", f"http://127.0.0.1:{port}/team.git")
        waiting = start_meetingtui("sync", "--repo", git_repo)
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=1.0)
        waiting.kill()
        assert waiting.wait(timeout=30) == -signal.SIGKILL
