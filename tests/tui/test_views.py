"""Views cannot silently go stale: every event reaches every mounted view, and what they show after a run of
events is what a freshly drawn screen shows of the same meeting, and of the meeting a resume rebuilds from the
journal ("live = fresh", issue 23): checked on one run of every event, on captures in mixed order, and on random
scripts (Hypothesis)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import shutil
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static, TextArea

from meetingtui.domain.agenda import Team
from meetingtui.domain.events import WIRE_NAMES, CaptureKind, MeetingEvent, MinutesRenumbered
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import Parked
from meetingtui.domain.proposals import OpenProposal, Proposal
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import read_journal
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.captured import CapturedLog
from meetingtui.tui.widgets.countdown import Countdown
from meetingtui.tui.widgets.schedule import SLOW_PANEL_SECONDS
from meetingtui.tui.widgets.segment_heading import SegmentHeading
from meetingtui.tui.widgets.view import ALL_EVENTS, MeetingChanged, MeetingView
from tests.tui.conftest import settled, shown_lines


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
    meeting.add_person("Priya Shah", Team.MARKETING)
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
    """What a view shows, as text: its cells, options, digits, bars and static parts, with its borders' words."""
    shown = [str(widget.border_title or ""), str(widget.border_subtitle or "")]
    if isinstance(widget, DataTable):
        return shown + [" | ".join(str(cell) for cell in widget.get_row_at(row)) for row in range(widget.row_count)]
    if isinstance(widget, AgendaList):
        return shown + [" | ".join(str(cell) for cell in widget.cells(row)) for row in range(widget.row_count)]
    if isinstance(widget, OptionList):
        options = (widget.get_option_at_index(n) for n in range(widget.option_count))
        return shown + [str(option.prompt) for option in options]
    for part in [widget, *widget.query("*")]:
        if isinstance(part, Countdown):
            shown.append(f"{part.value} {part.state} {part.used:.3f} {part.colour}")
        elif isinstance(part, SegmentHeading):
            shown.extend(content.plain for content in (part.title, part.badge, part.owner))
        elif isinstance(part, Static):
            console = Console(width=200, record=True, color_system=None, file=io.StringIO())
            console.print(part.content)
            shown.append(console.export_text())
    return shown


def views_of(screen: MeetingScreen) -> dict[str, tuple[object, ...]]:
    """Every view of ``screen`` by class: whether it is shown, its classes and what it shows (when shown)."""
    found = {}
    for view in screen.walk_children(MeetingView):
        assert isinstance(view, Widget)
        text = [view.text] if isinstance(view, TextArea) else visible(view) if view.display else []
        found[type(view).__name__] = (view.display, sorted(view.classes), text)  # a hidden view redraws when shown
    return found


async def drawn_afresh(app, screen: MeetingScreen, pilot) -> dict[str, tuple[object, ...]]:
    """What ``screen`` (a new screen over some session) shows once it is complete; it is closed again."""
    await app.push_screen(screen)
    await screen.complete.wait()
    await pilot.pause()
    shown = views_of(screen)
    await app.pop_screen()
    await pilot.pause()
    return shown


def resumed_session(app, repo, clock) -> MeetingSession:
    """The session a resume after a crash would rebuild from the journal, on the same clock."""
    found = read_journal(app.session.journal.path)
    assert found is not None
    replayed, _ = Meeting.replay(
        found.agenda, found.agenda_name, found.minutes_id, found.events, clock=clock.now, wall=clock.wall
    )
    return MeetingSession(repo, replayed, None, SessionOptions(commit=False))


async def test_every_event_reaches_every_mounted_view_and_leaves_nothing_stale(meeting_app, monkeypatch) -> None:
    heard: dict[int, list[type[MeetingEvent]]] = {}
    original = MeetingView.meeting_changed

    def listening(self, message: MeetingChanged) -> None:
        heard.setdefault(id(self), []).append(type(message.event))
        original(self, message)

    monkeypatch.setattr(MeetingView, "meeting_changed", listening)
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

        assert await drawn_afresh(app, MeetingScreen(app.session), pilot) == views_of(screen)


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
        assert shown_lines(app.screen.query_one(CapturedLog)) == expected

        live = views_of(app.screen)
        assert await drawn_afresh(app, MeetingScreen(app.session), pilot) == live
        assert await drawn_afresh(app, MeetingScreen(resumed_session(app, repo, clock)), pilot) == live


# -- live = fresh over random scripts ------------------------------------------------------------------------------

