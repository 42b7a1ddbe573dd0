"""Every screen's styles but the meeting screen's, read when the first of those screens is composed.

``tui/screens.tcss`` holds the rules of the screens a meeting opens later or before it: the modal dialogs
(``#dialog`` and the rest), the summary, and the picker, adjust and attendance screens. They are the app's own CSS,
as if they were in ``meetingtui.tcss`` (the same weight, not scoped), added to the app's stylesheet once; only that
file is parsed then, since the stylesheet keeps what it has parsed. Parsed with ``meetingtui.tcss``, they cost the
meeting screen's first frame ~20M instructions (``bench/frame_instructions.py``) though it shows none of them.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

SCREENS_TCSS = Path(__file__).resolve().parent.parent / "screens.tcss"


def load_screen_styles(app: App) -> None:
    """Add ``screens.tcss`` to ``app``'s stylesheet unless it is there; call it before a screen's widgets mount (at
    the top of its ``compose``): the rules apply to the widgets mounted after it."""
    if not app.stylesheet.has_source(str(SCREENS_TCSS)):
        app.stylesheet.read(SCREENS_TCSS)
