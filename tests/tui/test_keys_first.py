"""Keys go before work the screen can put off: the panels below Now wait for a pause in the typing (issue 24 item 4).

Building and first drawing those panels holds the UI thread for tens of milliseconds; a key typed as the first
frame appears (or while they are built) used to wait for all of it.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from textual import events

from meetingtui.session import MeetingSession
from meetingtui.tui import typing_pause
from meetingtui.tui.history_sync import HistorySyncService
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.typing_pause import TypingPause
from meetingtui.tui.widgets.lower_row import LowerRow
from tests.tui.conftest import settled


async def test_a_key_typed_just_after_the_first_frame_goes_before_the_history_read_and_the_lower_panels(
    meeting_app, monkeypatch
) -> None:
    monkeypatch.setattr(typing_pause, "QUIET", 0.5)  # a pause no busy test machine cuts short by accident
    happened: list[str] = []
    mount, extend, start = LowerRow.mount, MeetingScreen.action_extend, MeetingScreen.start_after_first_frame
    read, mount_lower = HistorySyncService.read_history, MeetingScreen._mount_lower_row

    def mounting(self: LowerRow, *widgets, **options):
        happened.extend(type(widget).__name__ for widget in widgets)
        return mount(self, *widgets, **options)

    def extending(self: MeetingScreen) -> None:
        happened.append("+")
        extend(self)

    def first_frame(self: MeetingScreen) -> None:
        start(self)
        # As the terminal sends it, 10 ms after the frame is out (the panels began at once, before the pause).
        self.set_timer(0.01, lambda: self.app.post_message(events.Key("plus", "+")))

    def reading(self: HistorySyncService, session, **options) -> None:
        read(self, session, **options)
        happened.append("read the history")  # its thread, which takes turns with the UI thread, waits for a pause

    def pausing(self: MeetingScreen, shown: float, paused: threading.Event) -> None:
        real_set = paused.set

        def set_paused() -> None:
            happened.append("pause")
            real_set()

        paused.set = set_paused  # type: ignore[method-assign]
        return mount_lower(self, shown, paused)

    monkeypatch.setattr(LowerRow, "mount", mounting)
    monkeypatch.setattr(MeetingScreen, "action_extend", extending)
    monkeypatch.setattr(MeetingScreen, "start_after_first_frame", first_frame)
    monkeypatch.setattr(HistorySyncService, "read_history", reading)
    monkeypatch.setattr(MeetingScreen, "_mount_lower_row", pausing)
    load = MeetingSession.load_history

    def loading(self: MeetingSession, *args, **options):
        happened.append("load")  # in the read's thread
        return load(self, *args, **options)

    monkeypatch.setattr(MeetingSession, "load_history", loading)
    app = meeting_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        loaded = happened.index("load")  # the read's thread waited for the pause
        assert happened.pop(loaded) and loaded > happened.index("pause")
        assert happened == ["read the history", "+", "pause", "ReviewPanel", "CapturedLog", "NotesEditor"]
        assert app.session.meeting.segments[0].planned == 6 * 60
        assert app.screen.lower.notes is not None and app.screen.lower.captured is not None
        app.session.close()


async def test_a_key_typed_while_the_panels_are_built_goes_before_the_next_one(meeting_app, monkeypatch) -> None:
    happened: list[str] = []
    mount = LowerRow.mount

    def mounting(self: LowerRow, *widgets, **options):
        happened.extend(type(widget).__name__ for widget in widgets)
        if len(happened) == 1:  # a key comes as the first panel is built
            self.app.post_message(events.Key("plus", "+"))
        return mount(self, *widgets, **options)

    monkeypatch.setattr(LowerRow, "mount", mounting)
    monkeypatch.setattr(MeetingScreen, "action_extend", lambda self: happened.append("+"))
    app = meeting_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert happened == ["ReviewPanel", "+", "CapturedLog", "NotesEditor"]
        app.session.close()


async def test_notes_asked_for_before_the_editor_is_built_are_opened_without_waiting_for_a_pause(
    meeting_app, monkeypatch
) -> None:
    monkeypatch.setattr(typing_pause, "QUIET", 5.0)  # the panels would wait for a pause (or LONGEST) otherwise
    monkeypatch.setattr(typing_pause, "LONGEST", 5.0)
    start = MeetingScreen.start_after_first_frame

    def first_frame(self: MeetingScreen) -> None:
        start(self)
        self.app.post_message(events.Key("e", "e"))

    monkeypatch.setattr(MeetingScreen, "start_after_first_frame", first_frame)
    app = meeting_app()
    async with app.run_test(size=(120, 40)) as pilot:
        began = time.monotonic()
        await settled(pilot)
        assert time.monotonic() - began < 2.5
        notes = app.screen.lower.notes
        assert notes is not None and app.screen.focused is notes and app.screen.lower.has_class("notes-shown")
        await pilot.press("h", "i")
        assert notes.text == "hi"
        app.session.close()


@pytest.fixture
def quick(monkeypatch) -> None:
    monkeypatch.setattr(typing_pause, "QUIET", 0.05)
    monkeypatch.setattr(typing_pause, "LONGEST", 0.3)


async def test_a_pause_is_a_quiet_moment_after_the_last_key(quick) -> None:
    pause = TypingPause()
    began = time.monotonic()
    await pause.paused()
    assert time.monotonic() - began < 0.04  # no key yet: a pause already

    pause.saw(events.Key("a", "a"))
    pause.saw(events.Resize.__new__(events.Resize))  # not a key: no typing
    began = time.monotonic()
    await pause.paused()
    assert 0.04 <= time.monotonic() - began < 0.25

    began = time.monotonic()
    await pause.paused(since=began)  # the moment given counts as a key
    assert 0.04 <= time.monotonic() - began < 0.25


async def test_someone_typing_without_a_pause_holds_the_work_back_only_so_long(quick) -> None:
    pause = TypingPause()

    async def typing() -> None:
        while True:
            pause.saw(events.Key("a", "a"))
            await asyncio.sleep(0.01)

    typist = asyncio.create_task(typing())
    await asyncio.sleep(0)  # the first key
    try:
        began = time.monotonic()
        await pause.paused()
        assert 0.29 <= time.monotonic() - began < 0.6
        began = time.monotonic()
        await pause.paused(began=began - 0.25)  # a later piece of the same work: the time already waited counts
        assert 0.04 <= time.monotonic() - began < 0.2
    finally:
        typist.cancel()
