"""Snapshots are pictures of the screen: ids must come out the same in every run."""

from __future__ import annotations

import pytest

from meetingtui.domain import ids
from meetingtui.tui import typing_pause


@pytest.fixture(autouse=True)
def fixed_nonce(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new id of a snapshot test ends in the same nonce (a real one is random by design)."""
    monkeypatch.setattr(ids, "nonce", lambda: "kq7m2xtp")


@pytest.fixture(autouse=True)
def brief_typing_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """As for the pilot tests (tests/tui/conftest.py): the panels below Now do not wait through a test's keys."""
    monkeypatch.setattr(typing_pause, "QUIET", 0.001)


async def steady_cursors(pilot) -> None:
    """Text cursors shown, not blinking: a blink's phase when the picture is taken depends on the machine's pace
    (a notes editor's cursor was off in one run of a loaded machine), not on what the screen shows."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()
