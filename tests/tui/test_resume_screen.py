"""Resume on start: an interrupted meeting comes back with its items and clocks, or is discarded after asking."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import find_interrupted
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import NOT_SAVED, make_app
from meetingtui.tui.screens.confirm import RiskyConfirm
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.screens.picker import PickerScreen
from meetingtui.tui.screens.resume import ResumeScreen, ago
from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.captured import CapturedLog
from tests.clock import ManualClock
from tests.tui.conftest import shown_lines


def plain(renderable: object) -> str:
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def interrupted(root: Path) -> tuple[MinutesRepo, ManualClock]:
    """A weekly sync that ran 2 minutes with three captures (one removed), then died; 90 seconds pass."""
    clock = ManualClock()
    repo = MinutesRepo(root)
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, facilitator="Dana", options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    meeting = session.meeting
    meeting.start()
    clock.advance(60)
    meeting.capture("decisions", text="Route inbound demos to the SDR team")
    meeting.capture("actions", text="Draft the pricing one-pager", owner="Dana")
    meeting.capture("decisions", text="A mistake")
    meeting.remove_item("decisions", 1)
    clock.advance(60)
    meeting.heartbeat()
    session.journal.close()  # the process dies here: nothing saved
    clock.advance(90)
    return repo, clock


def start(repo: MinutesRepo, clock: ManualClock):
    return make_app(repo, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)


def test_ago() -> None:
    assert ago(0.5) == "just now"
    assert ago(45) == "45s ago"
    assert ago(90) == "1m30s ago"
    assert ago(3 * 3600 + 5 * 60) == "3h5m ago"
    assert ago(3 * 86400) == "3 days ago"


async def test_resume_counts_the_downtime(git_repo: Path) -> None:
    repo, clock = interrupted(git_repo)
    app = start(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        facts = plain(app.screen.query_one("#resume-facts", Static).content)
        assert "Weekly sales & marketing sync" in facts
        assert "2026-11-27-weekly-sync" in facts and "facilitator Dana" in facts
        assert "10:02 (1m30s ago)" in facts
        assert "2 items" in facts  # three captured, one removed
        assert "running in Last week's actions" in facts and "2:00 of 5m" in facts
        assert "the 1m30s away count to the running segment" in plain(app.screen.query_one("#resume-choices").content)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await app.screen.complete.wait()
        meeting = app.session.meeting
        assert meeting.running and meeting.elapsed() == 120 + 90  # the room kept talking while it was down
        assert [d.text for d in meeting.decisions] == ["Route inbound demos to the SDR team"]
        assert [a.text for a in meeting.actions] == ["Draft the pricing one-pager"]
        shown = "\n".join(shown_lines(app.screen.query_one(CapturedLog)))
        assert "Route inbound demos" in shown and "pricing one-pager" in shown
        # The running row says "now": its time is the countdown, 5:00 less the 3:30 the minutes will save.
        assert plain(app.screen.query_one(AgendaList).cells(0)[2]).strip() == "now"
        assert app.screen.query_one("#countdown").value == "1:30"


async def test_resume_without_the_downtime(git_repo: Path) -> None:
    repo, clock = interrupted(git_repo)
    app = start(repo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.session.meeting.elapsed() == 120


async def test_discard_asks_first(git_repo: Path) -> None:
    repo, clock = interrupted(git_repo)
    app = start(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(app.screen, RiskyConfirm)
        assert "2 captured items" in plain(app.screen.query_one("#confirm-question", Static).content)
        await pilot.press("enter")  # a stray enter keeps the meeting
        assert isinstance(app.screen, ResumeScreen)
        assert find_interrupted(repo.state_dir) is not None

        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert find_interrupted(repo.state_dir) is None


async def test_quit_keeps_the_journal(git_repo: Path) -> None:
    repo, clock = interrupted(git_repo)
    app = start(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == NOT_SAVED
    assert len(find_interrupted(repo.state_dir).events) > 0


async def test_the_prompt_shows_the_elapsed_time_as_the_screen_and_the_minutes_do(git_repo: Path) -> None:
    clock = ManualClock()
    repo = MinutesRepo(git_repo)
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, facilitator="Dana", options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    session.meeting.start()
    clock.advance(26.6)  # saved as 26 s (whole seconds, rounded down), shown as 0:26 in the Done column
    session.meeting.pause()
    session.journal.close()
    clock.advance(90)
    app = start(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        facts = plain(app.screen.query_one("#resume-facts", Static).content)
        assert "paused in Last week's actions" in facts and "0:26 of 5m" in facts
        await pilot.press("enter")
        await pilot.pause()
        await app.screen.complete.wait()
        assert app.screen.query_one("#countdown").value == "4:34"  # 5:00 less the 26 s shown and saved
