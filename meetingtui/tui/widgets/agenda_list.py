"""Agenda: every segment with its status, planned and actual time; the cursor picks one to move."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

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


class AgendaList(MeetingView, DataTable):
    """The agenda as a table; rows are rebuilt on structural changes (the running row says "now")."""

    REDRAWS_ON = AGENDA_CHANGES
    FOLLOWS_CLOCK = SLOW_PANEL_SECONDS
    """Time alone can make a pending segment not fit (its ⚠), on Schedule's step ("N won't fit")."""

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
        """Redraw every row; the cursor follows the current segment when that changes, else keeps its row."""
        self.rebuild(meeting)
        if event is None or type(event) in SEGMENT_CHANGES:
            self.move_cursor(row=meeting.index, animate=False)

    def show_time(self, meeting: Meeting) -> None:
        """Redraw when time alone changed which segments won't fit: its ⚠ marks keep step with Schedule's."""
        if frozenset(meeting.at_risk()) != self._late:
            self.rebuild(meeting)

    _late: frozenset[int] = frozenset()

    def rebuild(self, meeting: Meeting) -> None:
        """Redraw every row (after next, skip, move, add, ±1 …); keeps the cursor on the same row number."""
        late = self._late = frozenset(meeting.at_risk())
        row = self.cursor_row
        self.clear()
        for index, segment in enumerate(meeting.segments):
            # A segment that won't fit says so in the mark column, which is never cut (only pending ones can).
            mark, style = ("⚠", "bold red") if index in late else STATUS_MARKS[segment.status]
            title = Text(" " + visible(segment.title), style=TEAM_COLOURS[segment.team])
            if segment.status in (LiveStatus.SKIPPED, LiveStatus.PARKED):
                title.stylize("strike dim", 1)
            actual = self._actual(meeting, index)
            planned = Text(format_duration(segment.planned), justify="right")
            self.add_row(Text(mark, style=style), planned, actual, title, key=str(index))
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)

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
