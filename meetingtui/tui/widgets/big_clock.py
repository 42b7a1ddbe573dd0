"""A countdown in a five-row block font, for terminals big enough to be read from the back of the room."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

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


def big_text(value: str) -> str:
    """``value`` (digits, ``:`` and ``+``) drawn five rows high."""
    rows = ["", "", "", "", ""]
    for char in value:
        glyph = _GLYPHS.get(char, _GLYPHS["0"])
        for index in range(5):
            rows[index] += glyph[index] + " "
    return "\n".join(row.rstrip() for row in rows)


class BigClock(Static):
    """Shows a clock string in the block font; repaints only when the string changes."""

    DEFAULT_CSS = "BigClock { width: auto; height: 5; }"

    def __init__(self, value: str = "0:00", **kwargs) -> None:
        super().__init__(big_text(value), **kwargs)
        self.value = value

    def show(self, value: str) -> None:
        """Draw ``value`` if it differs from what is shown."""
        if value != self.value:
            # Only a change of width needs a new layout (e.g. 9:59 → 10:00); otherwise just repaint.
            relayout = len(value) != len(self.value)
            self.value = value
            self.update(Text(big_text(value)), layout=relayout)
