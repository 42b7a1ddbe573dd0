"""The App and its screens talk through declared contracts (meetingtui/tui/contracts.py), never through an
attribute's name: renaming a method a contract names fails here instead of silently turning a feature off."""

from __future__ import annotations

import ast
from pathlib import Path

import meetingtui.tui
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import MeetingApp, make_app
from meetingtui.tui.contracts import AppState, LeavesWhileSaving, StartsAfterFirstFrame
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.screens.summary import SummaryScreen

NAME_LOOKUPS = {"getattr", "setattr", "hasattr", "delattr"}


def literal_name_lookups(source: str) -> list[str]:
    """``getattr(x, "name")``-like calls: an attribute looked up by a name written in the code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in NAME_LOOKUPS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            found.append(f"line {node.lineno}: {node.func.id}(…, {node.args[1].value!r})")
    return found


def test_the_check_sees_a_name_written_in_the_code() -> None:
    assert literal_name_lookups('getattr(app, "history_state", None)\nhasattr(s, "x")') == [
        "line 1: getattr(…, 'history_state')",
        "line 2: hasattr(…, 'x')",
    ]
    assert literal_name_lookups("getattr(item, spec.name, None)") == []


def test_no_screen_or_widget_finds_another_by_an_attribute_name() -> None:
    folder = Path(meetingtui.tui.__file__).parent
    found = {
        path.relative_to(folder).as_posix(): lookups
        for path in sorted(folder.rglob("*.py"))
        if (lookups := literal_name_lookups(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_screens_provide_what_the_app_asks_of_them() -> None:
    assert issubclass(MeetingScreen, StartsAfterFirstFrame)
    assert issubclass(SummaryScreen, LeavesWhileSaving)


def test_the_app_provides_what_screens_read_of_it(git_repo: Path) -> None:
    assert isinstance(make_app(MinutesRepo(git_repo)), AppState)


def test_the_app_owns_collaborators_rather_than_being_assembled_from_mixins() -> None:
    assert [cls for cls in MeetingApp.__mro__ if cls.__module__.startswith("meetingtui.")] == [MeetingApp]
