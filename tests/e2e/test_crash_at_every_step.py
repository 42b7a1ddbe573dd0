"""A `kill -9` at any named step of a save's commit and push, or of a sync, is finished by the next `sync`.

Each case kills a real `meetingtui` process at one step (``MEETINGTUI_FAULT``), then
runs `meetingtui sync` (and, when it says minutes wait to be committed, the command it
names): our minutes reach the remote, the colleague's stay as they pushed them, no
"you changed" for a change nobody made, and the clone is clean and sound.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import subprocess
from pathlib import Path

import pytest

from meetingtui.store import git as git_package
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.team_git import (
    assert_settled,
    commit_minutes,
    git,
    make_team,
    minutes,
    run_meetingtui,
)

DAY = dt.date(2026, 12, 3)
OURS = f"minutes/{DAY.year}/{DAY.isoformat()}-weekly-sync.toml"
THEIRS = f"minutes/{DAY.year}/{DAY.isoformat()}-pipeline-review.toml"

SAVE_STEPS = [  # `meetingtui commit --push` after a save: commit, a rejected push, bring the remote in, push again
    "commit:before",
    "commit:after",
    "push:before",
    "push:after-rejected",
    "push:after",
    "replay:after-worktree",
    "replay:before-remove",
    "move:before-read-tree",
    "move:before-update-ref",
    "move:after-update-ref",
]
SYNC_STEPS = [  # `meetingtui sync` with a commit of ours not pushed yet: fetch, replay, move, push
    "update:after-fetch",
    "replay:after-worktree",
    "replay:before-remove",
    "move:before-read-tree",
    "move:before-update-ref",
    "move:after-update-ref",
    "push:before",
]


def test_every_named_step_is_killed_here() -> None:
    source = "".join(path.read_text() for path in Path(git_package.__file__).parent.glob("*.py"))
    assert set(re.findall(r'point\("([^"]+)"\)', source)) == set(SAVE_STEPS) | set(SYNC_STEPS)


def run(*args: str | Path, tmp: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return run_meetingtui(*args, TMPDIR=str(tmp), **extra)


@pytest.mark.parametrize(
    ("command", "step"), [("commit", step) for step in SAVE_STEPS] + [("sync", step) for step in SYNC_STEPS]
)
def test_a_kill_at_any_step_is_finished_by_the_next_sync(tmp_path: Path, command: str, step: str) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    commit_minutes(colleague, minutes(DAY, agenda="pipeline-review"))
    git(colleague, "push", "-q", "origin", "HEAD:main")
    theirs = git(colleague, "show", f"HEAD:{THEIRS}")
    save_minutes(MinutesRepo(ours), minutes(DAY), record=True)
    written = (ours / OURS).read_text()
    args = ("commit", "--push", "--repo", ours) if command == "commit" else ("sync", "--repo", ours)
    if command == "sync":
        git(ours, "add", "minutes")
        git(ours, "commit", "-q", "-m", "Minutes: ours")

    killed = run(*args, tmp=tmp, MEETINGTUI_FAULT=step)
    assert killed.returncode == -signal.SIGKILL, f"{step} was never reached:\n{killed.stdout}{killed.stderr}"

    synced = run("sync", "--repo", ours, tmp=tmp)
    said = synced.stdout + synced.stderr
    assert "you changed" not in said and "Traceback" not in said, said
    if "not committed yet" in said:  # a save killed before its commit: sync names the command that sends it
        hinted = run("commit", "--push", "--repo", ours, tmp=tmp)
        assert hinted.returncode == 0, hinted.stdout + hinted.stderr
        said += hinted.stdout + hinted.stderr
    else:
        assert synced.returncode == 0, said
    assert "you changed" not in said and "not committed:" not in said, said

    assert_settled(ours)
    assert git(ours, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
    assert git(bare, "show", f"main:{THEIRS}") == theirs
    assert git(bare, "show", f"main:{OURS}") == written.strip()
    assert not list((ours / ".git").glob("meetingtui-move*"))
    assert not list(tmp.glob("meetingtui-rebase-*"))


@pytest.mark.parametrize("step", [step for step in SYNC_STEPS if step.startswith(("replay", "move"))])
def test_a_kill_while_our_minutes_take_a_new_id_is_finished_by_the_next_sync(tmp_path: Path, step: str) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    commit_minutes(colleague, minutes(DAY, hour=11))  # the same agenda on the same day: our id, taken first
    git(colleague, "push", "-q", "origin", "HEAD:main")
    theirs = git(colleague, "show", f"HEAD:{OURS}")
    commit_minutes(ours, minutes(DAY, hour=10))

    killed = run("sync", "--repo", ours, tmp=tmp, MEETINGTUI_FAULT=step)
    assert killed.returncode == -signal.SIGKILL, f"{step} was never reached:\n{killed.stdout}{killed.stderr}"
    synced = run("sync", "--repo", ours, tmp=tmp)
    said = synced.stdout + synced.stderr
    assert synced.returncode == 0 and "you changed" not in said, said

    assert_settled(ours)
    assert git(ours, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
    assert git(bare, "show", f"main:{OURS}") == theirs
    renamed = git(bare, "show", f"main:{OURS.removesuffix('.toml')}-2.toml")
    assert 'title = "Meeting at 10"' in renamed
    assert not list(tmp.glob("meetingtui-rebase-*"))


@pytest.mark.parametrize("step", ["move:before-read-tree", "move:before-update-ref"])
def test_after_a_kill_commit_sees_no_phantom_change_even_before_any_sync(tmp_path: Path, step: str) -> None:
    bare, (ours, colleague) = make_team(tmp_path, 2)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    commit_minutes(colleague, minutes(DAY, agenda="pipeline-review"))
    git(colleague, "push", "-q", "origin", "HEAD:main")
    commit_minutes(ours, minutes(DAY))
    killed = run("sync", "--repo", ours, tmp=tmp, MEETINGTUI_FAULT=step)
    assert killed.returncode == -signal.SIGKILL

    committed = run("commit", "--repo", ours, tmp=tmp)  # the command sync's hints name, run first

    said = committed.stdout + committed.stderr
    assert committed.returncode == 0 and "nothing to commit" in said and "not committed:" not in said, said
    assert_settled(ours)
    assert git(bare, "rev-parse", "main") == git(ours, "rev-parse", "HEAD~1")  # ours: not pushed yet, on top
