"""The rules of every screen but the meeting screen live in ``tui/screens.tcss``, read by the first of those screens
to be composed (``tui/screens/screen_styles.py``): a screen that did not ask for them would be drawn unstyled
whenever it is the first one opened."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap

from textual.screen import Screen

import meetingtui.tui.screens as screens
from meetingtui.tui.screens.meeting import MeetingScreen


def composing_screens() -> list[type[Screen]]:
    """The screen classes of ``tui/screens`` that compose widgets of their own."""
    found = []
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{info.name}")
        for value in vars(module).values():
            ours = inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == module.__name__
            if ours and "compose" in vars(value):
                found.append(value)
    return found


def loads_the_styles_first(screen: type[Screen]) -> bool:
    """Whether ``compose`` begins by adding the screens' styles (before any widget is made)."""
    source = textwrap.dedent(inspect.getsource(vars(screen)["compose"]))
    (function,) = ast.parse(source).body
    assert isinstance(function, ast.FunctionDef)
    first = function.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):  # a docstring
        first = function.body[1]
    return (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Call)
        and isinstance(first.value.func, ast.Name)
        and first.value.func.id == "load_screen_styles"
    )


def test_every_screen_but_the_meeting_screen_adds_the_screens_styles_before_its_widgets() -> None:
    from meetingtui.tui.screens.stats import StatsScreen  # its styles are its own (DEFAULT_CSS)

    checked = [screen for screen in composing_screens() if screen not in (MeetingScreen, StatsScreen)]
    assert len(checked) >= 10  # the dialogs, summary, picker, adjust, attendance, share, help...

    missing = [
        screen.__qualname__ for screen in checked if screen is not StatsScreen and not loads_the_styles_first(screen)
    ]
    assert missing == []
    assert not loads_the_styles_first(MeetingScreen)  # the meeting screen's rules are in meetingtui.tcss
