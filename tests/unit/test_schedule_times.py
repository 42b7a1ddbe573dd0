"""The Schedule panel's "Ends", "Projected" and "N late/early" agree under one rounding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from meetingtui.domain.schedule_times import schedule_times, to_minute

START = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@dataclass
class Fixed:
    ends: dt.datetime
    projected: dt.datetime

    def scheduled_end(self) -> dt.datetime:
        return self.ends

    def projected_end(self) -> dt.datetime:
        return self.projected


@given(st.floats(0, 7200, allow_nan=False), st.floats(-3600, 3600, allow_nan=False))
def test_late_is_the_difference_of_the_times_shown(ends_after: float, over: float) -> None:
    ends = START + dt.timedelta(seconds=ends_after)
    times = schedule_times(Fixed(ends, ends + dt.timedelta(seconds=over)))
    shown = [dt.datetime.strptime(t.strftime("%H:%M"), "%H:%M") for t in (times.ends, times.projected)]
    assert times.late_seconds == (shown[1] - shown[0]).total_seconds()
    assert times.late_seconds % 60 == 0
    assert abs(times.late_seconds - over) <= 60  # each time is at most half a minute off


def test_a_projection_110_seconds_late_reads_two_minutes_on_every_line() -> None:
    ends = START + dt.timedelta(minutes=45)
    times = schedule_times(Fixed(ends, ends + dt.timedelta(seconds=110)))
    assert (times.ends.strftime("%H:%M"), times.projected.strftime("%H:%M"), times.late_seconds) == (
        "10:45",
        "10:47",
        120,
    )


def test_to_minute_rounds_half_up() -> None:
    assert to_minute(START + dt.timedelta(seconds=29.9)) == START
    assert to_minute(START + dt.timedelta(seconds=30)) == START + dt.timedelta(minutes=1)
