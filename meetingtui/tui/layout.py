"""Named layout breakpoints: terminal sizes from which a screen lays itself out differently."""

from __future__ import annotations

WIDE = 110
"""Columns from which adjust puts the plan beside the segments (team bars, highlighted prompts), attendance
the counts beside the list, and the countdown may use the big font."""
EXTRA_WIDE = 150
"""Columns from which a review segment shows the captured log too."""
TALL = 34
"""Rows from which the countdown may use the big font and the picker's details show each segment's prompts."""
