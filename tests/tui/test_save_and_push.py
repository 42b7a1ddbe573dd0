"""Saving from the summary with a remote: the commit and the push on their own lines, and quitting mid-push."""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingtui.store.git import run as git_run
from meetingtui.tui.screens.confirm import ConfirmScreen
from meetingtui.tui.screens.save_report import SavePhase
from tests.saving_agenda import SHORT
from tests.team_git import silent_listener
from tests.tui.conftest import shown_text


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def connect_remote(root: Path, url: str) -> None:
    git(root, "remote", "add", "origin", url)


def bare_remote(root: Path, tmp_path: Path) -> Path:
    """A bare repository as ``origin`` of ``root``, holding its first commit."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    connect_remote(root, str(bare))
    git(root, "push", "-q", "-u", "origin", "main")
    return bare


@contextlib.contextmanager
def silent_remote() -> Iterator[str]:
    """A ``git://`` URL on 127.0.0.1 whose server accepts connections and never answers."""
    with silent_listener() as port:
        yield f"git://127.0.0.1:{port}/minutes.git"


async def end_meeting(pilot) -> None:
    await pilot.app.screen.complete.wait()
    await pilot.press("space", "q")  # start the clock, end the meeting: the summary
    await pilot.pause()


def result_text(app) -> str:
    return shown_text(app.screen.query_one("#summary-result"), width=200)


async def wait_until(pilot, condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def exited(app, timeout: float = 20.0) -> None:
    """Until the app has quit by itself (its pilot can no longer be asked to pause)."""
    deadline = time.monotonic() + timeout
    while app.return_code is None:
        assert time.monotonic() < deadline, "the app did not quit"
        await asyncio.sleep(0.05)


async def test_the_summary_shows_repository_commit_and_push_on_their_own_lines(meeting_app, repo, tmp_path) -> None:
    bare = bare_remote(repo.root, tmp_path)
    app = meeting_app(SHORT, push=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.phase is SavePhase.IDLE and app.session.saved is not None)
        await pilot.pause()
        lines = result_text(app).splitlines()
        sha = git(bare, "rev-parse", "main").strip()
        assert f"Saved in {repo.root.resolve()}" in lines
        assert any(line.strip().endswith(".toml") for line in lines) and any(
            line.strip().endswith(".md") for line in lines
        )
        # the regenerated report went into the same commit: it is named with the minutes
        assert "REPORT.md" in git(bare, "show", "--name-only", "--format=", "main").split()
        assert "  REPORT.md" in lines
        assert f"Committed {sha[:7]}" in lines
        assert "Pushed main to origin/main" in lines
        await pilot.press("q")
    assert app.return_code == 0
    assert "Committed" in (app.farewell or "")


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        (True, "Not pushed (push is off): `meetingtui sync --repo {root}` shares it with the team."),
        (False, "No remote: the minutes stay in this repository."),
    ],
)
async def test_without_push_the_push_line_says_whether_there_is_a_remote(
    meeting_app, repo, tmp_path, remote, expected
) -> None:
    if remote:
        bare_remote(repo.root, tmp_path)
    app = meeting_app(SHORT)
    async with app.run_test(size=(120, 40)) as pilot:
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.phase is SavePhase.IDLE and app.session.saved is not None)
        await pilot.pause()
        lines = result_text(app).splitlines()
        head = git(repo.root, "rev-parse", "HEAD").strip()
        assert lines[lines.index(f"Committed {head[:7]}") + 1] == expected.format(root=shlex.quote(str(repo.root)))


async def test_a_failed_push_is_shown_with_what_git_said_and_the_commit_is_kept(meeting_app, repo, tmp_path) -> None:
    connect_remote(repo.root, str(tmp_path / "no-such-remote.git"))
    app = meeting_app(SHORT, push=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.phase is SavePhase.IDLE and app.session.saved is not None)
        await pilot.pause()
        shown = result_text(app)
        head = git(repo.root, "rev-parse", "HEAD").strip()
        assert f"Committed {head[:7]}\nNot pushed — the commit is safe here, the push pending:" in shown
        assert "Git said:" in shown and "no-such-remote.git" in shown
        assert f"`meetingtui sync --repo {shlex.quote(str(repo.root))}` pushes it" in shown
        await pilot.press("q")
    assert app.return_code == 0  # the minutes are saved and committed; the push is pending
    assert git(repo.root, "log", "-1", "--format=%s").startswith("Minutes: ")


async def test_quitting_during_a_push_that_hangs_exits_at_once_and_says_what_was_saved(meeting_app, repo) -> None:
    with silent_remote() as url:
        connect_remote(repo.root, url)
        app = meeting_app(SHORT, push=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await end_meeting(pilot)
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen.phase is SavePhase.PUSH)
            await wait_until(pilot, lambda: bool(git_run._stoppable))  # git push waits on the silent server
            await pilot.pause(0.2)
            assert "Pushing to origin…" in result_text(app)
            started = time.monotonic()
            await pilot.press("q")  # no question: the minutes are saved
            await exited(app)  # the app quits once the push's worker has ended; leaving run_test would stop it first
        for _ in range(60):  # the push's thread ends once its git is stopped; then git may talk again
            if not git_run._stoppable and not git_run._abandoned.is_set():
                break
            time.sleep(0.05)
        assert time.monotonic() - started < 4
        assert not git_run._stoppable
        assert not git_run._abandoned.is_set()
    assert app.return_code == 0
    assert f"Not pushed (quit during the push): run `meetingtui sync --repo {shlex.quote(str(repo.root))}`." in (
        app.farewell
    )
    assert git(repo.root, "log", "-1", "--format=%s").startswith("Minutes: ")
    assert git(repo.root, "status", "--porcelain") == ""


async def test_quitting_while_the_files_are_written_waits_for_the_commit_and_never_says_unsaved(
    meeting_app, repo
) -> None:
    with silent_remote() as url:
        connect_remote(repo.root, url)
        app = meeting_app(SHORT, push=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await end_meeting(pilot)
            await pilot.press("enter", "ctrl+q")
            await pilot.pause()
            assert not any(isinstance(screen, ConfirmScreen) for screen in app.screen_stack)
    assert app.return_code == 0
    assert app.farewell.startswith(f"Minutes saved in {repo.root.resolve()}")
    assert "Not pushed (quit during the push)" in app.farewell
    assert git(repo.root, "log", "-1", "--format=%s").startswith("Minutes: ")
