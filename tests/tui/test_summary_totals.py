"""The summary's Total row adds up, and is the Markdown's Total row: one computation (domain/report.py)."""

from __future__ import annotations

import pytest

from meetingtui.domain.durations import format_duration
from meetingtui.domain.report import format_over
from meetingtui.store.minutes_store import find_minutes_file
from meetingtui.tui.screens.summary import SummaryScreen
from tests.saving_agenda import SHORT
from tests.tui.conftest import advance, settled, shown_text
from tests.unit.test_report import markdown_table


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_summarys_total_adds_up_and_is_the_markdowns(meeting_app, clock, repo, size) -> None:
    app = meeting_app(SHORT, commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        await pilot.press("space")
        await advance(pilot, clock, 12)  # 20 s planned: 8 s under
        await pilot.press("n")
        await advance(pilot, clock, 25)  # 20 s planned: 5 s over
        await pilot.press("n")
        await advance(pilot, clock, 6)
        await pilot.press("k")  # skipped after 6 s; the last segment is never reached
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = shown_text(app.screen.query_one("#summary-body"), size[0] - 4)
        shown = [" ".join(line.split()) for line in body.splitlines()]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert "Total 40s 37s -3s" in shown  # 37 − 40 = −3: the done segments only
    not_run = next(index for index, line in enumerate(shown) if line.startswith("Not run: 1 skipped,"))
    assert shown[not_run].endswith(" 40s 6s —")  # the label wraps at 80 columns rather than losing its words
    assert "1 not-reached" in " ".join(shown[not_run : not_run + 2])
    rows = markdown_table(find_minutes_file(repo, meeting.minutes_id).with_suffix(".md").read_text(), "Agenda")
    assert [row[3:6] for row in rows[-2:]] == [
        [format_duration(40), format_duration(37), format_over(-3)],
        [format_duration(40), format_duration(6), "—"],
    ]
    assert [row[0] for row in rows[-2:]] == ["Total", "Not run: 1 skipped, 1 not-reached"]
