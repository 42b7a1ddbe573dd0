"""What the first frame of the meeting screen carries: the room reads the keys from it, not from a later one."""

from __future__ import annotations

import gc
import re

import pytest
from textual._compositor import Compositor, LayoutUpdate
from textual._context import active_app
from textual.app import ComposeResult, RenderResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.tui.app import make_app
from meetingtui.tui.screens import meeting as meeting_screen
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.widgets.footer import FittedFooter, _cells, _dropped
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


class KeysFooter(FittedFooter):
    """The reference: Textual's own key widgets (``Footer.compose``), the least important hidden by the same rule."""

    def compose(self) -> ComposeResult:
        self._bindings_ready = True
        yield from Footer.compose(self)

    async def recompose(self) -> None:
        await Footer.recompose(self)
        self._fit()

    def render(self) -> RenderResult:
        return Footer.render(self)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        available = self.size.width - sum(_cells(key.key_display, key.description) + 1 for key in palette)
        ranks = [self.ranking.get(key.action.split("(")[0], len(self.ranking)) for key in keys]
        hidden = _dropped([_cells(key.key_display, key.description) for key in keys], ranks, available)
        for index, key in enumerate(keys):
            key.display = index not in hidden


async def footer_row(meeting_app, size, first_frame: list[str] | None = None) -> tuple[list[tuple[str, ...]], set]:
    """The bottom row once the meeting has settled, with nothing focused (the review list's keys gone), and the
    keys the footer drew."""
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        for _ in range(50):  # the review list takes the focus a refresh or two after the history read
            if app.screen.focused is not None:
                break
            await pilot.pause()
        app.screen.set_focus(None)  # the review list took the focus, with its own keys: the first frame's keys
        row = None
        for _ in range(50):  # the footer follows the keys a refresh later: until the row stays as it is
            await pilot.pause()
            row, previous = last_row(app.export_screenshot()), row
            if row == previous:
                break
        if first_frame is not None:
            assert all(key.has_class("-probe") for key in app.screen.query(FooterKey))  # one widget draws them all
        drawn = {drawn.key for drawn in app.screen.query_one(FittedFooter).drawn}
        app.session.close()  # the window lock goes: the next app opens the same repository
        return row, drawn


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_first_frame_draws_the_footer_the_keys_draw(meeting_app, monkeypatch, size) -> None:
    """The footer draws its keys itself, in the first frame already: the cells Textual's key widgets draw (they
    used to be mounted just after the first frame, a dozen widgets; before that, up to a tenth of a second of a
    keyless footer under a running countdown)."""
    at_first_frame: list[str] = []
    original = MeetingScreen.start_after_first_frame

    def first_frame(self: MeetingScreen) -> None:
        at_first_frame.append(self.app.export_screenshot())
        original(self)

    monkeypatch.setattr(MeetingScreen, "start_after_first_frame", first_frame)
    ours, drawn = await footer_row(meeting_app, size, at_first_frame)
    monkeypatch.setattr(meeting_screen, "FittedFooter", KeysFooter)
    keys, _ = await footer_row(meeting_app, size)
    assert last_row(at_first_frame[0]) == ours == keys
    assert {"space", "n", "q", "question_mark", "ctrl+p"} <= drawn


@pytest.mark.parametrize("first", ["meeting", "attendance", "picker"])
async def test_the_first_frame_is_rendered_once_and_whole(repo, clock, monkeypatch, first) -> None:
    """The first screen is laid out inside the app's start-up batch; Textual rendered the whole screen there and
    threw the frame away (nothing is written in a batch), so the terminal's first frame was a later partial update
    (the meeting screen's Now panel without its prompts). Now no render happens in a batch, and the first one is a
    full frame, whichever screen the app opens with (tui/screens/first_paint.py)."""
    renders: list[tuple[int, type]] = []
    original = Compositor.render_update

    def render_update(self: Compositor, *args, **kwargs):
        update = original(self, *args, **kwargs)
        renders.append((active_app.get()._batch_count, type(update)))
        return update

    monkeypatch.setattr(Compositor, "render_update", render_update)
    name, agenda = resolve_agenda("weekly-sync", repo)
    chosen = {} if first == "picker" else {"agenda_name": name, "agenda": agenda, "attendance": first == "attendance"}
    app = make_app(repo, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall, **chosen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__.lower().startswith(first)
        if app.session is not None:
            app.session.close()
    assert [batch for batch, _ in renders if batch] == []
    assert renders[0][1] is LayoutUpdate  # the whole screen, every panel, in the first frame


async def test_the_collector_runs_again_once_the_first_frame_is_shown(repo, clock) -> None:
    """``meetingtui run`` leaves the cyclic collector paused while the app builds its first screen
    (meetingtui/startup.py); the app turns it on once the first frame is shown."""
    name, agenda = resolve_agenda("weekly-sync", repo)
    chosen = {"agenda_name": name, "agenda": agenda, "attendance": False}
    app = make_app(repo, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall, **chosen)
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            app.session.close()
    finally:
        gc.enable()
