"""Named layout breakpoints: terminal sizes from which a screen lays itself out differently."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen

WIDE = 110
"""Columns from which adjust puts the plan beside the segments (team bars, highlighted prompts), attendance
the counts beside the list, and the countdown may use the big font."""
EXTRA_WIDE = 150
"""Columns from which a review segment shows the captured log too."""
TALL = 34
"""Rows from which the countdown may use the big font and the picker's details show each segment's prompts."""


def breakpoint_classes(screen: Screen, size: Size) -> str:
    """The classes Textual gives ``screen`` from its breakpoints at ``size`` (on its first Resize), given up front.

    A screen styles its whole tree again whenever its classes change: set at creation, the first Resize changes
    nothing, and the first frame is styled once less (bench/first_frame.py).
    """
    chosen = []
    for limit, breakpoints in ((size.width, screen.HORIZONTAL_BREAKPOINTS), (size.height, screen.VERTICAL_BREAKPOINTS)):
        reached = [(at, name) for at, name in breakpoints or () if limit >= at]
        if reached:
            chosen.append(max(reached)[1])
    return " ".join(chosen)
