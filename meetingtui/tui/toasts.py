"""Toasts never over a dialog: while one is open a toast is held, and shown once it closes (its time from then).

At 80×24 a toast over a capture dialog hid its fields; the app's CSS also keeps toasts within the right
column's width (``Toast { max-width: 40% }``), so they never cover the review list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ScreenStackError
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

HELD_CHECK_SECONDS = 0.25
"""How often held toasts look whether the dialog has closed."""

Notice = tuple[str, str, dict[str, Any]]
"""A toast's message, title and options (severity, timeout, markup)."""


class ToastGate:
    """Shows toasts through ``show``, or holds them while a dialog (any modal screen) is on top."""

    def __init__(self, app: App, show: Callable[[str, str, dict[str, Any]], None]) -> None:
        self.app = app
        self.show = show
        self.held: list[Notice] = []
        self._timer: Timer | None = None

    def dialog_open(self) -> bool:
        """Whether the screen in front is a dialog."""
        try:
            return isinstance(self.app.screen, ModalScreen)
        except ScreenStackError:
            return False

    def notify(self, message: str, title: str, options: dict[str, Any]) -> None:
        """Show the toast now, or once no dialog is open."""
        if not self.dialog_open():
            self.show(message, title, options)
            return
        self.held.append((message, title, options))
        if self._timer is None:
            self._timer = self.app.set_interval(HELD_CHECK_SECONDS, self._release, name="held toasts")

    def _release(self) -> None:
        if self.dialog_open():
            return
        held, self.held = self.held, []
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for message, title, options in held:
            self.show(message, title, options)
