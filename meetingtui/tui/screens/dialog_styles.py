"""The dialogs' styles, read when the first dialog is composed rather than before the first frame.

``tui/dialogs.tcss`` holds the rules of the screens a meeting opens later: the modal dialogs (``#dialog`` and the
rest) and the summary. They are the app's own CSS, as if they were in ``meetingtui.tcss`` (the same weight, not
scoped), added to the app's stylesheet once; only that file is parsed then, since the stylesheet keeps what it has
parsed. Parsed with ``meetingtui.tcss``, they cost every start ~15M instructions before the first frame, which shows
none of them (``bench/frame_instructions.py``).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

DIALOGS_TCSS = Path(__file__).resolve().parent.parent / "dialogs.tcss"


def load_dialog_styles(app: App) -> None:
    """Add ``dialogs.tcss`` to ``app``'s stylesheet unless it is there; call it before a dialog's widgets mount
    (at the top of its ``compose``): the rules apply to the widgets mounted after it."""
    if not app.stylesheet.has_source(str(DIALOGS_TCSS)):
        app.stylesheet.read(DIALOGS_TCSS)
