"""A key that changes a row of the agenda (±1, start, a mark) updates that row alone: the other rows keep their
cells, the cursor does not move (the screen would work its keys out again), and what is drawn is the new row."""

from __future__ import annotations

from meetingtui.tui.widgets.agenda_list import AgendaList
from tests.tui.conftest import settled
from tests.tui.test_agenda_marks import agenda_lines


def cells(table: AgendaList) -> list[list[object]]:
    return [list(table.cells(row)) for row in range(table.row_count)]


async def test_a_plan_changed_by_a_key_redraws_its_row_alone(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False, quiet=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        table = app.screen.query_one(AgendaList)
        before = cells(table)
        moved: list[int] = []
        original = table.post_message

        def counting(message):  # the cursor's moves reach the screen as CursorMoved
            if isinstance(message, AgendaList.CursorMoved):
                moved.append(message.row)
            return original(message)

        table.post_message = counting  # type: ignore[method-assign]
        await pilot.press("plus")
        await pilot.pause()
        after = cells(table)
        assert app.session.meeting.segments[0].planned == 6 * 60
        assert [str(cell) for cell in after[0]][1] == "6m"
        assert after[0][1] is not before[0][1]
        pairs = zip(after[1:], before[1:], strict=True)
        untouched = [(a, b) for row_a, row_b in pairs for a, b in zip(row_a, row_b, strict=True)]
        assert untouched and all(a is b for a, b in untouched)  # the other rows' cells were not made again
        assert moved == []
        assert any(line.startswith("▶") and "6m" in line for line in agenda_lines(app)), agenda_lines(app)

        await pilot.press("minus")
        await pilot.pause()
        assert any(line.startswith("▶") and "5m" in line for line in agenda_lines(app)), agenda_lines(app)
        assert cells(table)[1:] == after[1:]