WORDS = ["Ship the FAQ", "Leads arrive cold", "Call Sam", "Pricing", "x"]
Step = tuple[object, ...]
STEPS = st.one_of(
    st.tuples(st.just("capture"), st.sampled_from(list(CaptureKind)), st.sampled_from(WORDS)),
    st.tuples(st.just("edit"), st.integers(0, 30), st.sampled_from(WORDS)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.sampled_from(["toggle", "next", "previous", "skip", "park"])),  # MOVES
    st.tuples(st.just("adjust"), st.sampled_from([60, -60])),
    st.tuples(st.just("notes"), st.sampled_from(WORDS)),
    st.tuples(st.just("add"), st.sampled_from(WORDS)),
    st.tuples(st.just("move"), st.integers(0, 10), st.sampled_from([-1, 1])),
    # Time moves only by whole beats of the slowest view that follows the clock: each beat redraws them all, so
    # whatever a view shows at the end of a script, an event or a beat drew (nothing is left for a later beat).
    st.tuples(st.just("tick"), st.integers(SLOW_PANEL_SECONDS, 400)),
    st.just(("frame",)),  # let the screen draw: between two frames, events come in bursts
    st.tuples(st.just("resize"), st.sampled_from([(160, 50), (120, 40), (100, 30)])),  # Textual lays it out
)
SCRIPTS = st.lists(st.lists(STEPS, min_size=1, max_size=15), min_size=1, max_size=2)


MOVES = {"toggle": Meeting.toggle, "next": Meeting.next, "previous": Meeting.previous, "skip": Meeting.skip}
MOVES["park"] = Meeting.park


def play(step: Step, screen: MeetingScreen, clock) -> None:
    """One command to the engine, as the screen's keys and dialogs would give it (or time passing)."""
    meeting = screen.meeting
    name, *args = step
    captured = meeting.captured()
    if name == "capture":
        meeting.capture(args[0], text=args[1])
    elif name in ("edit", "delete") and captured:
        position = int(args[0]) % len(captured)  # the n-th line of the Captured list, as its keys pick it
        kind = captured[position][0]
        index = sum(1 for other, _ in captured[:position] if other is kind)
        if name == "edit":
            meeting.edit_item(kind, index, text=args[1])
        else:
            meeting.remove_item(kind, index)
    elif name in MOVES:
        MOVES[name](meeting)
    elif name == "adjust":
        meeting.adjust(int(args[0]))
    elif name == "notes" and meeting.current is not None:
        meeting.set_notes(meeting.index, str(args[0]))
    elif name == "add":
        meeting.add_segment(str(args[0]), "joint", 120)
    elif name == "move":
        meeting.move(meeting.index + 1 + int(args[0]), int(args[1]))
    elif name == "tick":
        clock.advance(int(args[0]))
        screen.tick()


@settings(
    max_examples=3,  # a few seconds each (an app and two or three whole screens): the suite's time is bounded
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: minutes per failure; the script is shown
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scripts=SCRIPTS)
def test_after_any_script_a_fresh_screen_and_a_resumed_one_show_what_the_live_one_shows(
    scripts: list[list[Step]], git_repo, tmp_path_factory, clock
) -> None:
    """Captures of every kind, edits, deletes, moves through the agenda, time: after each script, every view of
    the live screen equals a freshly drawn one over the same meeting; after the last, one over the meeting the
    journal rebuilds too (a resume)."""
    repo = MinutesRepo(Path(shutil.copytree(git_repo, tmp_path_factory.mktemp("example") / "minutes")))
    name, agenda = resolve_agenda("weekly-sync", repo)  # a repository per example: each is a new meeting
    options = SessionOptions(commit=False, quiet=True)
    app = make_app(repo, agenda_name=name, agenda=agenda, options=options, clock=clock.now, wall=clock.wall)

    async def run() -> None:
        async with app.run_test(size=(160, 50)) as pilot:
            await settled(pilot)
            screen = app.screen
            for script in scripts:
                for step in script:
                    play(step, screen, clock)
                    if step[0] == "resize":
                        await pilot.resize_terminal(*step[1])  # type: ignore[misc]
                    if step[0] in ("frame", "resize"):
                        await pilot.pause()
                await pilot.pause()
                live = views_of(screen)
                assert await drawn_afresh(app, MeetingScreen(app.session), pilot) == live, script
            assert await drawn_afresh(app, MeetingScreen(resumed_session(app, repo, clock)), pilot) == live

    asyncio.run(run())
