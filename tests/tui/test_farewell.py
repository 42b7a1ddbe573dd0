"""The shell after the app: a meeting whose commit the remote lacks ends with a line that says so."""

from __future__ import annotations

import shlex

import pytest

from meetingtui.tui.screens.save_report import SavePhase
from tests.saving_agenda import SHORT
from tests.tui.test_save_and_push import bare_remote, connect_remote, end_meeting, wait_until


@pytest.mark.parametrize("case", ["push off", "push failed", "no remote"])
async def test_the_last_line_after_the_app_says_what_was_not_pushed(meeting_app, repo, tmp_path, case) -> None:
    if case == "push off":
        bare_remote(repo.root, tmp_path)
    elif case == "push failed":
        connect_remote(repo.root, str(tmp_path / "no-such-remote.git"))
    app = meeting_app(SHORT, push=case == "push failed")
    async with app.run_test(size=(120, 40)) as pilot:
        await end_meeting(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.phase is SavePhase.IDLE and app.session.saved is not None)
        await pilot.press("q")
    assert app.return_code == 0
    last = (app.farewell or "").splitlines()[-1]
    sync = f"`meetingtui sync --repo {shlex.quote(str(repo.root))}`"
    if case == "no remote":
        assert last.startswith("Committed ") and "sync" not in app.farewell
    else:
        assert last.startswith("Not pushed") and sync in last, app.farewell
