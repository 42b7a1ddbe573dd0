"""``minutes_dir = "./minutes"`` is the folder ``minutes``: a same-day id race still lands without a manual merge."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from meetingtui.cli import main
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.team_git import git, make_team, minutes, remote_names


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_a_dotted_minutes_folder_still_renames_ours_on_an_id_race(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2, settings='minutes_dir = "./minutes/"\n')
    save_minutes(MinutesRepo(ana), minutes(hour=9))
    save_minutes(MinutesRepo(ben), minutes(hour=11))
    assert cli("commit", "--push", "--repo", ana).exit_code == 0
    pushed = cli("commit", "--push", "--repo", ben)
    assert pushed.exit_code == 0, pushed.output
    landed = {name for name in remote_names(bare) if name.endswith(".toml")}
    assert landed == {"minutes/2026/2026-12-01-weekly-sync.toml", "minutes/2026/2026-12-01-weekly-sync-2.toml"}
    assert git(ben, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
    assert git(ben, "status", "--porcelain") == ""
