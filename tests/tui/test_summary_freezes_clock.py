"""q stops the clock: the summary shows the times that are saved, and escape comes back paused."""

from __future__ import annotations

import tomllib

from meetingtui.store.minutes_store import find_minutes_file
from meetingtui.tui.screens.summary import SummaryScreen
from tests.saving_agenda import SHORT
from tests.tui.conftest import advance, settled


async def test_the_summary_times_are_the_saved_times(meeting_app, clock, repo) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 12)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not meeting.running
        shown = meeting.to_minutes().segments[0].actual_seconds
        clock.advance(50)  # the facilitator reads the summary for a while
        await pilot.pause()
        assert meeting.to_minutes().segments[0].actual_seconds == shown == 12

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
        assert not meeting.running  # back in the meeting, paused
        await pilot.press("q", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = tomllib.loads(find_minutes_file(repo, meeting.minutes_id).read_text())
    assert saved["segments"][0]["actual_seconds"] == 12


async def test_ended_at_is_when_q_was_pressed_not_when_saved(meeting_app, clock, repo) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 12)
        pressed = clock.wall()
        await pilot.press("q")
        await pilot.pause()
        clock.advance(300)  # five minutes reading the summary, then enter saves
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = tomllib.loads(find_minutes_file(repo, meeting.minutes_id).read_text())
    assert saved["ended_at"] == pressed.replace(microsecond=0)
    markdown = find_minutes_file(repo, meeting.minutes_id).with_suffix(".md").read_text()
    assert f"–{pressed:%H:%M} " in markdown and "(12s)" in markdown
