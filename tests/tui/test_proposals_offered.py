"""Proposed topics offered when a meeting starts: take, leave for later, decline with a reason."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.proposals import Proposal
from meetingtui.store.minutes_store import load_minutes
from meetingtui.store.proposals_store import save_proposal
from meetingtui.tui.screens.proposals import ProposalsScreen
from meetingtui.tui.widgets.segment_heading import SegmentHeading
from tests.session_save import save
from tests.tui.conftest import settled, shown_text

TZ = dt.timezone(dt.timedelta(hours=1))


def propose(repo, slug, title, team, minutes, by, day, agenda="weekly-sync", **more) -> str:
    proposal_id = f"{agenda}/2026-11-{day:02d}-{slug}"
    proposal = Proposal(
        title=title,
        agenda=agenda,
        team=team,
        minutes=minutes,
        proposed_by=by,
        proposed_at=dt.datetime(2026, 11, day, 9, 0, tzinfo=TZ),
        **more,
    )
    save_proposal(repo, proposal_id, proposal)
    return proposal_id


async def test_take_later_and_decline(meeting_app, repo) -> None:
    faq = propose(repo, "pricing-faq", "Pricing FAQ", "marketing", 10, "Dana", 20, owner="Dana", note="3 calls asked")
    later = propose(repo, "webinar", "Webinar dates [/b]", "marketing", 5, "Kim [WIP]", 21)
    logo = propose(repo, "discounts", "Discount rules", "sales", 15, "Sam", 22)
    propose(repo, "other", "Not this agenda", "sales", 5, "Sam", 22, agenda="funnel-review")
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ProposalsScreen)
        assert [item.id for item in screen.proposals] == [faq, later, logo]  # oldest first
        asked = shown_text(screen.query_one("#proposals-asked"))
        assert "Sales asks 15m (agenda: 11m)" in asked and "Marketing asks 15m (agenda: 9m)" in asked
        assert "3 calls asked" in shown_text(screen.query_one("#proposal-detail"))
        listed = screen.query_one("#proposal-list")
        assert [str(listed.get_row_at(i)[3]) for i in range(3)] == [
            "Pricing FAQ",
            "Webinar dates [/b]",
            "Discount rules",
        ]
        assert "Kim [WIP], 6 days ago" in str(listed.get_row_at(1)[4])  # user text as typed, never markup
        await pilot.press("t")  # Pricing FAQ: take (the cursor moves on)
        await pilot.press("l")  # Webinar: later
        await pilot.press("x", *"not ours to set", "enter")  # Discount rules: declined, with the reason
        await pilot.press("enter")  # done
        await pilot.pause()
        assert not isinstance(app.screen, ProposalsScreen)
        meeting = app.session.meeting
        titles = [segment.title for segment in meeting.segments]
        faq_index = titles.index("Pricing FAQ")
        assert titles[faq_index + 1] == "Open floor: one concern each way"  # before the open floor
        taken = meeting.segments[faq_index]
        assert (taken.team.value, taken.planned, taken.owner, taken.proposed_by) == ("marketing", 600, "Dana", "Dana")
        assert "Webinar dates [/b]" not in titles and "Discount rules" not in titles
        assert app.session.open_proposals()[0].id == later  # deferred: still open for this meeting's reckoning
        await pilot.press("space", *["n"] * faq_index)
        assert meeting.current is taken
        assert "proposed by Dana" in app.screen.query_one(SegmentHeading).owner.plain
        await pilot.press("q")
        await pilot.pause()
        summary = shown_text(app.screen.query_one("#summary-body"), width=200)
        assert "Proposals taken up: Pricing FAQ" in summary
        assert "Proposals declined: Discount rules (not ours to set)" in summary
        saved_files = save(app.session).files
    saved = load_minutes(saved_files[0])
    assert [(p.id, p.segment) for p in saved.proposals_taken] == [(faq, "Pricing FAQ")]
    assert [(p.id, p.reason) for p in saved.proposals_declined] == [(logo, "not ours to set")]
    assert next(s for s in saved.segments if s.title == "Pricing FAQ").proposed_by == "Dana"


async def test_escape_leaves_every_proposal_open(meeting_app, repo) -> None:
    propose(repo, "pricing-faq", "Pricing FAQ", "marketing", 10, "Dana", 20)
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ProposalsScreen)
        await pilot.press("t", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProposalsScreen)
        assert app.session.meeting.proposals_taken == [] and len(app.session.open_proposals()) == 1


def plain(renderable) -> str:
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def start_app(repo, clock):
    from meetingtui.session import SessionOptions
    from meetingtui.tui.app import make_app

    return make_app(repo, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)


async def test_picker_detail_shows_time_asked_and_adjust_decides_before_the_start(repo, clock) -> None:
    from textual.widgets import DataTable

    from meetingtui.tui.screens.adjust import AdjustScreen
    from meetingtui.tui.screens.attendance import AttendanceScreen
    from meetingtui.tui.screens.meeting import MeetingScreen
    from meetingtui.tui.screens.picker import PickerScreen

    faq = propose(repo, "pricing-faq", "Pricing FAQ", "marketing", 10, "Dana", 20)
    webinar = propose(repo, "webinar", "Webinar dates", "marketing", 5, "Kim", 21)
    rules = propose(repo, "discounts", "Discount rules", "sales", 15, "Sam", 22)
    app = start_app(repo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.query_one(DataTable).move_cursor(row=[e.name for e in picker.entries].index("weekly-sync"))
        await pilot.pause()
        detail = plain(picker.query_one("#template-plan").content)
        assert "Proposed for the next meeting: 3 topics" in detail
        assert "Sales asks 15m (agenda: 11m)" in detail and "Marketing asks 15m (agenda: 9m)" in detail
        assert "Pricing FAQ" in detail and "Dana" in detail
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        adjust = app.screen
        assert isinstance(adjust, AdjustScreen)
        assert "Marketing asks 15m" in plain(adjust.query_one("#adjust-plan").content)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ProposalsScreen)
        await pilot.press("t", "l", "x", *"next quarter", "enter", "enter")
        await pilot.pause()
        assert app.screen is adjust
        shown = plain(adjust.query_one("#adjust-plan").content)
        assert "taking 1 (10m)" in shown and "With them: 53m in the 45m slot, 8m over" in shown
        await pilot.press("enter")  # start
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)  # decided while preparing: not asked again
        meeting = app.session.meeting
        assert [p.id for p in meeting.proposals_taken] == [faq]
        assert [(p.id, p.reason) for p in meeting.proposals_declined] == [(rules, "next quarter")]
        assert "Pricing FAQ" in [s.title for s in meeting.segments]
        assert [item.id for item in app.session.open_proposals()] == [webinar]


async def test_parked_topics_come_first_then_the_proposals(meeting_app, repo) -> None:
    from meetingtui.tui.screens.confirm import ConfirmScreen
    from tests.tui.test_review_and_parked import earlier

    earlier(repo, 20, [], parked=["Pricing page rewrite"])
    propose(repo, "pricing-faq", "Pricing FAQ", "marketing", 10, "Dana", 21)
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ProposalsScreen)
        await pilot.press("t", "enter")
        await pilot.pause()
        titles = [segment.title for segment in app.session.meeting.segments]
        assert titles[1] == "Pricing page rewrite" and "Pricing FAQ" in titles
