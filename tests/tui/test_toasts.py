"""At 80×24 (and 120×40) toasts never cover the review list or a dialog."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from textual.notifications import Notification
from textual.widgets._toast import Toast, ToastRack

from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.widgets.review import ReviewPanel
from tests.tui.conftest import settled


def toasts(app) -> list[Toast]:
    """The toasts on screen (a dialog keeps earlier ones in its rack, hidden)."""
    return [toast for toast in app.screen.query(Toast) if toast.display and toast.region.area]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_toast_leaves_the_review_list_and_waits_for_a_dialog(meeting_app, size) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settled(pilot)
        review = app.screen.query_one(ReviewPanel)
        assert review.display  # the first segment reviews the open actions
        app.notify("A long notice that would reach well into the middle of a narrow screen if it could", timeout=30)
        await pilot.pause()
        await pilot.pause()
        shown = toasts(app)
        assert shown
        for toast in shown:
            assert not toast.region.overlaps(review.region), (toast.region, review.region)

        await pilot.press("d")  # the decision dialog
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.notify("Raised while the dialog is open", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert toasts(app) == []  # nothing over the dialog
        assert [message for message, _, _ in app.toasts.held] == ["Raised while the dialog is open"]
        await pilot.press("escape")
        await pilot.pause(0.4)
        assert app.toasts.held == []
        assert any("Raised while the dialog is open" in str(t.render()) for t in toasts(app))


@contextmanager
def stops_a_spin(seconds: float) -> Iterator[None]:
    """Interrupt the test's thread after ``seconds``: a loop that never awaits cannot be timed out from the event
    loop (without the floor, Textual's timer spins so), and a hung test would hold the whole suite."""

    def interrupt(signum: int, frame: object) -> None:
        raise TimeoutError(f"still busy after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


async def test_a_toast_built_just_after_it_expired_leaves_the_dialog_its_keys(meeting_app) -> None:
    """Textual builds the toasts again on every screen change, each to wait the time its notice has left, read
    when it is built: one that expired a moment before got a negative wait, a timer Textual never ended, and the
    keys typed into the dialog that had just opened were never handled (meetingtui/tui/timer_floor.py)."""
    app = meeting_app(commit=False)
    with stops_a_spin(seconds=20):
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settled(pilot)
            fired: list[float] = []
            app.set_timer(-0.0108, lambda: fired.append(time.monotonic()))  # the wait the toast below would get
            await pilot.pause(0.1)
            assert len(fired) == 1, "a timer already due fires once"

            await pilot.press("d")  # the decision dialog
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            expired = Notification("Expired notice", timeout=4.0, raised_at=time.time() - 4.0108)  # 10.8 ms late
            rack = app.screen.query_one(ToastRack)
            await rack.mount(Toast(expired))
            await pilot.pause(0.05)
            assert not any("Expired notice" in str(toast.render()) for toast in rack.query(Toast))  # it ended
            await pilot.press(*"Ship the comparison page", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, FormDialog)
            assert [decision.text for decision in app.session.meeting.decisions] == ["Ship the comparison page"]
