"""One meeting, one window: a meeting open in one process is neither resumed, set aside nor saved over by another.

The first window is a real second process (it holds the OS file lock); the
second window is this test process: the CLI, the session and the app.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.git.lock import open_lock_file, read_owner, write_owner
from meetingtui.store.journal import JOURNAL_NAME, discard_interrupted, find_interrupted, kept_aside
from meetingtui.store.minutes_store import load_minutes, save_minutes
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.window_lock import MeetingOpenElsewhere, open_elsewhere
from meetingtui.tui.app import NOT_SAVED, make_app
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.session_save import save

FIRST_WINDOW = """
import sys
from pathlib import Path
from tests.clock import ManualClock
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.saving_agenda import SHORT
from tests.session_save import save

repo = MinutesRepo(Path(sys.argv[1]))
clock = ManualClock()
name, agenda = resolve_agenda(SHORT, repo)
session = MeetingSession.new(repo, name, agenda, facilitator="First", clock=clock.now, wall=clock.wall)
session.meeting.toggle()
clock.advance(60)
session.meeting.capture("decisions", text="Decided in the first window")
print("open", flush=True)
sys.stdin.readline()
session.meeting.capture("decisions", text="Captured later in the first window")
clock.advance(60)
result = save(session)
print("saved", result.commit, flush=True)
"""


def first_window(root: Path, **env: str) -> subprocess.Popen[str]:
    """A real process with a meeting open in ``root`` (it waits for a line on stdin, then saves and commits).

    ``env`` changes its environment (another ``XDG_STATE_HOME``: another user's state folder).
    """
    process = subprocess.Popen(
        [sys.executable, "-c", FIRST_WINDOW, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **env},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "open"
    return process


def head_decisions(root: Path, path: Path) -> list[str]:
    shown = subprocess.run(
        ["git", "-C", str(root), "show", f"HEAD:{path.relative_to(root).as_posix()}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [decision["text"] for decision in tomllib.loads(shown).get("decisions", [])]


def test_a_second_window_is_refused_and_the_first_saves_intact(git_repo: Path) -> None:
    repo = MinutesRepo(git_repo)
    process = first_window(git_repo)
    try:
        journal = repo.state_dir / JOURNAL_NAME
        before = journal.read_bytes()
        owner = open_elsewhere(repo.state_dir)
        assert owner is not None and owner.pid == process.pid

        # `meetingtui resume` and `meetingtui run` refuse, naming the window's pid, and change nothing.
        for args in (["resume"], ["run", SHORT], []):
            result = CliRunner().invoke(main, [*args, "--repo", str(git_repo)] if args else ["--repo", str(git_repo)])
            assert result.exit_code == 2, (args, result.output)
            assert f"open in another window (pid {process.pid})" in result.stderr
            assert "Traceback" not in result.output
        # A new meeting in this window does not move the open journal aside either.
        clock = ManualClock()
        name, agenda = resolve_agenda(SHORT, repo)
        with pytest.raises(MeetingOpenElsewhere, match=f"pid {process.pid}"):
            MeetingSession.new(repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now)
        with pytest.raises(MeetingOpenElsewhere):
            MeetingSession.resume(repo, find_interrupted(repo.state_dir), clock=clock.now)
        assert journal.read_bytes() == before and kept_aside(repo.state_dir) == []

        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("go on\n")
        process.stdin.flush()
        assert process.stdout.readline().startswith("saved ")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait()
    path = repo.minutes_dir / "2026" / "2026-11-27-rehearsal.toml"
    assert head_decisions(git_repo, path) == ["Decided in the first window", "Captured later in the first window"]
    assert open_elsewhere(repo.state_dir) is None  # saved: the lock is gone with the journal
    assert find_interrupted(repo.state_dir) is None


def test_a_window_with_another_state_folder_on_the_same_checkout_is_refused(git_repo: Path, tmp_path: Path) -> None:
    repo = MinutesRepo(git_repo)
    process = first_window(git_repo, XDG_STATE_HOME=str(tmp_path / "another-users-state"))
    try:
        assert open_elsewhere(repo.state_dir) is None  # this user's state folder knows nothing of it
        owner = open_elsewhere(repo.state_dir, git_repo)
        assert owner is not None and owner.pid == process.pid
        result = CliRunner().invoke(main, ["run", SHORT, "--repo", str(git_repo)])
        assert result.exit_code == 2 and f"open in another window (pid {process.pid})" in result.stderr
        clock = ManualClock()
        name, agenda = resolve_agenda(SHORT, repo)
        with pytest.raises(MeetingOpenElsewhere, match=f"pid {process.pid}"):
            MeetingSession.new(repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now)
        assert find_interrupted(repo.state_dir) is None  # refused before any journal was written here
    finally:
        process.kill()
        process.wait()
    assert open_elsewhere(repo.state_dir, git_repo) is None  # the kernel dropped both locks with the process


async def test_the_app_in_a_second_window_offers_nothing_and_says_where_it_is(git_repo: Path) -> None:
    repo = MinutesRepo(git_repo)
    process = first_window(git_repo)
    try:
        app = make_app(repo, options=SessionOptions(commit=False))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
        assert app.return_value == NOT_SAVED
        assert app.refused is not None and f"pid {process.pid}" in app.refused
        assert app.session is None
    finally:
        process.kill()
        process.wait()


def test_a_killed_window_leaves_its_meeting_resumable(git_repo: Path) -> None:
    repo = MinutesRepo(git_repo)
    process = first_window(git_repo)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert open_elsewhere(repo.state_dir) is None  # the kernel dropped the lock with the process
    found = find_interrupted(repo.state_dir)
    assert found is not None
    clock = ManualClock()
    session = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now)
    assert [d.text for d in session.meeting.decisions] == ["Decided in the first window"]
    assert open_elsewhere(repo.state_dir) is not None  # now this process has it
    session.close()
    assert open_elsewhere(repo.state_dir) is None


def test_a_save_never_replaces_minutes_it_did_not_write(git_repo: Path) -> None:
    """Even a file with our id and our very start time (a copy edited elsewhere) is left alone; our id stays."""
    repo, clock = MinutesRepo(git_repo), ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    options = SessionOptions(commit=False)
    session = MeetingSession.new(repo, name, agenda, options=options, clock=clock.now, wall=clock.wall)
    session.meeting.toggle()
    session.meeting.capture("actions", text="Ours", owner="Dana")
    clock.advance(30)
    theirs = session.meeting.to_minutes().model_copy(update={"title": "Written in another window"})
    foreign = save_minutes(repo, theirs).toml_path
    foreign_bytes = foreign.read_bytes()
    assert load_minutes(foreign).started_at == session.meeting.to_minutes().started_at

    result = save(session)
    assert result.files[0].name == "2026-11-27-rehearsal-2.toml"
    assert session.meeting.actions[0].id == f"{session.meeting.minutes_id}#1"  # ids never change
    assert load_minutes(result.files[0]).id == session.meeting.minutes_id
    assert foreign.read_bytes() == foreign_bytes


def test_discarding_never_removes_a_meeting_open_in_another_window(git_repo: Path) -> None:
    repo = MinutesRepo(git_repo)
    process = first_window(git_repo)
    try:
        found = find_interrupted(repo.state_dir)
        with pytest.raises(MeetingOpenElsewhere):
            discard_interrupted(found, repo.root)
        assert found.path.exists()
    finally:
        process.kill()
        process.wait()
    discard_interrupted(found, repo.root)  # its window is gone: now it may go
    assert not found.path.exists() and open_elsewhere(repo.state_dir) is None


def test_an_earlier_meeting_this_user_saved_is_not_ours_either(git_repo: Path) -> None:
    """Its bytes were written here, but by another meeting (restored after its file was removed, say)."""
    repo, clock = MinutesRepo(git_repo), ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    options = SessionOptions(commit=False)
    first = MeetingSession.new(repo, name, agenda, options=options, clock=clock.now, wall=clock.wall)
    first.meeting.toggle()
    clock.advance(30)
    (path, _) = save(first).files
    kept = path.read_bytes()
    path.unlink()
    clock.advance(600)
    second = MeetingSession.new(repo, name, agenda, options=options, clock=clock.now, wall=clock.wall)
    assert second.meeting.minutes_id != first.meeting.minutes_id  # every meeting has its own id
    second.meeting.toggle()
    path.write_bytes(kept)  # back again (a checkout) before the second meeting saves
    assert save(second).files[0].name == "2026-11-27-rehearsal-2.toml"
    assert path.read_bytes() == kept


async def test_two_windows_offered_the_same_meeting_only_one_takes_it(git_repo: Path) -> None:
    """Both windows show the resume offer; the other one takes the repository first; this one's choice is refused."""
    from meetingtui.tui.screens.resume import ResumeScreen

    repo, clock = MinutesRepo(git_repo), ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    crashed = MeetingSession.new(repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now)
    crashed.meeting.toggle()
    crashed.close()
    app = make_app(repo, options=SessionOptions(commit=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        process = first_window(git_repo)  # the other window opens a meeting of this repository meanwhile
        try:
            await pilot.press("enter")
            await pilot.pause()
        finally:
            process.kill()
            process.wait()
    assert app.return_value == NOT_SAVED and app.session is None
    assert app.refused is not None and f"pid {process.pid}" in app.refused


def test_a_git_folder_this_user_cannot_lock_in_still_lets_the_meeting_run(git_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "not-a-lock"
    target.write_text("untouched\n")
    (git_repo / ".git" / "meetingtui-meeting.lock").symlink_to(target)  # never followed
    repo = MinutesRepo(git_repo)
    clock = ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now)
    assert open_elsewhere(repo.state_dir) is not None  # this process holds the state folder's lock
    session.journal.close()
    assert target.read_text() == "untouched\n"


LONGER = b'{"pid": 1, "host": "h", "minutes_id": "' + b"x" * 200 + b'"}'


@pytest.mark.parametrize("before", [b"", b"{}", LONGER, b"\xff" * 9])
def test_the_lock_file_holds_exactly_its_holders_record_whatever_it_held_before(tmp_path: Path, before: bytes) -> None:
    """The record is written over the last one and cut only when that one was longer (no truncation to 0 first)."""
    path = tmp_path / "meeting.lock"
    path.write_bytes(before)
    fd = open_lock_file(path)
    try:
        write_owner(fd, {"minutes_id": "2026-12-08-weekly-sync"})
        record = {"pid": os.getpid(), "host": socket.gethostname(), "minutes_id": "2026-12-08-weekly-sync"}
        assert read_owner(fd) == record
        assert path.read_bytes() == json.dumps(read_owner(fd)).encode()
    finally:
        os.close(fd)
