"""Words that agree with their numbers, everywhere the package speaks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import meetingtui
from meetingtui.domain.wording import pending_words, plural

PACKAGE = Path(meetingtui.__file__).parent
HEDGED = re.compile(r"[A-Za-z]\((s|es)\)(?=[\s,.:)!?]|$)")
"""'file(s)', 'match(es)': a plural that did not look at its number."""


def _texts(path: Path) -> list[tuple[int, str]]:
    """The string pieces of a module (f-strings too), but not inline JavaScript (its ``pad(s)`` is code)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "function " in node.value or "=>" in node.value:
                continue
            found.append((node.lineno, node.value))
    return found


def test_no_string_in_the_package_hedges_a_plural() -> None:
    hedged = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _texts(path)
        if HEDGED.search(text)
    ]
    assert hedged == []


def test_the_scan_sees_a_hedged_plural_in_an_f_string(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('n = 2\nsaid = f"{n} file(s) came in"\nok = "pad(s);"\n')
    assert [text for _, text in _texts(module) if HEDGED.search(text)] == [" file(s) came in"]


@pytest.mark.parametrize(("count", "words"), [(0, "0 minutes files"), (1, "1 minutes file"), (2, "2 minutes files")])
def test_plural(count: int, words: str) -> None:
    assert plural(count, "minutes file") == words


def test_pending_words() -> None:
    assert pending_words(1, 0) == "1 meeting's minutes"
    assert pending_words(2, 1) == "2 meetings' minutes and 1 proposal"
    assert pending_words(0, 2, 1) == "2 proposals and 1 other commit"
