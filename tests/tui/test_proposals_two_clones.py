"""Two clones of one bare remote: a topic proposed in one is offered in the other's next meeting after a sync."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.proposals import ProposalsScreen
from tests.clock import ManualClock
from tests.session_save import save
from tests.tui.conftest import settled


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--repo", str(root)], catch_exceptions=False)


async def test_a_proposal_pushed_from_one_clone_is_offered_in_the_other(tmp_path: Path, git_repo: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(git_repo), str(remote)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)

    made = cli(
        b, "propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "marketing", "--minutes", "8", "--push"
    )
    assert made.exit_code == 0, made.stderr
    assert "pushed" in made.stdout
    assert not (a / "proposals").exists()  # not here until A syncs
    git(a, "pull", "-q", "--ff-only")  # team-git's `meetingtui sync` does this (and more) on the merged branch

    clock = ManualClock()
    repo = MinutesRepo(a)
    name, agenda = resolve_agenda("weekly-sync", repo)
    app = make_app(
        repo, agenda_name=name, agenda=agenda, options=SessionOptions(push=True), clock=clock.now, wall=clock.wall
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ProposalsScreen)
        assert [item.proposal.title for item in app.screen.proposals] == ["Pricing FAQ"]
        await pilot.press("t", "enter")
        await pilot.pause()
        await pilot.press("space")
        saved = save(app.session)
        assert saved.ok and saved.pushed, saved

    git(b, "pull", "-q", "--ff-only")
    listed = cli(b, "proposals", "--format", "json")
    assert json.loads(listed.stdout) == []  # taken by A's meeting: closed everywhere, the file untouched
    assert (b / "proposals" / "weekly-sync").is_dir()
