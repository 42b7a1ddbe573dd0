"""A time limit that runs out names the limit, and whether the network or a busy remote used it up."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from meetingtui.store import git as git_api
from meetingtui.store.git.sync import update_before_meeting
from tests.team_git import commit_minutes, git, make_team, minutes, silent_listener


def test_a_silent_remote_during_a_push_is_the_network_or_the_remote(tmp_path: Path) -> None:
    _bare, (ben,) = make_team(tmp_path, 1)
    commit_minutes(ben, minutes())
    with silent_listener() as port:
        git(ben, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/team.git")
        started = time.monotonic()
        with pytest.raises(git_api.GitError) as caught:
            git_api.push(ben, timeout=2)
        assert time.monotonic() - started < 5
    said = str(caught.value)
    assert "the push did not finish within push_timeout = 2 s: origin did not answer in time" in said
    assert "Check your network connection" in said and "meetingtui sync --repo" in said


def test_a_budget_spent_on_a_busy_remote_is_not_blamed_on_the_network(tmp_path: Path) -> None:
    bare, (ben,) = make_team(tmp_path, 1)
    hook = bare / "hooks" / "pre-receive"
    # What a remote says while other clones' pushes hold its branch: every round is lost to contention.
    hook.write_text(
        "#!/bin/sh\nsleep 0.3\necho \"error: cannot lock ref 'refs/heads/main': is at 1 but expected 2\" >&2\nexit 1\n"
    )
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    commit_minutes(ben, minutes())
    started = time.monotonic()
    with pytest.raises(git_api.GitError) as caught:
        git_api.push(ben, timeout=2)
    assert time.monotonic() - started < 5
    said = str(caught.value)
    assert "the push did not finish within push_timeout = 2 s: origin/main kept changing" in said
    assert "lost the race to other clones'" in said
    assert "Check your network" not in said and "The network works" in said


def test_a_silent_remote_before_a_meeting_names_the_fetch_limit(tmp_path: Path) -> None:
    _bare, (ben,) = make_team(tmp_path, 1)
    with silent_listener() as port:
        git(ben, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/team.git")
        status = update_before_meeting(ben, timeout=1.0)
    assert status.message == "offline: origin did not answer within 1 s (the fetch_timeout limit)"
