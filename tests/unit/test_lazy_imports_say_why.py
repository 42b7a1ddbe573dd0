"""Every import inside a function says why it waits (issue 23: a hidden import graph is a trap).

An import at module level is the rule. One inside a function is allowed when it pays — start-up time
(`bench/profile_startup.py` measured it), a thread that runs later, an optional tool — and then a one-line
comment says so: on the import's line, or on the line just above its group of imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import meetingtui

PACKAGE = Path(meetingtui.__file__).parent


def _function_imports(tree: ast.AST) -> list[ast.stmt]:
    found: list[ast.stmt] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    found.append(inner)
    return found


def _says_why(lines: list[str], node: ast.stmt) -> bool:
    """A comment on one of the import's lines, or above the run of imports it belongs to."""
    if any("#" in lines[n - 1] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)):
        return True
    above = node.lineno - 2
    while above >= 0:
        text = lines[above].strip()
        if text.startswith("#"):
            return True
        if not (text.startswith(("import ", "from ")) or text.endswith((",", "(")) or text == ")"):
            return False
        if "#" in text:
            return True
        above -= 1
    return False


def test_every_function_level_import_says_why() -> None:
    silent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in _function_imports(ast.parse(source)):
            if not _says_why(lines, node):
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not silent, "imports inside functions without a one-line reason:\n" + "\n".join(silent)


def test_the_check_sees_a_silent_import() -> None:
    source = "import os\n\n\ndef f():\n    x = 1\n    from json import dumps\n    return dumps(x)\n"
    node = _function_imports(ast.parse(source))[0]
    assert not _says_why(source.splitlines(), node)
    commented = source.replace("    from json import dumps\n", "    from json import dumps  # rarely used\n")
    assert _says_why(commented.splitlines(), _function_imports(ast.parse(commented))[0])
