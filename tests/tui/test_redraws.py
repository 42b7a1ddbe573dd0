"""One redraw path per view (issue 23): a view redraws once for each event it shows and never for another, the
tick redraws only the views that follow the clock, and a resize redraws none of them (Textual lays it out)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from textual.geometry import Region

from meetingtui.domain.durations import format_clock
from meetingtui.domain.events import CaptureKind, MeetingEvent
from meetingtui.domain.meeting import Meeting
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.screens.meeting_clock import TickingScreen
from meetingtui.tui.widgets.captured import CapturedLog
from meetingtui.tui.widgets.countdown import Countdown, big_rows
from meetingtui.tui.widgets.schedule import SLOW_PANEL_SECONDS
from meetingtui.tui.widgets.view import MeetingView
from tests.tui.conftest import settled
from tests.tui.test_views import all_views, drawn_afresh, views_of

REDRAWS = ("show_meeting", "show_time")
"""The two ways into a view's drawing: an event's and the clock's."""


@pytest.fixture
def redraws(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Redraws per view class; a redraw that calls the other (the Now panel's event redraws the countdown) is one.

    The screen's own timer is stopped: the test gives every beat itself.
    """
    counts: Counter[str] = Counter()
    depth: Counter[int] = Counter()

    def counted(original: Callable[..., None]) -> Callable[..., None]:
        def redraw(view: MeetingView, *args: object) -> None:
            depth[id(view)] += 1
            try:
                original(view, *args)
            finally:
                depth[id(view)] -= 1
            if not depth[id(view)]:
                counts[type(view).__name__] += 1

        return redraw

    for cls in {MeetingView, *all_views()}:
        for name in REDRAWS:
            if name in vars(cls):
                monkeypatch.setattr(cls, name, counted(vars(cls)[name]))
    monkeypatch.setattr(TickingScreen, "_schedule_tick", lambda screen: None)
    return counts


def plain_lines(widget) -> list[str]:
    """The widget's lines as drawn, without their styles."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def commands(meeting: Meeting) -> list[Callable[[], object]]:
    """One command per kind of event the views show, in an order where each one applies."""
    return [
        meeting.start,
        lambda: meeting.adjust(60),
        meeting.next,
        lambda: meeting.capture(CaptureKind.ACTIONS, text="Call Sam"),
        lambda: meeting.capture(CaptureKind.DECISIONS, text="Ship it"),
        lambda: meeting.edit_item(CaptureKind.ACTIONS, 0, text="Call Sam today"),
        lambda: meeting.remove_item(CaptureKind.DECISIONS, 0),
        lambda: meeting.set_notes(meeting.index, "typed elsewhere"),
        lambda: meeting.add_segment("Ad hoc", "joint", 120),
        lambda: meeting.move(meeting.index + 1, 1),
        meeting.pause,
        meeting.heartbeat,
        meeting.park,
        meeting.previous,
        meeting.skip,
    ]


async def test_each_view_redraws_once_per_event_it_shows_and_never_for_another(meeting_app, redraws) -> None:
    app = meeting_app("weekly-sync", commit=False, quiet=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        views = list(app.screen.walk_children(MeetingView))
        assert len(views) >= 8
        heard: list[MeetingEvent] = []
        app.session.subscribe(heard.append)
        for command in commands(app.session.meeting):
            heard.clear()
            redraws.clear()
            command()
            await pilot.pause()
            assert heard, command
            for view in views:
                shown = sum(type(event) in view.REDRAWS_ON for event in heard)
                name = type(view).__name__
                assert redraws[name] == shown, f"{name} redrew {redraws[name]}x for {heard} (shows {shown})"


async def test_the_tick_redraws_only_what_follows_the_clock_and_a_resize_nothing(meeting_app, clock, redraws) -> None:
    app = meeting_app("weekly-sync", commit=False, quiet=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        screen = app.screen
        screen.meeting.start()
        await pilot.pause()

        redraws.clear()
        clock.advance(1)
        screen.tick()
        await pilot.pause()
        assert redraws == Counter({"NowPanel": 1})  # Schedule and Balance wait for their slower step

        redraws.clear()
        clock.advance(SLOW_PANEL_SECONDS)
        screen.tick()
        await pilot.pause()
        # The agenda follows on Schedule's step: its ⚠ marks and Schedule's "won't fit" agree.
        assert redraws == Counter({"NowPanel": 1, "SchedulePanel": 1, "BalancePanel": 1, "AgendaList": 1})

        screen.meeting.pause()
        await pilot.pause()
        redraws.clear()
        countdown = screen.query_one(Countdown)
        shown = format_clock(screen.meeting.countdown())
        assert countdown.value == shown and countdown.region.height == 6  # 160x50: the five-row font and the bar
        assert big_rows(shown)[0] in plain_lines(countdown)[0]
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert countdown.region.height == 4  # the screen's breakpoints, through CSS
        assert len(plain_lines(countdown)) == 4 and big_rows(shown)[0] not in plain_lines(countdown)[0]
        assert not redraws  # nothing was redrawn for the new size (Balance refits its bars on its own Resize)

        # In a review segment, narrower than EXTRA_WIDE the review list takes the row, whatever the size at its start.
        captured = screen.query_one(CapturedLog)
        assert screen.lower.has_class("review") and not captured.display
        assert await drawn_afresh(app, MeetingScreen(app.session), pilot) == views_of(screen)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert captured.display
