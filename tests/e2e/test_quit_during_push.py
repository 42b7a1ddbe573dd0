"""The real program, a remote that never answers: ``q`` during the push exits at once, saved, and says so."""

from __future__ import annotations

import shlex
import subprocess
import time
from pathlib import Path

from tests.e2e.helpers_pty import ENTER, START_TIMEOUT, PtyApp, app_env, meetingtui_argv
from tests.saving_agenda import SHORT
from tests.team_git import silent_listener

PROMPT_EXIT = 5.0
"""Well under the push's own time limit (15 s): only stopping the push makes the app exit this soon."""


def test_quitting_during_a_hung_push_exits_promptly_with_the_commit_kept(git_repo: Path) -> None:
    with silent_listener() as port:
        subprocess.run(
            ["git", "-C", str(git_repo), "remote", "add", "origin", f"git://127.0.0.1:{port}/minutes.git"], check=True
        )
        named = ("--facilitator", "Sam", "--no-attendance")
        argv = meetingtui_argv("run", SHORT, *named, "--repo", str(git_repo), "--push")
        with PtyApp(argv, env=app_env(), cwd=git_repo, size=(100, 30)) as app:
            app.wait_for("Start/pause", timeout=START_TIMEOUT)
            mark = app.mark()
            app.send("q")
            app.wait_for("Save & commit", since=mark)
            mark = app.mark()
            app.send(ENTER)
            app.wait_for("Committed", "Pushing to origin…", since=mark, timeout=START_TIMEOUT)
            mark = app.mark()
            started = time.monotonic()
            app.send("q")
            status = app.wait_exit(timeout=PROMPT_EXIT + 10)
            took = time.monotonic() - started
            said = app.text(since=mark)
    assert status == 0
    assert took < PROMPT_EXIT, f"the app took {took:.1f} s to exit"
    assert "Not pushed (quit during the push)" in said
    assert f"meetingtui sync --repo {shlex.quote(str(git_repo))}" in said
    log = subprocess.run(["git", "-C", str(git_repo), "log", "-1", "--format=%s"], capture_output=True, text=True)
    assert log.stdout.startswith("Minutes: Rehearsal")
