"""The screens an app can open with (picker, attendance, meeting): rendered once their first frame can be shown.

``App.run`` composes, resizes and mounts the app inside a batch (``App.batch_update``), and the first screen is
laid out in it. Textual then rendered the whole screen (``Screen._compositor_refresh``) and ``App._display`` dropped
the frame, as it writes nothing during a batch: every widget rendered for nothing (~77M instructions of the meeting
screen's ~2,070M to its first frame), and the terminal's first frame was the next update, a partial one (the
meeting screen's Now panel came without its prompts, owner and team). Such a screen skips rendering while the app
is in a batch and asks for one repaint after it (the app's own queue runs once the batch is over).
"""

from __future__ import annotations

from textual.screen import Screen, ScreenResultType


class FirstPaintScreen(Screen[ScreenResultType]):
    """A screen that renders nothing the app would throw away (see the module's docstring)."""

    _repaint_asked = False

    def _compositor_refresh(self) -> None:
        if not self.app._batch_count:
            self._repaint_asked = False
            super()._compositor_refresh()
        elif not self._repaint_asked:
            self._repaint_asked = True
            self.app.call_later(self.refresh)
