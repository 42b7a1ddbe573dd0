"""Commands that tell the truth when there is nothing to show: which filter left nothing, which folder is no
minutes repository, and help pages in plain words."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from meetingtui.cli import main
from tests.e2e.test_cli_history import TODAY, days, run, save


@pytest.mark.parametrize("command", ["actions", "decisions", "concerns", "insights", "stats", "report", "sync"])
def test_a_folder_that_is_no_minutes_repository_is_refused_with_the_init_hint(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "typo"
    folder.mkdir()
    (folder / "notes.txt").write_text("not minutes")
    code, out, err = run(command, "--repo", str(folder))
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"meetingtui: {folder}: is not a minutes repository (given by --repo: no git repository, no meetingtui.toml,"
        f" no minutes/ folder) — give the team's clone, or make this one with `meetingtui init {folder}`"
    )
    (folder / "meetingtui.toml").write_text("")  # what `meetingtui init` writes first makes it one
    assert run(command, "--repo", str(folder))[0] != 2
    (folder / "meetingtui.toml").unlink()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)  # as a git repository is, for `run` too
    assert run(command, "--repo", str(folder))[0] != 2


def test_empty_answers_say_what_the_filters_left_out(tmp_path: Path) -> None:
    root = tmp_path / "team"
    a = f"{days(-2)}-weekly-sync"
    owners = [("Sam", "sales"), ("Ali", "sales"), ("Dana", "marketing")]
    actions = [
        {"id": f"{a}#{n}", "text": f"Task {n}", "owner": o, "team": t, "due": days(3)}
        for n, (o, t) in enumerate(owners, 1)
    ]
    save(root, a, days(-2), actions=actions, decisions=[{"text": "Keep Mondays"}], insights=[{"text": "SSO"}])
    save(root, f"{days(-1)}-weekly-sync", days(-1), concerns=[{"text": "Cold leads", "from_team": "sales"}])

    def said(*args: str) -> str:
        code, out, err = run(*args, "--repo", str(root))
        assert code == 0, err
        return out.strip()

    assert said("actions", "--overdue") == "No overdue actions (3 open)."
    assert said("actions", "--overdue", "--format", "md") == "_No overdue actions (3 open)._"
    assert said("actions", "--format", "json", "--overdue") == "[]"
    assert said("actions", "--team", "joint") == "No open actions of joint (3 open)."
    assert said("actions", "--owner", "kim", "--overdue") == "No overdue actions owned by 'kim' (3 open)."
    assert said("decisions", "--since", "today") == "No decisions since " + TODAY.isoformat() + " (1 in all)."
    assert said("insights", "--since", "today") == "No insights since " + TODAY.isoformat() + " (1 in all)."
    assert said("concerns", "--from", "marketing") == "No concerns from marketing (1 in all)."
    assert said("concerns", "--to", "sales", "--open") == "No open concerns to sales (1 in all)."
    assert "Task 1" in said("actions", "--team", "sales")  # a filter that finds something shows it


def test_every_help_page_is_plain_text_without_rst_markup() -> None:
    import click

    group = main
    names = [[name] for name in group.list_commands(click.Context(group))]
    agendas = group.get_command(click.Context(group), "agendas")
    names += [["agendas", name] for name in agendas.list_commands(click.Context(agendas))]
    pages = {" ".join(name): run(*name, "--help") for name in [[], *names]}
    assert len(pages) > 15 and "sync" in pages
    for name, (code, out, _) in pages.items():
        assert code == 0 and out.startswith("Usage:"), name
        assert "``" not in out and ":func:" not in out and ":class:" not in out, (name, out)
    assert "never committed (meetingtui commit takes those)" in " ".join(pages["sync"][1].split())
