"""A QR code of the followers' URL as terminal text: two modules per character cell with half blocks."""

from __future__ import annotations

import segno

QUIET_ZONE = 2
"""Modules of light border; scanners want some, and a terminal cell row is precious."""


def qr_lines(text: str) -> list[str]:
    """Rows of ``█▀▄`` and spaces, meant to be drawn dark on light (black on white)."""
    code = segno.make(text, error="l", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    cells = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    return [
        "".join(cells[(int(bool(top)), int(bool(bottom)))] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]
