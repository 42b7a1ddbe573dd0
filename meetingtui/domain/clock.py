"""Clocks the meeting engine reads. Elapsed time comes from these, never from counting ticks."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds on a clock that never goes back; only differences matter."""
WallClock = Callable[[], dt.datetime]
"""Timezone-aware local time, for ``started_at`` and the projected end."""


def boottime() -> float:
    """Seconds since boot, counting time the laptop was suspended.

    ``time.monotonic()`` stops during suspend on Linux, so a meeting on a
    laptop that slept would lose time; ``CLOCK_BOOTTIME`` does not.
    """
    return time.clock_gettime(time.CLOCK_BOOTTIME)


def _monotonic() -> float:
    return time.monotonic()


meeting_clock: Clock = boottime if hasattr(time, "CLOCK_BOOTTIME") else _monotonic


def local_now() -> dt.datetime:
    """The local time with its UTC offset."""
    return dt.datetime.now().astimezone()
