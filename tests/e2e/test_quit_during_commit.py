"""The real program, a pre-commit hook that hangs: ``q`` during the commit exits at once and says what to run."""

from __future__ import annotations

import shlex
import subprocess
import time
from pathlib import Path

from tests.e2e.helpers_pty import ENTER, START_TIMEOUT, PtyApp, app_env, meetingtui_argv
from tests.saving_agenda import SHORT
from tests.unit.test_hook_limits import assert_stopped, hook_path, install_hook

PROMPT_EXIT = 2.0
"""About a second to leave (the commit's grace and the kill), with room for a busy machine; the hook sleeps 60 s."""


def test_quitting_during_a_hung_pre_commit_exits_promptly_and_commit_finishes_later(git_repo: Path) -> None:
    pid_file = install_hook(git_repo, "pre-commit", "sleep 60")
    named = ("--facilitator", "Test Facilitator", "--no-attendance")
    argv = meetingtui_argv("run", SHORT, *named, "--repo", str(git_repo))
    with PtyApp(argv, env=app_env(), cwd=git_repo, size=(100, 30)) as app:
        app.wait_for("Start/pause", timeout=START_TIMEOUT)
        mark = app.mark()
        app.send("q")
        app.wait_for("Save & commit", since=mark)
        app.send(ENTER)
        deadline = time.monotonic() + START_TIMEOUT
        while not pid_file.exists():  # the hook runs: git commit waits for it
            assert time.monotonic() < deadline, "the pre-commit hook never ran"
            time.sleep(0.05)
        mark = app.mark()
        started = time.monotonic()
        app.send("q")
        status = app.wait_exit(timeout=PROMPT_EXIT + 10)
        took = time.monotonic() - started
        said = app.text(since=mark)
    assert took < PROMPT_EXIT, f"the app took {took:.1f} s to exit"
    assert status == 1  # saved, not committed
    assert_stopped(pid_file)
    assert "Not committed (quit during the commit)" in said
    assert f"meetingtui commit --repo {shlex.quote(str(git_repo))}" in said
    assert not (git_repo / ".git" / "index.lock").exists()
    saved = sorted(p.name for p in (git_repo / "minutes").rglob("*-rehearsal.*"))
    assert [Path(name).suffix for name in saved] == [".md", ".toml"]
    hook_path(git_repo, "pre-commit").unlink()
    done = subprocess.run(
        meetingtui_argv("commit", "--repo", str(git_repo)), env=app_env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "committed" in done.stdout
    log = subprocess.run(["git", "-C", str(git_repo), "log", "-1", "--format=%s"], capture_output=True, text=True)
    assert log.stdout.startswith("Minutes: Rehearsal")
