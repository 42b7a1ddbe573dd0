"""When the facilitator pauses typing: the moment for work the screen can put off (its panels below Now).

Building and first drawing a panel holds the UI thread for tens of milliseconds (a hundred on a busy machine);
a key typed meanwhile waits for it. Work that can wait a moment, the lower row's panels just after the first
frame, waits for a pause in the keys instead, so that a key is drawn before the next piece of that work starts;
never for long, as someone may type without a pause.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.events import Event, Key

QUIET = 0.06
"""Seconds without a key that count as a pause (keys a person types in a burst come closer together)."""
LONGEST = 0.5
"""Seconds a piece of work waits at most for a pause, since it (or the work it is part of) began to wait."""
STEP = 0.02
"""Seconds between looks at whether the wait is still wanted."""


class TypingPause:
    """The time of the last key the app received (``saw``), and a wait for the next pause (``paused``)."""

    def __init__(self) -> None:
        self.last = float("-inf")

    def saw(self, event: Event) -> None:
        """Every event the app receives: a key is typing."""
        if isinstance(event, Key):
            self.last = time.monotonic()

    async def paused(
        self, *, since: float | None = None, began: float | None = None, unless: Callable[[], bool] = lambda: False
    ) -> None:
        """Return once no key came for :data:`QUIET` seconds (and none since ``since``, a ``time.monotonic()``
        time: counted as a key), :data:`LONGEST` seconds after ``began`` (by default: now; work in several pieces
        passes the time its first wait began, so that all of them together wait no longer), or as soon as
        ``unless()`` is true (checked every :data:`STEP` seconds: the facilitator asked for what waits)."""
        until = (time.monotonic() if began is None else began) + LONGEST
        while not unless():
            last = self.last if since is None else max(self.last, since)
            wait = min(last + QUIET, until) - time.monotonic()
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, STEP))
