"""The countdown, large enough to be read from the back of the room, the clock's state beside it and the bar of
the segment's time under it.

One widget draws both fonts, choosing by the height the stylesheet gives it (meetingtui.tcss: a font of five rows
from the meeting screen's wide-and-tall breakpoint, Textual's three-row digits below it, and a row for the bar), the
state ("space to start", "paused", "over time") to their right, and the bar. It was five widgets (both fonts, one of
them hidden, the state, the bar), each mounted, styled and laid out before the first frame (~7M instructions a widget,
bench/frame_instructions.py), and two of them redrawn every second.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.renderables.digits import Digits
from textual.widget import Widget

from meetingtui.tui.palette import bar

_GLYPHS = {
    "0": ["████", "█  █", "█  █", "█  █", "████"],
    "1": ["  █ ", " ██ ", "  █ ", "  █ ", " ███"],
    "2": ["████", "   █", "████", "█   ", "████"],
    "3": ["████", "   █", " ███", "   █", "████"],
    "4": ["█  █", "█  █", "████", "   █", "   █"],
    "5": ["████", "█   ", "████", "   █", "████"],
    "6": ["████", "█   ", "████", "█  █", "████"],
    "7": ["████", "   █", "  █ ", " █  ", " █  "],
    "8": ["████", "█  █", "████", "█  █", "████"],
    "9": ["████", "█  █", "████", "   █", "████"],
    ":": ["  ", "██", "  ", "██", "  "],
    "+": ["    ", " █  ", "███ ", " █  ", "    "],
}

BIG_ROWS = 5
BAR_ROWS = 1
STATE_GAP = 3
"""Cells between the clock and its state."""


def big_rows(value: str) -> list[str]:
    """``value`` (digits, ``:`` and ``+``) drawn five rows high, each row without trailing spaces."""
    rows = ["", "", "", "", ""]
    for char in value:
        glyph = _GLYPHS.get(char, _GLYPHS["0"])
        for index in range(BIG_ROWS):
            rows[index] += glyph[index] + " "
    return [row.rstrip() for row in rows]


def digits_rows(value: str, style: Style) -> list[str]:
    """``value`` in Textual's three-row digits (their bold face when ``style`` is bold)."""
    text = "".join(segment.text for segment in Digits(value).render(style))
    return text.split("\n")[:3]


class Countdown(Widget):
    """The countdown (``M:SS``, ``+M:SS`` over time), the clock's state to its right and the time used under it."""

    COMPONENT_CLASSES = {"countdown--clock", "countdown--state"}

    def __init__(self, value: str = "0:00", **kwargs) -> None:
        super().__init__(**kwargs)
        self.value = value
        self.state = ""
        self.used = 0.0
        """The fraction of the segment's time used (the bar fills up to 1)."""
        self.colour = "green"
        """The bar's colour (the phase's, from the theme)."""

    def show(self, value: str, state: str, used: float | None = None, colour: str | None = None) -> None:
        """Draw ``value``, ``state`` and the bar (``used`` in ``colour``; as it was when not given), if any of them
        differs from what is shown (the bar by whole cells)."""
        used = self.used if used is None else used
        colour = self.colour if colour is None else colour
        width = max(1, self.size.width)
        before = (self.value, self.state, int(self.used * width), self.colour)
        self.value, self.state, self.used, self.colour = value, state, used, colour
        if (value, state, int(used * width), colour) != before:
            self.refresh()

    def render(self) -> Text:
        clock_style = self.get_component_rich_style("countdown--clock")
        state_style = self.get_component_rich_style("countdown--state")
        big = self.size.height >= BIG_ROWS + BAR_ROWS
        rows = big_rows(self.value) if big else digits_rows(self.value, clock_style)
        clock_width = max(map(len, rows))
        state_top = (len(rows) - 1) // 2  # beside the clock's middle row, or just above it
        states = self.state.split("\n") if self.state else []
        text = Text(no_wrap=True, overflow="crop", end="")
        for index in range(max(len(rows), state_top + len(states))):
            if index:
                text.append("\n")
            row = rows[index] if index < len(rows) else ""
            text.append(row.ljust(clock_width), style=clock_style)
            state = index - state_top
            if 0 <= state < len(states):
                text.append(" " * STATE_GAP)
                text.append(states[state], style=state_style)
        text.append("\n")
        text.append_text(bar(self.used, max(1, self.size.width), self.colour))
        return text
