"""The agenda drawn line by line: its keys and clicks move the cursor (and tell the screen), its rows scroll under a
header that stays, and a cell is drawn as a table cell is (padding, justification, the text's own styles, a cut)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from meetingtui.tui.widgets.agenda_cells import cell_segments
from meetingtui.tui.widgets.agenda_list import AgendaList
from tests.tui.conftest import settled
from tests.tui.test_agenda_marks import agenda_lines


def heard_moves(table: AgendaList) -> list[int]:
    """The rows of the CursorMoved messages ``table`` posts from now on."""
    moved: list[int] = []
    original = table.post_message

    def counting(message):
        if isinstance(message, AgendaList.CursorMoved):
            moved.append(message.row)
        return original(message)

    table.post_message = counting  # type: ignore[method-assign]
    return moved


async def test_keys_move_the_cursor_and_the_rows_scroll_under_the_header(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False, quiet=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        for number in range(12):
            meeting.add_segment(f"Extra topic {number}", "sales", 60)
        await pilot.pause()
        table = app.screen.query_one(AgendaList)
        rows = table.row_count
        assert rows == len(meeting.segments) == 19
        page = table.scrollable_content_region.height - 1  # the rows that show below the header
        assert page < rows  # the test needs rows that do not fit
        moved = heard_moves(table)
        table.focus()

        await pilot.press("end")
        assert table.cursor_row == rows - 1
        lines = agenda_lines(app)
        assert "Plan" in lines[1] and "Segment" in lines[1]  # the header stays on top
        last = meeting.segments[-1].title[:12]  # a segment added goes before the closing one
        assert last in lines[-2] and not any("Last week's" in line for line in lines)

        await pilot.press("home")
        assert table.cursor_row == 0
        lines = agenda_lines(app)
        assert "Plan" in lines[1] and "Last week's" in lines[2]

        await pilot.press("up")  # already on the first row: no move, nothing told
        await pilot.press("down", "down", "up")
        await pilot.press("pagedown")
        assert table.cursor_row == 1 + page
        await pilot.press("pageup")
        assert table.cursor_row == 1
        await pilot.pause()
        assert moved == [rows - 1, 0, 1, 2, 1, 1 + page, 1]
        assert app.screen.query_one(AgendaList).cells(1)[3].plain == " " + meeting.segments[1].title


async def test_a_click_selects_its_row_and_the_header_selects_nothing(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False, quiet=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        table = app.screen.query_one(AgendaList)
        moved = heard_moves(table)
        await pilot.click(AgendaList, offset=(10, 2 + 3))  # below the border and the header: the fourth row
        assert table.cursor_row == 3
        await pilot.click(AgendaList, offset=(10, 1))
        assert table.cursor_row == 3
        await pilot.pause()
        assert moved == [3]


def drawn(text: Text, width: int) -> list[tuple[str, Style]]:
    under = Style(bgcolor="black")
    segments = Segment.simplify(cell_segments(text, width, under, Style()))  # as the line is, before it is shown
    return [(segment.text, segment.style) for segment in segments]


def test_a_cell_is_padded_justified_and_cut_as_a_table_cell() -> None:
    black, red = Style(bgcolor="black"), Style.parse("red")
    assert drawn(Text("5m", justify="right"), 5) == [("   5m", black)]  # its own (no) style on the left
    assert drawn(Text("0:23", style="red", justify="right"), 6) == [("  0:23", black + red)]
    assert drawn(Text(" Title", style="red"), 9) == [(" Title", black + red), ("   ", black)]  # the row's, right
    title = Text(" Ab", style="red")
    title.stylize("strike dim", 1)
    assert drawn(title, 3) == [(" ", black + red), ("Ab", black + red + Style.parse("strike dim"))]
    assert "".join(text for text, _ in drawn(Text("Pipeline"), 4)) == "Pipe"
    assert drawn(Text(""), 2) == [("  ", black)]
