"""Issue 13: the live screen shows the report's numbers, and parking is a state that going back undoes."""

from __future__ import annotations

import re

from meetingtui.domain.agenda import TEAM_LABELS
from meetingtui.domain.durations import format_clock, format_duration, parse_duration
from meetingtui.domain.meeting import LiveStatus
from meetingtui.domain.report import format_share, meeting_report
from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.schedule import SLOW_PANEL_SECONDS, BalancePanel, SchedulePanel
from meetingtui.tui.widgets.segment_heading import SegmentHeading
from tests.saving_agenda import SHORT
from tests.tui.conftest import advance, settled, shown_text
from tests.tui.test_live_edits import save_and_load
from tests.tui.test_review_and_parked import earlier


def plain(cell) -> str:
    return str(cell).strip()


async def test_agenda_balance_and_now_show_the_reports_figures(meeting_app, clock) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 22.9999999999)  # saved as 23 s: the screen must say 23 too
        assert app.screen.query_one("#countdown").value == "+0:03"
        await pilot.press("n")
        await advance(pilot, clock, 15.6)  # saved as 15 s (rounded down, once)
        await pilot.press("k")
        await advance(pilot, clock, 4.2)
        meeting.add_segment("Pricing", "marketing", 30)
        await pilot.pause()
        report = meeting_report(meeting)
        table = app.screen.query_one(AgendaList)
        done = [plain(table.cells(i)[2]) for i in range(3)]
        # Rows run so far show the saved seconds; the running one says "now" (its time is the countdown's).
        assert done[:2] == [format_clock(line.actual) for line in report.segments[:2]] == ["0:23", "0:15"]
        assert done[2] == "now" and report.segments[2].actual == 4
        position = app.screen.query_one(SegmentHeading).owner.plain
        assert f"Segment 3 of {len(meeting.segments)}" in position and len(meeting.segments) == 5
        app.screen.tick()
        await pilot.pause()
        balance = shown_text(app.screen.query_one(BalancePanel), width=60)
        for line in report.teams:
            spent = f"{format_duration(line.actual)}/{format_duration(line.planned)}"
            assert spent in balance and format_share(line.share_of_time) in balance
        assert "Sales" in balance and "15s/20s" in balance  # the skipped segment's plan counts, as in the summary
        minutes = await save_and_load(pilot)
    assert [s.actual_seconds for s in minutes.segments[:3]] == [23, 15, 4]


async def test_schedule_says_early_without_a_minus(meeting_app, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("space")
        await advance(pilot, clock, 10)
        await pilot.press("n")  # the first segment ended 4m50s early
        app.screen.tick()
        await pilot.pause()
        text = shown_text(app.screen.query_one(SchedulePanel))
        assert re.search(r"\n +\d+m early\n", text) and "-" not in text, text


async def test_minus_stops_where_the_agenda_editor_does(meeting_app) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("minus")
        assert meeting.segments[0].planned == 20  # 20 s − 1 min would be nothing: refused, as in the adjust screen
        assert any("as short as it gets" in str(n.message) for n in app._notifications)
        await pilot.press("plus", "minus", "minus")
        assert meeting.segments[0].planned == 20


async def test_back_to_a_parked_segment_unparks_it_and_it_is_not_offered_again(meeting_app, clock) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 3)
        await pilot.press("z", "enter")
        assert meeting.segments[0].status is LiveStatus.PARKED
        await pilot.press("p")
        assert meeting.segments[0].status is LiveStatus.CURRENT and meeting.parked == []
        await advance(pilot, clock, 4)
        await pilot.press("n")
        await advance(pilot, clock, 2)
        await pilot.press("z", "enter")  # this one stays parked
        minutes = await save_and_load(pilot)
    assert [s.status.value for s in minutes.segments[:2]] == ["done", "parked"]
    assert [(p.title, p.segment, p.minutes_id) for p in minutes.parked] == [("Sales corner", 2, minutes.id)]
    nxt = meeting_app(SHORT, commit=False)
    async with nxt.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        # Only the topic still parked is offered: "Review open actions" was finished after going back to it.
        assert [p.title for p in nxt.session.parked_from_last_time()] == ["Sales corner"]


async def test_accepting_a_parked_topic_the_template_has_adds_no_segment(meeting_app, repo) -> None:
    earlier(repo, 20, [], parked=["Handoff quality", "Pricing page rewrite"])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        before = len(meeting.segments)
        await pilot.press("y")
        await pilot.pause()
        titles = [s.title for s in meeting.segments]
        assert titles.count("Handoff quality") == 1 and titles.count("Pricing page rewrite") == 1
        assert len(meeting.segments) == before + 1
        carried = next(s for s in meeting.segments if s.title == "Handoff quality")
        assert carried.parked_from == "2026-11-20-weekly-sync"


async def test_balance_follows_the_countdown_within_a_few_seconds(meeting_app, clock) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        label = TEAM_LABELS[meeting.current.team]
        await pilot.press("space")
        for second in range(1, 13):
            await advance(pilot, clock, 1)
            left = app.screen.query_one("#countdown").value  # the running segment's time is the countdown's
            balance = shown_text(app.screen.query_one(BalancePanel), width=60)
            row = next(line for line in balance.splitlines() if line.strip().startswith(label))
            spent = re.search(r"(\S+)/\S+", row).group(1)
            planned = meeting.current.planned
            assert left == format_clock(planned - second)
            # Balance catches up every few seconds (idle CPU): never ahead of the time spent, never further behind.
            assert second - SLOW_PANEL_SECONDS < parse_duration(spent) <= second, balance
