"""A test double for the meeting's clocks: time moves only when a test (or a benchmark) says so."""

from __future__ import annotations

import datetime as dt


class ManualClock:
    """A clock that moves only when told: for tests and the benchmarks.

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
