"""One worker pattern: every @work is a declared, exclusive thread worker whose result arrives as a message."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).parents[2] / "meetingtui" / "tui"


def work_decorators() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "work":
                        found.append((f"{path.name}:{node.name}", decorator))
    return found


def test_every_worker_is_declared_with_group_exclusive_and_description() -> None:
    workers = work_decorators()
    assert len(workers) >= 5
    for where, decorator in workers:
        keywords = {keyword.arg: keyword.value for keyword in decorator.keywords}
        assert {"thread", "exclusive", "group", "description", "exit_on_error"} <= set(keywords), where
        assert ast.literal_eval(keywords["exclusive"]) is True, where
        assert ast.literal_eval(keywords["exit_on_error"]) is False, f"{where}: errors arrive as a message"


def test_no_result_travels_by_worker_state_or_call_from_thread() -> None:
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "workers.py":
            continue
        text = path.read_text(encoding="utf-8")
        for banned in ("call_from_thread", "on_worker_state_changed", "WorkerState"):
            assert banned not in text, f"{path.name} uses {banned}: post a WorkDone message instead"
