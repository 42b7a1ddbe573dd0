"""`meetingtui commit --push` (the command sync names) never commits over minutes this clone did not write."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from meetingtui.store.markdown import render_markdown
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import dumps
from tests.team_git import assert_settled, git, make_team, minutes, run_meetingtui

DAY = dt.date(2026, 12, 3)
TOML = f"minutes/{DAY.year}/{DAY.isoformat()}-weekly-sync.toml"
MD = TOML.removesuffix(".toml") + ".md"


def meetingtui(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_meetingtui(*args)


def test_an_old_copy_left_in_the_work_tree_is_not_committed_over_the_colleagues_update(tmp_path: Path) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    record = minutes(DAY)
    save_minutes(MinutesRepo(ours), record, record=True)
    assert meetingtui("commit", "--push", "--repo", ours).returncode == 0
    git(colleague, "pull", "-q")
    fix = record.model_copy(update={"title": "Fixed by a colleague"})
    (colleague / TOML).write_text(dumps(fix.to_document()))  # the colleague fixes the minutes (and renders them)
    (colleague / MD).write_text(render_markdown(fix))
    git(colleague, "commit", "-q", "-am", "Fix the minutes")
    git(colleague, "push", "-q", "origin", "HEAD:main")
    fixed = git(bare, "show", f"main:{TOML}")
    git(ours, "pull", "-q")
    for path in (TOML, MD):  # a work tree left at the old version (an update cut short)
        (ours / path).write_text(git(ours, "show", f"HEAD~1:{path}") + "\n")

    refused = meetingtui("commit", "--push", "--repo", ours)

    said = refused.stdout + refused.stderr
    assert refused.returncode == 1, said
    assert TOML in said and MD in said and f"git -C {ours} restore -- {MD} {TOML}" in said, said
    assert git(bare, "show", f"main:{TOML}") == fixed
    assert git(ours, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
    git(ours, "restore", "--", MD, TOML)  # the hint, followed blindly
    assert meetingtui("sync", "--repo", ours).returncode == 0
    assert_settled(ours)
    assert git(bare, "show", f"main:{TOML}") == fixed


def test_a_colleagues_minutes_changed_here_are_not_committed(tmp_path: Path) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    save_minutes(MinutesRepo(colleague), minutes(DAY))
    git(colleague, "add", "minutes")
    git(colleague, "commit", "-q", "-m", "Minutes")
    git(colleague, "push", "-q", "origin", "HEAD:main")
    git(ours, "pull", "-q")
    edited = minutes(DAY, actions=2)
    (ours / TOML).write_text(dumps(edited.to_document()))  # changed here, but no save of ours wrote it
    refused = meetingtui("commit", "--repo", ours)
    assert refused.returncode == 1 and "not committed:" in refused.stderr
    assert git(ours, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")


def test_our_own_save_of_committed_minutes_is_committed(tmp_path: Path) -> None:
    bare, (ours,) = make_team(tmp_path, 1)
    record = minutes(DAY)
    save_minutes(MinutesRepo(ours), record, record=True)
    assert meetingtui("commit", "--push", "--repo", ours).returncode == 0
    again = save_minutes(MinutesRepo(ours), record.model_copy(update={"title": "Later"}), record=True)  # a resume
    assert again.toml_path == ours / TOML
    done = meetingtui("commit", "--push", "--repo", ours)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(bare, "show", f"main:{TOML}") == (ours / TOML).read_text().strip()
