"""A segment that won't fit keeps its ⚠ however long its title; titles get the room the Now panel spares."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.schedule import SchedulePanel
from tests.tui.conftest import advance, settled, shown_text

LONG = str(Path(__file__).resolve().parents[1] / "fixtures" / "agendas" / "long-titles.toml")


def agenda_lines(app) -> list[str]:
    table = app.screen.query_one(AgendaList)
    width, height = table.outer_size
    return [strip.text.strip("│ ") for strip in table.render_lines(Region(0, 0, width, height))]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_segment_that_wont_fit_keeps_its_mark_on_screen(meeting_app, clock, size) -> None:
    app = meeting_app(LONG, commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        assert meeting.at_risk() == []
        lines = agenda_lines(app)
        assert not any("⚠" in line for line in lines)
        await advance(pilot, clock, 700)  # ten minutes planned, eleven and a half spent: the last won't fit
        assert meeting.at_risk() == [2]
        assert "1 won't fit" in shown_text(app.screen.query_one(SchedulePanel))
        lines = agenda_lines(app)  # time alone moved it: the agenda follows Schedule without a key pressed
        row = next(line for line in lines if "Decisions" in line)
        assert row.startswith("⚠"), lines
        assert sum("⚠" in line for line in lines) == 1
        shown = row.split("5m", 1)[1].strip()
        title = meeting.segments[2].title
        assert title.startswith(shown) and len(shown) >= (17 if size[0] == 80 else 30), lines
