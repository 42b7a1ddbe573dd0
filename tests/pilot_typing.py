"""Typing into a text field in pilot tests at the speed of one wait, not one wait per character.

Textual's ``Pilot.press`` waits for the app to go idle twice after every key (at least 40 ms of
wall clock and a few ms of CPU each): a sentence typed into a dialog cost a pilot test about a
second, and typing was over half the wall time of the screen tests. Characters typed into a
focused ``Input`` or ``TextArea`` cannot move the focus or open a screen (the field takes them),
so :func:`press` posts a run of them as the same key events the driver would send, back to back,
and waits once after the run. Any other key (``enter``, ``tab``, a screen's letter key while no
text field has the focus) goes through Textual's own path with its waits, exactly as before, so a
dialog a key opens is up before the next character is sent.

Installed for the whole suite by ``tests/conftest.py``; pinned to Textual 8 (``pyproject.toml``),
whose pilot and key helpers it uses.
"""

from __future__ import annotations

from textual import events
from textual._wait import wait_for_idle
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

_textual_press = Pilot.press


def typing_target(app: App) -> bool:
    """Whether the focused widget is a text field (which takes every printable character)."""
    return isinstance(app.focused, Input | TextArea)


async def press(pilot: Pilot, *keys: str) -> None:
    """``Pilot.press``, with runs of characters for a focused text field sent without a wait between them."""
    app = pilot.app
    typed = False
    for key in keys:
        if len(key) == 1 and key.isprintable() and typing_target(app):
            event = events.Key(_character_to_key(key), key)
            event.set_sender(app)
            app.post_message(event)
            typed = True
            continue
        if typed:
            await _settle(pilot)
            typed = False
        await _textual_press(pilot, key)
    if typed:
        await _settle(pilot)


async def _settle(pilot: Pilot) -> None:
    await pilot._wait_for_screen()
    await wait_for_idle(0)


def install() -> None:
    """Make every pilot in this process type this way."""
    Pilot.press = press  # type: ignore[method-assign]
