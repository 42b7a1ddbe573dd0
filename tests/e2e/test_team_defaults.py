"""Team defaults that work for the team: the remote's own default branch, and a team repository that pushes."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from meetingtui.cli import main
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.git.join import join
from meetingtui.store.git.run import GitError
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.session_save import save
from tests.team_git import git, make_team, minutes, silent_listener


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def trunk_remote(tmp_path: Path) -> Path:
    """A bare remote whose HEAD is ``refs/heads/trunk``, with one commit there and an old ``main`` beside it."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "trunk", str(bare)], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(seed)], check=True)
    (seed / "README.md").write_text("# minutes\n")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "init")
    git(seed, "push", "-q", str(bare), "trunk", "trunk:main")
    return bare


def save_a_meeting(root: Path, options: SessionOptions) -> object:
    repo, clock = MinutesRepo(root), ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(repo, name, agenda, options=options, clock=clock.now, wall=clock.wall)
    session.meeting.toggle()
    session.meeting.capture("actions", text="Send the pricing one-pager")
    clock.advance(60)
    return save(session)


def test_a_remote_on_trunk_is_joined_on_trunk_and_meetings_land_there(tmp_path: Path) -> None:
    bare = trunk_remote(tmp_path)
    cloned = tmp_path / "cloned"
    result = cli("init", cloned, "--remote", bare)
    assert result.exit_code == 0, result.output
    assert "following origin/trunk" in result.output
    connected = tmp_path / "connected"
    connected.mkdir()
    (connected / "notes.txt").write_text("mine\n")
    result = cli("init", connected, "--remote", bare)
    assert result.exit_code == 0, result.output
    assert "following origin/trunk" in result.output and "empty" not in result.output
    for root in (cloned, connected):
        assert git(root, "rev-parse", "--abbrev-ref", "HEAD") == "trunk"
        assert git(root, "rev-parse", "--abbrev-ref", "@{upstream}") == "origin/trunk"
    main_before = git(bare, "rev-parse", "main")
    saved = save_a_meeting(connected, SessionOptions(push=True))
    assert saved.push == "ok", saved.push_error
    assert git(bare, "rev-parse", "trunk") == git(connected, "rev-parse", "HEAD")
    assert git(bare, "rev-parse", "main") == main_before  # the team stays on one branch


def test_a_clone_on_another_branch_is_told_before_anything_is_pushed(tmp_path: Path) -> None:
    bare = trunk_remote(tmp_path)
    old = tmp_path / "old"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(bare), str(old)], check=True, capture_output=True)
    save_minutes(MinutesRepo(old), minutes())
    assert cli("commit", "--repo", old).exit_code == 0
    before = {branch: git(bare, "rev-parse", branch) for branch in ("main", "trunk")}
    result = cli("sync", "--repo", old)
    assert result.exit_code == 1, result.output
    assert "branch main goes to origin/main, but origin's default branch, the team's, is trunk" in result.output
    assert "came in: nothing — not updated (see below)" in result.output
    assert {branch: git(bare, "rev-parse", branch) for branch in ("main", "trunk")} == before
    pushed = cli("commit", "--push", "--repo", old)
    assert pushed.exit_code == 1 and "the team's, is trunk: nothing was pushed" in pushed.output
    assert {branch: git(bare, "rev-parse", branch) for branch in ("main", "trunk")} == before
    fix = re.search(r"git -C \S+ fetch .*?--set-upstream-to=\S+", result.output)
    assert fix is not None, result.output
    subprocess.run(fix.group(0), shell=True, check=True, capture_output=True)  # the hint, followed blindly
    synced = cli("sync", "--repo", old)
    assert synced.exit_code == 0, synced.output
    assert "minutes/2026/2026-12-01-weekly-sync.toml" in git(bare, "ls-tree", "-r", "--name-only", "trunk")
    assert git(bare, "rev-parse", "main") == before["main"]


