"""Where things are: a folder that is not a git repository is refused before the meeting; reads are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.store.repo import default_data_repo
from tests.saving_agenda import SHORT


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list:
    """The apps the CLI would run (none is run); the working folder is no repository."""
    apps: list = []
    monkeypatch.setattr("meetingtui.cli.run._run", apps.append)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return apps


def test_run_on_a_folder_that_is_not_a_git_repository_fails_before_the_meeting(
    tmp_path: Path, started: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "my minutes"
    plain.mkdir()
    for args in (["run", SHORT, "--repo", str(plain)], ["--repo", str(plain)], ["resume", "--repo", str(plain)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert f"{plain.resolve()}: is not a git repository (given by --repo)" in result.stderr
        assert f"meetingtui init '{plain.resolve()}'" in result.stderr  # quoted: the folder has a space
    monkeypatch.setenv("MEETINGTUI_REPO", str(plain))
    result = CliRunner().invoke(main, ["run", SHORT])
    assert result.exit_code == 2 and "(given by $MEETINGTUI_REPO)" in result.stderr
    assert started == []
    # Saving files without committing needs no git.
    assert CliRunner().invoke(main, ["run", SHORT, "--no-commit"]).exit_code == 0
    assert len(started) == 1


def test_a_folder_inside_a_git_repository_is_accepted(git_repo: Path, started: list) -> None:
    (git_repo / "sales").mkdir()
    result = CliRunner().invoke(main, ["run", SHORT, "--repo", str(git_repo / "sales")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # a repository the user named: nothing to announce
    assert started[0].repo.root == (git_repo / "sales").resolve()


@pytest.mark.parametrize(
    "args",
    [
        ["actions"],
        ["actions", "--format", "json"],
        ["actions", "--format", "ics"],
        ["actions", "--format", "md"],
        ["decisions", "--format", "json"],
        ["insights"],
        ["stats", "--format", "json"],
    ],
)
def test_every_history_command_names_the_repository_on_stderr(git_repo: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--repo", str(git_repo)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"meetingtui: reading the minutes in {git_repo.resolve()}\n"
    assert str(git_repo) not in result.stdout
    if "json" in args:
        json.loads(result.stdout)


def test_a_newcomer_is_told_where_the_default_repository_is(started: list) -> None:
    first = CliRunner().invoke(main, ["run", SHORT])
    assert first.exit_code == 0, first.output
    where = default_data_repo()
    assert first.stderr == (
        f"meetingtui: the minutes go to {where} (your own repository, created now; "
        "a team's: --repo DIR or $MEETINGTUI_REPO)\n"
    )
    again = CliRunner().invoke(main, ["run", SHORT])
    assert again.stderr == (
        f"meetingtui: the minutes go to {where} (your own repository; a team's: --repo DIR or $MEETINGTUI_REPO)\n"
    )
    actions = CliRunner().invoke(main, ["actions"])
    assert actions.stderr.startswith(f"meetingtui: reading the minutes in {where} (your own repository;")


@pytest.mark.parametrize(
    ("args", "using"),
    [
        (["commit", "--no-push"], "committing the minutes in"),
        (["sync"], "syncing"),
        (["agendas", "list"], "reading the agendas in"),
        (["agendas", "show", "weekly-sync", "--format", "md"], "reading the agendas in"),
        (["proposals", "--format", "json"], "reading the minutes in"),
        (["propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--no-push"], "proposing in"),
    ],
)
def test_commands_that_use_the_repository_name_it_on_stderr(git_repo: Path, args: list[str], using: str) -> None:
    result = CliRunner().invoke(main, [*args, "--repo", str(git_repo)])
    assert result.stderr.splitlines()[0] == f"meetingtui: {using} {git_repo.resolve()}", result.output
    assert str(git_repo.resolve()) not in result.stdout  # stdout stays the data (or what was done)
    if "json" in args:
        json.loads(result.stdout)
