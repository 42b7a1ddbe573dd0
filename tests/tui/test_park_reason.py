"""Parking asks for an optional reason, which lands in [[parked]] (journaled); a proposal's note shows as it runs."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingtui.domain.live import LiveStatus
from meetingtui.domain.proposals import OpenProposal, Proposal
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.journal import find_interrupted
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.widgets.now_panel import NowPanel
from tests.saving_agenda import SHORT
from tests.tui.conftest import advance, settled, shown_text
from tests.tui.test_live_edits import save_and_load


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_reason_typed_when_parking_is_in_the_minutes(meeting_app, clock, size) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 5)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and app.screen.dialog_title == "Park this segment"
        await pilot.press("escape")  # changed their mind: the segment keeps running
        await pilot.pause()
        assert meeting.segments[0].status is LiveStatus.CURRENT
        await pilot.press("z", *"waiting for legal", "enter")
        await pilot.pause()
        assert meeting.segments[0].status is LiveStatus.PARKED
        await pilot.press("z", "enter")  # the next one, without a reason: enter parks it all the same
        await pilot.pause()
        assert meeting.segments[1].status is LiveStatus.PARKED
        minutes = await save_and_load(pilot)
    assert [(p.title, p.reason) for p in minutes.parked] == [
        ("Review open actions", "waiting for legal"),
        ("Sales corner", None),
    ]


async def test_the_reason_survives_a_crash(meeting_app, repo, clock) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("space", "z", *"no data yet", "enter")
        await pilot.pause()
        app.session.journal.close()
    found = find_interrupted(repo.state_dir)
    assert found is not None
    resumed = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    assert [(p.title, p.reason) for p in resumed.meeting.parked] == [("Review open actions", "no data yet")]
    resumed.journal.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_proposals_note_shows_while_its_segment_runs(meeting_app, size) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        proposal = Proposal(
            title="Pricing FAQ",
            agenda="rehearsal",
            team="marketing",
            minutes=5,
            proposed_by="Dana",
            note="Bring the three questions sales hears most",
            proposed_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        )
        index = meeting.take_proposal(OpenProposal("rehearsal/pricing-faq", proposal, 7))
        await pilot.press("space", *("n" * index))
        await pilot.pause()
        assert meeting.current.title == "Pricing FAQ"
        prompts = shown_text(app.screen.query_one(NowPanel).query_one("#now-prompts"), width=size[0] // 2)
        assert "Note: Bring the three questions sales" in " ".join(prompts.split())
