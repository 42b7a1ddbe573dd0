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


class ManualClock:
    """A clock that moves only when told: for tests, rehearsals and the drift benchmark.

    ``clock.now`` is the monotonic clock and ``clock.wall`` the matching wall
    clock, both advanced together by :meth:`advance`.
    """

    def __init__(self, start_wall: dt.datetime | None = None, start: float = 1000.0) -> None:
        self.t = start
        self._start = start
        self._start_wall = start_wall or dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    def now(self) -> float:
        """The monotonic reading."""
        return self.t

    def wall(self) -> dt.datetime:
        """The wall-clock reading that goes with :meth:`now`."""
        return self._start_wall + dt.timedelta(seconds=self.t - self._start)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        self.t += seconds
