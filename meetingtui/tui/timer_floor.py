"""No Textual timer with a negative interval: Textual 8.2 never ends one, and the screen stops taking keys.

With a negative interval, ``textual.timer.Timer._run`` turns its lateness into a negative tick count and loops
for ever, at times without yielding to the event loop. Textual makes such a timer itself: a toast waits
``notification.time_left`` as read when the toast is built (``Toast.__init__``, ``Toast._on_mount``), and the
toasts are built again on every screen change (``App._refresh_notifications``). A toast that expires while a
capture dialog opens got a few milliseconds below zero; the app then spun on a third of a core and the keys
typed into the dialog were never handled (found by tests/e2e/test_crash_resume.py, one run in eight under load).

:func:`install` floors every timer's interval at a millisecond, so a timer already due fires once, at once.
"""

from __future__ import annotations

import functools
from typing import Any

from textual.timer import Timer

SHORTEST_INTERVAL = 0.001
"""Seconds. Positive: ``Timer._run`` divides by the interval. Shorter than any timer Textual or the app means to
make; long enough that a new timer is late at its first look at the clock only when the process is held up between
two lines (a one-shot timer that ``skip`` s its late tick never fires)."""


_textual_init = Timer.__init__


@functools.wraps(_textual_init)
def _floored_init(self: Timer, event_target: Any, interval: float, *args: Any, **kwargs: Any) -> None:
    _textual_init(self, event_target, max(interval, SHORTEST_INTERVAL), *args, **kwargs)


def install() -> None:
    """Floor the interval of every timer made from now on (idempotent)."""
    Timer.__init__ = _floored_init  # type: ignore[method-assign]
