"""Agenda: every segment with its status, planned and actual time; the cursor picks one to move."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from meetingtui.domain.durations import format_clock, format_duration
from meetingtui.domain.events import MeetingEvent
from meetingtui.domain.meeting import LiveStatus, Meeting
from meetingtui.domain.report import whole_seconds
from meetingtui.domain.terminal_text import visible
from meetingtui.tui.palette import TEAM_COLOURS, literal
from meetingtui.tui.widgets.schedule import SLOW_PANEL_SECONDS
from meetingtui.tui.widgets.view import AGENDA_CHANGES, SEGMENT_CHANGES, MeetingView

STATUS_MARKS = {
    LiveStatus.DONE: ("✓", "green"),
    LiveStatus.CURRENT: ("▶", "bold"),
    LiveStatus.PENDING: ("·", "dim"),
    LiveStatus.SKIPPED: ("⤼", "dim"),
    LiveStatus.PARKED: ("⏸", "dim"),
}


COLUMNS = ("mark", "plan", "actual", "title")


def _same(one: Text, other: Text) -> bool:
    """Whether two cells draw alike (``Text ==`` compares the words and their spans, not the whole cell's style)."""
    return (one.plain, one.style, one.spans, one.justify) == (other.plain, other.style, other.spans, other.justify)


class AgendaList(MeetingView, DataTable):
    """The agenda as a table; changed rows are updated in place, the table is redrawn when segments are added or
    moved (the running row says "now")."""

    REDRAWS_ON = AGENDA_CHANGES
    FOLLOWS_CLOCK = SLOW_PANEL_SECONDS
    """Time alone can make a pending segment not fit (its ⚠), on Schedule's step ("N won't fit")."""

    def __init__(self, meeting: Meeting, **kwargs) -> None:
        super().__init__(meeting, **kwargs)
        self._drawn: dict[tuple[int, int], tuple[object, tuple[object, ...], list[list[Segment]]]] = {}
        """Each cell as last drawn: (row, column) → the cell, how it was drawn, its lines."""

    def on_mount(self) -> None:
        self.border_title = literal(self.meeting.agenda.title)
        self.cursor_type = "row"
        self.zebra_stripes = False
        # Times first: a long title is then cut at the panel's edge, never the numbers. Labels and cells are
        # Text, not str: DataTable parses a str as markup, which loads rich's emoji table (~1 MB, ~10 ms).
        # No cell padding: the columns carry their own spaces, so a title at 80 columns gets four more cells.
        self.cell_padding = 0
        self.add_column(Text(""), key="mark", width=2)
        self.add_column(Text("Plan", justify="right"), key="plan", width=5)
        self.add_column(Text("Done", justify="right"), key="actual", width=6)
        self.add_column(Text(" Segment"), key="title")
        self.show_meeting(self.meeting, None)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Show every row (changed cells only); the cursor follows the current segment when that changes, else keeps
        its row."""
        self.rebuild(meeting)
        if event is None or type(event) in SEGMENT_CHANGES:
            self.move_cursor(row=meeting.index, animate=False)

    def show_time(self, meeting: Meeting) -> None:
        """Redraw when time alone changed which segments won't fit: its ⚠ marks keep step with Schedule's."""
        if frozenset(meeting.at_risk()) != self._late:
            self.rebuild(meeting)

    _late: frozenset[int] = frozenset()
    _shown: list[tuple[Text, Text, Text, Text]] = []
    """The cells as last shown, row by row (the table's own copy is the cells it was given)."""

    def rebuild(self, meeting: Meeting) -> None:
        """Show every row as ``meeting`` has it; keeps the cursor on the same row number.

        The same segments in the same order (a key such as ±1, start, pause, a mark): only the cells that changed are
        updated, so a key that changes one plan redraws one cell and posts no cursor move. Otherwise (added, moved,
        a title that differs) the table is drawn again: ``clear()`` moves the cursor to the top and back, which the
        screen hears twice (its keys are worked out again each time).
        """
        late = self._late = frozenset(meeting.at_risk())
        rows = [self._cells(meeting, index, late) for index in range(len(meeting.segments))]
        shown = self._shown
        if [cells[3].plain for cells in rows] == [cells[3].plain for cells in shown]:  # the same titles, in order
            for index, (new, old) in enumerate(zip(rows, shown, strict=True)):
                if not all(map(_same, new, old)):
                    self._replace_row(index, new)
            self._shown = rows
            return
        row = self.cursor_row
        self.clear()
        for index, cells in enumerate(rows):
            self.add_row(*cells, key=str(index))
        self._shown = rows
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)

    def _replace_row(self, index: int, cells: tuple[Text, Text, Text, Text]) -> None:
        """Put new cells in row ``index`` and repaint that row alone (the same widths: no new layout).

        ``update_cell`` repaints the whole table for each cell: the other rows' lines went through DataTable's and
        the compositor's line drawing again (~0.5 ms a line) though nothing in them changed.
        """
        row = self._data[RowKey(str(index))]
        for column, cell in zip(COLUMNS, cells, strict=True):
            row[ColumnKey(column)] = cell
        self._update_count += 1  # DataTable's own caches of lines and rows are keyed by this count
        self.refresh_row(index)

    def _cells(self, meeting: Meeting, index: int, late: frozenset[int]) -> tuple[Text, Text, Text, Text]:
        """One row: the mark (a segment that won't fit says so here, a column never cut), plan, done and title."""
        segment = meeting.segments[index]
        mark, style = ("⚠", "bold red") if index in late else STATUS_MARKS[segment.status]
        title = Text(" " + visible(segment.title), style=TEAM_COLOURS[segment.team])
        if segment.status in (LiveStatus.SKIPPED, LiveStatus.PARKED):
            title.stylize("strike dim", 1)
        planned = Text(format_duration(segment.planned), justify="right")
        return Text(mark, style=style), planned, self._actual(meeting, index), title

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A cell as DataTable draws it, drawn again only when it or the way it is drawn changed.

        DataTable keys its drawn cells by a count that every update moves on, so one new plan drew every cell of
        the table again (~10 ms of CPU a key, the costliest part of a key's frame); here a cell is kept while it is the
        same object in the same place, drawn with the same style, width, cursor and focus.
        """
        if row_index < 0:
            cell: object = self.ordered_columns[column_index].label
        else:
            cell = self.get_row_at(row_index)[column_index]
        how = (base_style, width, cursor, hover, self.show_cursor, self._show_hover_cursor, self._pseudo_class_state)
        kept = self._drawn.get((row_index, column_index))
        if kept is not None and kept[0] is cell and kept[1] == how:
            return kept[2]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._drawn[row_index, column_index] = (cell, how, lines)
        return lines

    _pass_style: Style | None = None
    """The table's style while one render pass draws its lines (see :meth:`render_lines`)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        # DataTable asks for its own rich_style on every line it draws (and the row styles on each row): each time a
        # walk up the DOM blending every ancestor's colours, ~26 walks for one drawing of the agenda. Nothing can
        # restyle the table while one pass draws it: worked out once per pass.
        self._pass_style = None
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    @property
    def rich_style(self) -> Style:
        return self._pass_style if self._pass_style is not None else super().rich_style

    def notify_style_update(self) -> None:
        self._drawn.clear()  # a new theme or focus: the styles the cells were drawn with changed
        super().notify_style_update()

    @staticmethod
    def _actual(meeting: Meeting, index: int) -> Text:
        """``M:SS`` on every row run so far: the seconds the minutes will save (``report.whole_seconds``).

        The running row says "now" (its time is the Now panel's countdown): a DataTable repaints whole on any
        cell update, and a running row that ticked every second cost more idle CPU than the rest of the screen
        together (bench/idle_cpu.py: 3.7x -> 2.0x).
        """
        segment = meeting.segments[index]
        if index == meeting.index and meeting.current is not None:
            return Text("now", style="dim", justify="right")
        actual = whole_seconds(meeting.elapsed(index))
        if segment.status is LiveStatus.PENDING and actual == 0:
            return Text("")
        return Text(format_clock(actual), style="red" if actual > segment.planned else "", justify="right")
