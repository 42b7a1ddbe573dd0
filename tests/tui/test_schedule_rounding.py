"""On screen, Schedule's "Ends" and "Projected" and its "N late" agree (one rounding, domain/schedule_times.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from meetingtui.tui.widgets.schedule import SchedulePanel
from tests.tui.conftest import advance, settled, shown_text


def minutes_of(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("over", [50, 110, 150, -100])
async def test_ends_projected_and_late_agree(meeting_app, clock, size, over) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        first = meeting.current.planned
        await advance(pilot, clock, first + over)  # the first segment takes `over` seconds more than planned
        app.screen.tick()
        await pilot.pause()
        panel = app.screen.query_one(SchedulePanel)
        text = shown_text(panel, width=panel.size.width)
        ends = re.search(r"Ends\s+~?(\d\d:\d\d)", text)
        projected = re.search(r"Projected\s+(\d\d:\d\d)", text)
        assert ends and projected, text
        apart = minutes_of(projected.group(1)) - minutes_of(ends.group(1))
        said = re.search(r"(\d+)m (late|early)|on time", text)
        assert said, text
        if apart == 0:
            assert said.group(0) == "on time", text
        else:
            assert said.group(1) and int(said.group(1)) == abs(apart), text
            assert said.group(2) == ("late" if apart > 0 else "early"), text
        true_over = (meeting.projected_end() - meeting.scheduled_end()) / dt.timedelta(minutes=1)
        assert abs(apart - true_over) <= 1
