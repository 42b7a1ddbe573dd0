"""Journal first, one thread: a journal that cannot be written changes nothing, and only the UI thread
drives the engine, through a whole meeting with a save and a push."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator

import pytest
from textual.widgets import Input

from meetingtui.domain.meeting import Meeting
from meetingtui.session import PushOutcome
from meetingtui.store.journal import Journal, read_journal
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.screens.meeting_clock import HEARTBEAT_SECONDS
from meetingtui.tui.screens.save_report import SavePhase
from meetingtui.tui.widgets.captured import CapturedLog, describe
from meetingtui.tui.widgets.now_panel import NowPanel
from tests.saving_agenda import SHORT
from tests.tui.conftest import settled, shown_lines
from tests.tui.test_save_and_push import bare_remote, git, wait_until
from tests.tui.test_views import visible


@contextlib.contextmanager
def full_disk(journal: Journal) -> Iterator[None]:
    """The journal's file descriptor points at /dev/full (every write: ENOSPC) until the block ends."""
    assert journal._fd is not None
    kept = os.dup(journal._fd)
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        os.dup2(full, journal._fd)
        yield
    finally:
        os.dup2(kept, journal._fd)
        os.close(full)
        os.close(kept)


@contextlib.contextmanager
def broken_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each write puts half its line on disk, then fails with EIO."""

    def torn(fd: int, data: bytes, offset: int) -> None:
        os.pwrite(fd, data[: len(data) // 2], offset)
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with monkeypatch.context() as patch:
        patch.setattr(Journal, "_put", staticmethod(torn))
        yield


def agree(app, clock) -> None:
    """The engine, the screen and the journal tell the same story: the journal replays to the engine's state."""
    meeting = app.session.meeting
    found = read_journal(app.session.journal.path)
    assert found is not None
    replayed, _ = Meeting.replay(
        found.agenda, found.agenda_name, found.minutes_id, found.events, clock=clock.now, wall=clock.wall
    )
    assert replayed.to_minutes() == meeting.to_minutes()
    assert replayed.index == meeting.index and replayed.running == meeting.running
    shown = shown_lines(app.screen.query_one(CapturedLog))
    assert shown == [describe(kind, item).plain for kind, item in meeting.captured()]
    assert meeting.current is not None and meeting.current.title in "".join(visible(app.screen.query_one(NowPanel)))


async def dialog_back(pilot) -> None:
    """Until the refused dialog is on top again (it is pushed back from the failed command's callback)."""
    for _ in range(100):
        if isinstance(pilot.app.screen, FormDialog):
            return
        await pilot.pause(0.02)


def typed_again(app) -> str:
    """The text field of the dialog on top (it must be one)."""
    assert isinstance(app.screen, FormDialog)
    return app.screen.query_one("#field-text", Input).value


def errors(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("fault", ["full", "broken"])
async def test_a_journal_that_cannot_be_written_changes_nothing_and_the_next_command_works(
    meeting_app, clock, monkeypatch, fault
) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space", "n")  # past the review segment: Captured is shown
        await pilot.press("a", *"Send the deck", "tab", *"Sam", "enter")
        await pilot.pause()
        index = meeting.index
        agree(app, clock)

        failing = full_disk(app.session.journal) if fault == "full" else broken_disk(monkeypatch)
        with failing:
            await pilot.press("d", *"Ship it", "enter")  # a capture
            await dialog_back(pilot)
            assert meeting.decisions == []
            assert typed_again(app) == "Ship it"  # the dialog is back with what was typed
            await pilot.press("escape")
            log = app.screen.query_one(CapturedLog)
            log.focus()
            await pilot.press("enter")  # an edit of the action
            await dialog_back(pilot)
            app.screen.query_one("#field-text").value = "Send the new deck"
            await pilot.press("enter")
            await dialog_back(pilot)
            assert [a.text for a in meeting.actions] == ["Send the deck"]
            assert typed_again(app) == "Send the new deck"
            await pilot.press("escape")
            app.screen.set_focus(None)
            await pilot.press("n")  # next
            await pilot.pause()
            assert meeting.index == index
            reason = os.strerror(errno.ENOSPC if fault == "full" else errno.EIO)
            failed = errors(app)
            assert len(failed) == 3
            assert all("could not write the crash journal" in text and reason in text for text in failed), failed
            agree(app, clock)
            for _ in range(HEARTBEAT_SECONDS):  # the clock's own heartbeat fails too: named, and the clock goes on
                clock.advance(1)
                app.screen._on_interval()
            await pilot.pause()
            beats = len(errors(app))  # 4; more when the screen's real 1 s timer also beat on a slow machine
            assert beats >= 4 and app.is_running
            agree(app, clock)

        await pilot.press("d", *"Ship it", "enter")  # the disk is back: the same commands work
        await pilot.press("n")
        await pilot.pause()
        assert [d.text for d in meeting.decisions] == ["Ship it"] and meeting.index == index + 1
        agree(app, clock)
        assert len(errors(app)) == beats  # nothing failed once the disk was back
        app.session.journal.close()


async def test_only_the_ui_thread_drives_the_engine_through_a_meeting_saved_and_pushed(
    meeting_app, repo, clock, tmp_path, monkeypatch
) -> None:
    bare = bare_remote(repo.root, tmp_path)
    threads: list[threading.Thread] = []
    apply = Meeting.apply

    def watched(self: Meeting, event) -> None:
        threads.append(threading.current_thread())
        apply(self, event)

    monkeypatch.setattr(Meeting, "apply", watched)
    app = meeting_app(SHORT, push=True)
    async with app.run_test(size=(120, 40)) as pilot:
        ui = threading.current_thread()
        await settled(pilot)
        await pilot.press("space", "d", *"Ship it", "enter")
        clock.advance(30)
        await pilot.press("n", "q")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.phase is SavePhase.IDLE and app.session.saved is not None)
        assert app.session.saved.push is PushOutcome.OK
        await pilot.press("q")
    assert git(bare, "log", "-1", "--format=%s", "main").startswith("Minutes: ")
    assert len(threads) >= 5  # start, capture, next, pause, end
    assert {thread.name for thread in threads} == {ui.name}
