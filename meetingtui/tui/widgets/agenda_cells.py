"""The agenda's cells: what each row says (as ``Text``) and how one cell is drawn into a line of segments."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from meetingtui.domain.durations import format_clock, format_duration
from meetingtui.domain.meeting import LiveStatus, Meeting
from meetingtui.domain.report import whole_seconds
from meetingtui.domain.terminal_text import visible
from meetingtui.tui.palette import TEAM_COLOURS

STATUS_MARKS = {
    LiveStatus.DONE: ("✓", "green"),
    LiveStatus.CURRENT: ("▶", "bold"),
    LiveStatus.PENDING: ("·", "dim"),
    LiveStatus.SKIPPED: ("⤼", "dim"),
    LiveStatus.PARKED: ("⏸", "dim"),
}

Cells = tuple[Text, Text, Text, Text]
"""One row: the mark, plan, done and title."""

HEADER: Cells = (Text(""), Text("Plan", justify="right"), Text("Done", justify="right"), Text(" Segment"))
"""The header row. The columns carry their own spaces (no cell padding): a title at 80 columns gets more cells."""

WIDTHS = (2, 5, 6)
"""The mark's, plan's and done's widths; the title's column is as wide as the longest title (or its header)."""


def row_cells(meeting: Meeting, index: int, late: frozenset[int]) -> Cells:
    """One row: the mark (a segment that won't fit says so here, a column never cut), plan, done and title.

    Times come before the title: a long title is then cut at the panel's edge, never the numbers.
    """
    segment = meeting.segments[index]
    mark, style = ("⚠", "bold red") if index in late else STATUS_MARKS[segment.status]
    title = Text(" " + visible(segment.title), style=TEAM_COLOURS[segment.team])
    if segment.status in (LiveStatus.SKIPPED, LiveStatus.PARKED):
        title.stylize("strike dim", 1)
    planned = Text(format_duration(segment.planned), justify="right")
    return Text(mark, style=style), planned, actual_cell(meeting, index), title


def actual_cell(meeting: Meeting, index: int) -> Text:
    """``M:SS`` on every row run so far: the seconds the minutes will save (``report.whole_seconds``).

    The running row says "now" (its time is the Now panel's countdown): a running row that ticked every second cost
    more idle CPU than the rest of the screen together (bench/idle_cpu.py: 3.7x -> 2.0x, when the agenda was a
    DataTable that repainted whole on any cell update).
    """
    segment = meeting.segments[index]
    if index == meeting.index and meeting.current is not None:
        return Text("now", style="dim", justify="right")
    actual = whole_seconds(meeting.elapsed(index))
    if segment.status is LiveStatus.PENDING and actual == 0:
        return Text("")
    return Text(format_clock(actual), style="red" if actual > segment.planned else "", justify="right")


def same(one: Text, other: Text) -> bool:
    """Whether two cells draw alike (``Text ==`` compares the words and their spans, not the whole cell's style)."""
    return (one.plain, one.style, one.spans, one.justify) == (other.plain, other.style, other.spans, other.justify)


@lru_cache(maxsize=256)
def _parsed(style: str) -> Style:
    return Style.parse(style)


def _style(style: str | Style) -> Style:
    return style if isinstance(style, Style) else _parsed(style) if style else Style.null()


def _runs(text: Text) -> list[tuple[str, Style]]:
    """The text's characters in runs of one style: its own style under its spans, in the order they were added."""
    plain = text.plain
    base = _style(text.style)
    spans = text.spans
    if not spans:
        return [(plain, base)] if plain else []
    cuts = sorted({0, len(plain), *(span.start for span in spans), *(span.end for span in spans)})
    runs = []
    for start, end in pairwise(cuts):
        style = base
        for span in spans:
            if span.start <= start and end <= span.end:
                style += _style(span.style)
        runs.append((plain[start:end], style))
    return runs


def cell_segments(text: Text, width: int, under: Style, over: Style) -> list[Segment]:
    """``text`` drawn in a cell ``width`` wide, between ``under`` (the row's style) and ``over`` (the cursor's colour).

    Drawn as a Rich table cell is: a right-justified text is padded on its left in its own style, any other on its
    right in the row's style alone; a text too long for its cell is cut at the cell's edge.
    """
    runs = _runs(text)
    gap = width - cell_len(text.plain)
    if gap > 0:
        if text.justify == "right":
            runs.insert(0, (" " * gap, _style(text.style)))
        else:
            runs.append((" " * gap, Style.null()))
    segments = [Segment(words, under + style + over) for words, style in runs]
    if gap < 0:
        segments = list(Strip(segments).crop(0, width))
    return segments