def test_a_joined_clone_pushes_its_minutes_without_being_asked(tmp_path: Path) -> None:
    bare, (colleague,) = make_team(tmp_path, 1, settings="push = false\n")  # as an older init wrote it
    facilitator = tmp_path / "facilitator"
    result = cli("init", facilitator, "--remote", bare)
    assert result.exit_code == 0, result.output
    assert "set      push = true in meetingtui.toml" in result.output
    saved = save_a_meeting(facilitator, SessionOptions())  # no --push
    assert saved.push == "ok", saved.push_error
    assert git(bare, "rev-parse", "main") == git(facilitator, "rev-parse", "HEAD")
    assert cli("sync", "--repo", colleague).exit_code == 0
    actions = cli("actions", "--repo", colleague, "--format", "json")
    assert actions.exit_code == 0, actions.output
    assert "Send the pricing one-pager" in actions.output


def test_a_repository_without_a_remote_never_tries_to_push(tmp_path: Path) -> None:
    root = tmp_path / "alone"
    assert cli("init", root).exit_code == 0
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Set up meeting minutes")
    saved = save_a_meeting(root, SessionOptions())
    assert saved.commit and saved.push == "off" and not saved.push_wanted


def test_init_against_a_silent_remote_is_bounded_and_leaves_nothing(tmp_path: Path) -> None:
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "meetingtui.toml").write_text('fetch_timeout = "1s"\n')
    with silent_listener() as port:
        url = f"git://127.0.0.1:{port}/team.git"
        started = time.monotonic()
        result = cli("init", existing, "--remote", url)
        took = time.monotonic() - started
        assert took < 4, took
        assert result.exit_code == 1
        assert "did not answer within 1 s (the fetch_timeout limit)" in result.output
        assert f"meetingtui init {existing} --remote" in result.output
        assert f"--repo {tmp_path}" not in result.output and f"init {tmp_path} " not in result.output
        assert sorted(p.name for p in existing.iterdir()) == ["meetingtui.toml"]
        fresh = tmp_path / "new" / "minutes"
        started = time.monotonic()
        try:
            join(fresh, url, timeout=1)
        except GitError as exc:
            said = str(exc)
        took = time.monotonic() - started
        assert took < 4, took
        assert f"meetingtui init {fresh} --remote" in said
        assert not (tmp_path / "new").exists()


def test_a_remote_given_as_a_relative_folder_is_found_from_the_clone(tmp_path: Path, monkeypatch) -> None:
    bare = trunk_remote(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("init", "team/minutes", "--remote", "remote.git")
    assert result.exit_code == 0, result.output
    assert git(tmp_path / "team" / "minutes", "remote", "get-url", "origin") == str(bare.resolve())
    assert cli("sync", "--repo", tmp_path / "team" / "minutes").exit_code == 0


def test_run_no_push_keeps_one_meeting_local_in_a_repository_that_pushes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import meetingtui.cli.run as run_command

    bare, (facilitator,) = make_team(tmp_path, 1, settings="push = true\n")
    opened: list = []
    monkeypatch.setattr(run_command, "_run", opened.append)  # the app as `run` builds it, not started
    for flags in (["--no-push"], ["--push"], []):
        result = cli("run", SHORT, "--repo", facilitator, "--no-attendance", "--facilitator", "Dana", *flags)
        assert result.exit_code == 0, result.output
    assert [app.options.push for app in opened] == [False, True, None]  # None: the repository's setting
    before = git(bare, "rev-parse", "main")
    saved = save_a_meeting(facilitator, opened[0].options)
    assert saved.commit and saved.push == "off" and not saved.push_pending
    assert git(bare, "rev-parse", "main") == before  # committed here, not pushed
    assert save_a_meeting(facilitator, opened[2].options).push == "ok"  # the setting pushes (both commits)
    assert git(bare, "rev-parse", "main") == git(facilitator, "rev-parse", "HEAD")
    misplaced = cli("--no-push", "actions", "--repo", facilitator)
    assert misplaced.exit_code == 2 and "put these options after the command" in misplaced.output
