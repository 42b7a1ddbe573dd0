"""Views cannot silently go stale: every event reaches every mounted view, and what they show after a run of
events is what a freshly drawn screen shows of the same meeting."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from textual.widget import Widget
from textual.widgets import DataTable, Digits, Static

from meetingtui.domain.events import WIRE_NAMES, CaptureKind, MeetingEvent, MinutesRenumbered
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import Parked
from meetingtui.domain.proposals import OpenProposal, Proposal
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.journal import read_journal
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.widgets.captured import CapturedLog
from meetingtui.tui.widgets.view import ALL_EVENTS, MeetingChanged, MeetingView
from tests.tui.conftest import settled


def all_views() -> set[type[MeetingView]]:
    import meetingtui.tui.widgets.captured
    import meetingtui.tui.widgets.notes
    import meetingtui.tui.widgets.review  # noqa: F401 - the lazily imported views, so that they are counted

    found, todo = set(), [MeetingView]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_view_redraws_on_some_events() -> None:
    views = all_views()
    assert len(views) >= 8
    for view in views:
        assert view.REDRAWS_ON and view.REDRAWS_ON <= ALL_EVENTS, view.__name__


def every_event(session) -> None:
    """One of every event, through the engine's commands (items of different kinds in mixed order)."""
    meeting = session.meeting
    meeting.set_attendees([])
    meeting.start()
    meeting.update_action("2026-11-20-weekly-sync#1", "done")
    meeting.update_action("2026-11-20-weekly-sync#2", "dropped")
    meeting.clear_action_update("2026-11-20-weekly-sync#2")
    meeting.adjust(60)
    meeting.heartbeat()
    meeting.pause()
    meeting.next()
    meeting.set_notes(meeting.index, "typed elsewhere")
    meeting.capture(CaptureKind.DECISIONS, text="Gone soon")
    meeting.capture(CaptureKind.ACTIONS, text="Own it")
    meeting.capture(CaptureKind.DECISIONS, text="Keep")
    meeting.edit_item(CaptureKind.ACTIONS, 0, owner="Dana")
    meeting.remove_item(CaptureKind.DECISIONS, 0)
    meeting.capture(CaptureKind.INSIGHTS, text="Buyers read the FAQ first")
    meeting.remove_item(CaptureKind.INSIGHTS, 0)
    meeting.undo_delete()
    meeting.capture(CaptureKind.CONCERNS, text="Leads arrive cold")
    meeting.add_segment("Ad hoc", "joint", 120)
    meeting.take_proposal(open_proposal("Pricing FAQ"))
    meeting.take_parked(Parked(title="Parked last time", team="sales", planned_seconds=180), "2026-11-20-weekly-sync")
    meeting.decline_proposal(open_proposal("Logo"), "not ours")
    meeting.move(meeting.index + 1, 1)
    meeting.next()
    meeting.previous()
    meeting.park("later")
    meeting.skip()
    meeting.end()


def open_proposal(title: str) -> OpenProposal:
    proposed = Proposal(
        title=title,
        agenda="weekly-sync",
        team="marketing",
        minutes=5,
        proposed_by="Dana",
        proposed_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
    )
    return OpenProposal(f"weekly-sync/{title}", proposed, 7)


def visible(widget: Widget) -> list[str]:
    """What a view shows, as text."""
    if isinstance(widget, DataTable):
        return [" | ".join(str(cell) for cell in widget.get_row_at(row)) for row in range(widget.row_count)]
    if isinstance(widget, Digits):
        return [widget.value]
    shown = []
    for part in [widget, *widget.query("*")]:
        if isinstance(part, Static):
            console = Console(width=200, record=True, color_system=None)
            console.print(part.content)
            shown.append(console.export_text())
    return shown


async def test_every_event_reaches_every_mounted_view_and_leaves_nothing_stale(meeting_app, monkeypatch) -> None:
    heard: dict[int, list[type[MeetingEvent]]] = {}
    original = MeetingView.on_meeting_changed

    def listening(self, message: MeetingChanged) -> None:
        heard.setdefault(id(self), []).append(type(message.event))
        original(self, message)

    monkeypatch.setattr(MeetingView, "on_meeting_changed", listening)
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        screen = app.screen
        every_event(app.session)
        await pilot.pause()
        await pilot.pause()
        views = list(screen.walk_children(MeetingView))
        assert {type(view).__name__ for view in views} >= {
            "NowPanel",
            "AgendaList",
            "SchedulePanel",
            "BalancePanel",
            "LowerRow",
            "CapturedLog",
            "NotesEditor",
            "ReviewPanel",
        }
        for view in views:
            live_events = set(WIRE_NAMES) - {MinutesRenumbered}  # only old journals hold it: it replays, never fires
            assert set(heard.get(id(view), [])) == live_events, f"{type(view).__name__} missed events"

        before = {type(view).__name__: (view.display, visible(view)) for view in views}
        notes = screen.query_one("NotesEditor").text
        fresh = MeetingScreen(app.session)
        await app.push_screen(fresh)
        await fresh.complete.wait()
        await pilot.pause()
        for view in fresh.walk_children(MeetingView):
            name = type(view).__name__
            shown, text = before[name]
            assert view.display == shown, f"{name} is shown or hidden unlike a fresh {name}"
            if name == "NotesEditor":
                assert view.text == notes
            elif shown:  # a hidden view redraws when it is shown
                assert visible(view) == text, f"{name} shows something else than a fresh {name}"


async def test_the_captured_list_keeps_the_order_taken_live_fresh_and_after_a_resume(meeting_app, repo, clock) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        meeting.start()
        meeting.next()  # past the review: Captured is shown
        meeting.capture(CaptureKind.CONCERNS, text="Leads arrive cold")
        meeting.capture(CaptureKind.ACTIONS, text="Call the leads", owner="Sam")
        meeting.capture(CaptureKind.DECISIONS, text="Gone soon")
        meeting.capture(CaptureKind.INSIGHTS, text="Buyers read the FAQ first")
        meeting.capture(CaptureKind.DECISIONS, text="Ship the FAQ")
        meeting.capture(CaptureKind.ACTIONS, text="Write the FAQ")
        meeting.edit_item(CaptureKind.ACTIONS, 0, text="Call the warm leads")
        meeting.remove_item(CaptureKind.DECISIONS, 0)
        await pilot.pause()
        expected = [
            "CONCERN Leads arrive cold",
            "ACTION  Call the warm leads — Sam",
            "INSIGHT Buyers read the FAQ first",
            "DECIDED Ship the FAQ",
            "ACTION  Write the FAQ",
        ]
        assert app.screen.query_one(CapturedLog).shown_lines() == expected

        fresh = MeetingScreen(app.session)
        await app.push_screen(fresh)
        await fresh.complete.wait()
        await pilot.pause()
        assert fresh.query_one(CapturedLog).shown_lines() == expected
        app.pop_screen()
        await pilot.pause()

        found = read_journal(app.session.journal.path)  # what a resume after a crash would read
        assert found is not None
        replayed, _ = Meeting.replay(
            found.agenda, found.agenda_name, found.minutes_id, found.events, clock=clock.now, wall=clock.wall
        )
        resumed = MeetingScreen(MeetingSession(repo, replayed, None, SessionOptions(commit=False)))
        await app.push_screen(resumed)
        await resumed.complete.wait()
        await pilot.pause()
        assert resumed.query_one(CapturedLog).shown_lines() == expected
