"""Agenda: every segment with its status, planned and actual time; the cursor picks one to move.

Drawn line by line with Textual's Line API (a ``ScrollView`` whose ``render_line`` returns one ``Strip`` per line):
the header row stays on top, the rows scroll under it. It was a ``DataTable`` until it had to reach into the
table's private caches to be cheap enough (a key that changed one plan drew every cell again); what it draws, cell
for cell and style for style, is what that table drew (tests/snapshots).
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from meetingtui.domain.events import MeetingEvent
from meetingtui.domain.lean import mutable
from meetingtui.domain.meeting import Meeting
from meetingtui.tui.palette import literal
from meetingtui.tui.widgets.agenda_cells import HEADER, WIDTHS, Cells, cell_segments, row_cells, same
from meetingtui.tui.widgets.schedule import SLOW_PANEL_SECONDS
from meetingtui.tui.widgets.view import AGENDA_CHANGES, SEGMENT_CHANGES, MeetingView

HEADER_ROW = -1
"""The header's row number (the segments' rows count from 0)."""


class AgendaList(MeetingView, ScrollView, can_focus=True):
    """The agenda as a table with a row cursor; changed rows are redrawn alone, the table whole when segments are
    added or moved (the running row says "now")."""

    ALLOW_SELECT = False

    REDRAWS_ON = AGENDA_CHANGES
    FOLLOWS_CLOCK = SLOW_PANEL_SECONDS
    """Time alone can make a pending segment not fit (its ⚠), on Schedule's step ("N won't fit")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First segment", show=False),
        Binding("end,ctrl+end", "last", "Last segment", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "agenda-list--header",
        "agenda-list--cursor",
        "agenda-list--hover",
        "agenda-list--header-hover",
    }
    # The widget's own look (a table's: Textual's DataTable defaults); meetingtui.tcss sets the cursor's background.
    DEFAULT_CSS = """
    AgendaList {
        background: $surface;
        color: $foreground;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .agenda-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .agenda-list--header { background-tint: $foreground 5%; }
        }
        & > .agenda-list--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .agenda-list--header { background: ansi_bright_blue; color: ansi_default; }
        & > .agenda-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .agenda-list--header-hover { background: $accent 30%; }
        & > .agenda-list--hover { background: $block-hover-background; }
    }
    """

    @mutable
    class CursorMoved(Message):
        """The cursor moved to ``row`` (by a key, a click, or the screen)."""

        row: int

    def __init__(self, meeting: Meeting, **kwargs) -> None:
        super().__init__(meeting, **kwargs)
        self._rows: list[Cells] = []
        self._title_width = HEADER[3].cell_len
        self._cursor = 0
        self._hover: int | None = None
        """The row under the mouse, while it shows (a key hides it)."""
        self._late: frozenset[int] = frozenset()
        self._drawn: dict[tuple[int, bool, bool], tuple[Cells, tuple[object, ...], Strip]] = {}
        """Each row as last drawn, under the cursor or not, under the mouse or not: its cells, how it was drawn (width,
        scroll, style), its line."""
        self._pass_style: Style | None = None
        """The widget's style while one render pass draws its lines (see :meth:`render_lines`)."""
        self._components: dict[str, Style] = {}
        """The component classes' styles, until the styles change (Textual's own cache is emptied by every
        refresh: each key that moved the cursor worked out every style again)."""

    # -- what it shows -----------------------------------------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        """The row the cursor is on."""
        return self._cursor

    @property
    def row_count(self) -> int:
        """The number of rows (segments), the header not counted."""
        return len(self._rows)

    def cells(self, row: int) -> Cells:
        """Row ``row``'s cells as shown: the mark, plan, done and title."""
        return self._rows[row]

    def on_mount(self) -> None:
        self.border_title = literal(self.meeting.agenda.title)
        self.show_meeting(self.meeting, None)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Show every row (changed rows only); the cursor follows the current segment when that changes, else keeps
        its row."""
        self.rebuild(meeting)
        if event is None or type(event) in SEGMENT_CHANGES:
            self.move_cursor(row=meeting.index, animate=False)

    def show_time(self, meeting: Meeting) -> None:
        """Redraw when time alone changed which segments won't fit: its ⚠ marks keep step with Schedule's."""
        if frozenset(meeting.at_risk()) != self._late:
            self.rebuild(meeting)

    def rebuild(self, meeting: Meeting) -> None:
        """Show every row as ``meeting`` has it; keeps the cursor on the same row number.

        The same segments in the same order (a key such as ±1, start, pause, a mark): only the rows that changed are
        redrawn (the others keep their cells), so a key that changes one plan redraws one line and moves no cursor.
        Otherwise (added, moved, a title that differs) every line is drawn again.
        """
        late = self._late = frozenset(meeting.at_risk())
        rows = [row_cells(meeting, index, late) for index in range(len(meeting.segments))]
        shown = self._rows
        if [cells[3].plain for cells in rows] == [cells[3].plain for cells in shown]:  # the same titles, in order
            for index, (new, old) in enumerate(zip(rows, shown, strict=True)):
                if all(map(same, new, old)):
                    rows[index] = old
                else:
                    self.refresh_line(index + 1)
            self._rows = rows
            return
        self._rows = rows
        self._title_width = max([HEADER[3].cell_len, *(cells[3].cell_len for cells in rows)])
        self._drawn.clear()
        self.virtual_size = Size(sum(WIDTHS) + self._title_width, len(rows) + 1)
        self.refresh()
        self.move_cursor(row=self._cursor, animate=False)

    # -- the cursor --------------------------------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        """Put the cursor on ``row`` (kept within the rows) and, unless ``scroll`` is false, scroll it into view."""
        row = max(0, min(row, len(self._rows) - 1))
        old, self._cursor = self._cursor, row
        if row != old:
            self.refresh_line(old + 1)
            self.refresh_line(row + 1)
            self.post_message(self.CursorMoved(row))
        if scroll:
            if self.size.height:
                self._scroll_to_cursor(animate)
            else:  # not laid out yet: once it is
                self.call_after_refresh(self._scroll_to_cursor, animate)

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll so that the cursor's row shows below the header."""
        region = Region(int(self.scroll_x), self._cursor + 1, 1, 1)
        self.scroll_to_region(region, animate=animate, spacing=Spacing(1, 0, 0, 0), force=True)

    def _key_moved(self, row: int) -> None:
        self._show_hover(None)
        self.move_cursor(row=row)

    def action_cursor_up(self) -> None:
        self._key_moved(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._key_moved(self._cursor + 1)

    def action_first(self) -> None:
        self._key_moved(0)

    def action_last(self) -> None:
        self._key_moved(len(self._rows) - 1)

    def action_page_up(self) -> None:
        page = self._page()
        self.scroll_relative(y=-page, animate=False, force=True)
        self._key_moved(self._cursor - page)

    def action_page_down(self) -> None:
        page = self._page()
        self.scroll_relative(y=page, animate=False, force=True)
        self._key_moved(self._cursor + page)

    def _page(self) -> int:
        """Rows in one page: those that show below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    # -- the mouse ---------------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        self._show_hover(row)
        if isinstance(row, int) and row >= 0:
            self.move_cursor(row=row, animate=True)
            event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = event.style.meta.get("row")
        self._show_hover(row if isinstance(row, int) else None)

    def on_leave(self, event: events.Leave) -> None:
        self._show_hover(None)

    def _show_hover(self, row: int | None) -> None:
        """Show the hover highlight on ``row`` (``None``: nowhere)."""
        old, self._hover = self._hover, row
        if old != row:
            for shown in (old, row):
                if shown is not None:
                    self.refresh_line(0 if shown == HEADER_ROW else shown + 1)

    # -- drawing -----------------------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style is a walk up the DOM blending every ancestor's colours; nothing can restyle the
        # widget while one pass draws it: worked out once per pass.
        self._pass_style = None
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def notify_style_update(self) -> None:
        self._drawn.clear()  # a new theme or focus: the styles the rows were drawn with changed
        self._components.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        base = self._pass_style if self._pass_style is not None else self.rich_style
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        row = HEADER_ROW if y == 0 else y + scroll_y - 1
        if row >= len(self._rows):
            return Strip.blank(width, base)
        cells = HEADER if row == HEADER_ROW else self._rows[row]
        lit = (row, row == self._cursor, row == self._hover)  # a row is kept lit and unlit: the cursor comes back
        how = (width, scroll_x, base, self._title_width)
        kept = self._drawn.get(lit)
        if kept is not None and kept[0] is cells and kept[1] == how:
            return kept[2]
        strip = self._draw(row, cells, base, width, scroll_x)
        self._drawn[lit] = (cells, how, strip)
        return strip

    def _component(self, name: str) -> Style:
        style = self._components.get(name)
        if style is None:
            style = self._components[name] = self.get_component_rich_style(name)
        return style

    def _draw(self, row: int, cells: Cells, base: Style, width: int, scroll_x: int) -> Strip:
        """One row's line: its cells, then the row's style to the widget's edge."""
        component = self._component
        row_style = component("agenda-list--header") if row == HEADER_ROW else base
        highlight = Style()
        if row == self._hover:
            highlight += component("agenda-list--hover")
            if row == HEADER_ROW:
                highlight += component("agenda-list--header-hover")
        if row == self._cursor:
            highlight += component("agenda-list--cursor")
        over = Style.from_color(color=highlight.color)  # the cursor's colour over the cells' own
        segments: list[Segment] = []
        for column, (text, cell_width) in enumerate(zip(cells, (*WIDTHS, self._title_width), strict=True)):
            under = row_style + _cell_meta(row, column) + highlight
            segments += cell_segments(text, cell_width, under, over)
        rest = max(0, width - sum(WIDTHS) - self._title_width)
        beyond = _cell_meta(row, -1)
        segments.append(Segment(" " * rest, row_style + highlight + beyond))
        return Strip(segments).crop(scroll_x, scroll_x + width).adjust_cell_length(width, base).simplify()


@lru_cache(maxsize=1024)
def _cell_meta(row: int, column: int) -> Style:
    """What a click or the mouse reads of a cell: its row and column (``-1``: right of the last column)."""
    if column < 0:
        return Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
    return Style.from_meta({"row": row, "column": column})
