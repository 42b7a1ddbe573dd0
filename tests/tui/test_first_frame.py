"""What the first frame of the meeting screen carries: the room reads the keys from it, not from a later one."""

from __future__ import annotations

import re

import pytest
from textual.widgets._footer import FooterKey

from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.widgets.footer import FittedFooter
from tests.tui.conftest import settled


def last_row(svg: str) -> list[tuple[str, ...]]:
    """The screenshot's bottom row: each cell run's background and each text run with its style (not its class
    name, which numbers the styles of the whole screen)."""
    styles = dict(re.findall(r"\.(terminal-[\w-]+) \{ ([^}]*) \}", svg))
    rows = sorted({float(y) for y in re.findall(r'<rect fill="[^"]*" x="[^"]*" y="([^"]*)"', svg)})
    y = rows[-1]
    cells = re.findall(rf'<rect fill="([^"]*)" x="([^"]*)" y="{y:g}" width="([^"]*)"', svg)
    line = max(re.findall(r"-line-(\d+)\)", svg), key=int)
    clip = rf'clip-path="url\(#[\w-]*line-{line}\)"'
    texts = re.findall(rf'<text class="([^"]*)" x="([^"]*)" y="[^"]*" textLength="[^"]*" {clip}>([^<]*)</text>', svg)
    return [("cell", x, w, fill) for fill, x, w in cells] + [("text", x, t, styles.get(c, "")) for c, x, t in texts]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_first_frame_draws_the_footer_the_keys_draw(meeting_app, monkeypatch, size) -> None:
    """The footer's keys are mounted just after the first frame (a dozen widgets); until then the footer draws the
    same cells itself. The keys used to wait for the screen's first bindings signal, queued behind the lower panels
    and the history read: up to a tenth of a second of a keyless footer under a running countdown."""
    at_first_frame: list[str] = []
    key_widgets: list[FooterKey] = []
    original = MeetingScreen.start_after_first_frame

    def first_frame(self: MeetingScreen) -> None:
        key_widgets.extend(key for key in self.query(FooterKey) if key.display)
        at_first_frame.append(self.app.export_screenshot())
        original(self)

    monkeypatch.setattr(MeetingScreen, "start_after_first_frame", first_frame)
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        assert not app.screen.query_one(FittedFooter).previewing
        app.screen.set_focus(None)  # the review list took the focus, with its own keys: the first frame's keys
        await pilot.pause()
        with_keys = app.export_screenshot()
        shown = {key.key for key in app.screen.query(FooterKey) if key.display}
    assert not key_widgets
    assert {"space", "n", "q", "question_mark", "ctrl+p"} <= shown
    assert last_row(at_first_frame[0]) == last_row(with_keys)
