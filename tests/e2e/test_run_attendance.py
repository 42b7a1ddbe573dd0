"""`run` marks attendance like the picker path: one enter accepts everyone expected; --no-attendance skips it."""

from __future__ import annotations

from pathlib import Path

from meetingtui.domain.meeting import Meeting
from meetingtui.store.journal import find_interrupted
from meetingtui.store.repo import MinutesRepo
from tests.e2e.helpers_pty import ENTER, START_TIMEOUT, PtyApp, app_env, meetingtui_argv
from tests.saving_agenda import SHORT


def replayed(root: Path) -> Meeting:
    found = find_interrupted(MinutesRepo(root).state_dir)
    assert found is not None
    meeting, _ = Meeting.replay(
        found.agenda, found.agenda_name, found.minutes_id, found.events, facilitator=found.facilitator
    )
    return meeting


def test_run_asks_who_is_here_and_enter_accepts(git_repo: Path) -> None:
    argv = meetingtui_argv("run", SHORT, "--facilitator", "Kim", "--no-commit", "--repo", str(git_repo))
    with PtyApp(argv, env=app_env(), cwd=git_repo, size=(100, 30)) as app:
        app.wait_for("Who is here?", "Kim", timeout=START_TIMEOUT)
        mark = app.mark()
        app.send(ENTER)
        app.wait_for("Start/pause", since=mark, timeout=START_TIMEOUT)
        meeting = replayed(git_repo)
        assert [(a.name, a.present) for a in meeting.attendees] == [("Kim", True)]
        assert meeting.facilitator == "Kim"


def test_no_attendance_opens_the_meeting_directly(git_repo: Path) -> None:
    argv = meetingtui_argv(
        "run", SHORT, "--facilitator", "Kim", "--no-attendance", "--no-commit", "--repo", str(git_repo)
    )
    with PtyApp(argv, env=app_env(), cwd=git_repo, size=(100, 30)) as app:
        shown = app.wait_for("Start/pause", timeout=START_TIMEOUT)
        assert "Who is here?" not in shown
        assert replayed(git_repo).attendees == []
