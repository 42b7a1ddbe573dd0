"""What the Schedule panel says, under one rounding: "Ends", "Projected" and how far apart they are. Pure.

Both times are rounded to the nearest minute once, here, and "N late" / "N early" is the difference of the
two times *as shown*: the panel can never say ``Ends 10:30``, ``Projected 10:31`` and ``2m late``.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from meetingtui.domain.lean import frozen

MINUTE = dt.timedelta(minutes=1)


class Schedules(Protocol):
    """What the figures need of a meeting (:class:`~meetingtui.domain.meeting.Meeting` has it)."""

    def scheduled_end(self) -> dt.datetime: ...

    def projected_end(self) -> dt.datetime: ...


def to_minute(moment: dt.datetime) -> dt.datetime:
    """``moment`` rounded to the nearest whole minute (half a minute rounds up)."""
    floor = moment.replace(second=0, microsecond=0)
    return floor + MINUTE if moment - floor >= MINUTE / 2 else floor


@frozen
class ScheduleTimes:
    """The scheduled and projected end as shown, and the minutes between them (positive: late)."""

    ends: dt.datetime
    projected: dt.datetime

    @property
    def late_seconds(self) -> int:
        """Projected minus scheduled, in whole minutes (as seconds): what "late"/"early" says."""
        return int((self.projected - self.ends).total_seconds())


def schedule_times(meeting: Schedules) -> ScheduleTimes:
    """The Schedule panel's figures for ``meeting`` now."""
    return ScheduleTimes(to_minute(meeting.scheduled_end()), to_minute(meeting.projected_end()))
