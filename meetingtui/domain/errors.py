"""Errors a person can act on: which file, where in it, what is wrong."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the error type is all we need from pydantic; --help and --version should not load it
    from pydantic import ValidationError


class InputError(Exception):
    """Bad input in a file a person wrote or edited.

    ``where`` is ``"line:col"`` for syntax errors or a field path such as
    ``segments[2].duration`` for validation errors. ``str()`` gives the
    one-line message the CLI prints.
    """

    def __init__(self, path: Path | str | None, message: str, where: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.where = where
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        head = self.path or "<input>"
        if self.where and _LINE_COL.fullmatch(self.where):
            return f"{head}:{self.where}: {self.message}"
        if self.where:
            return f"{head}: {self.where}: {self.message}"
        return f"{head}: {self.message}"


_LINE_COL = re.compile(r"\d+:\d+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def toml_syntax_error(path: Path | str | None, exc: Exception, text: str) -> InputError:
    """Turn a ``tomllib.TOMLDecodeError`` into ``path:line:col: message — fix``."""
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if match:
        where = f"{match.group(1)}:{match.group(2)}"
        message = message[: match.start()]
    elif _TOML_END.search(message):
        lines = text.splitlines() or [""]
        where = f"{len(lines)}:{len(lines[-1]) + 1}"
        message = _TOML_END.sub("", message)
    else:
        where = "1:1"
    return InputError(path, f"TOML syntax: {message} — fix the file at that spot", where)


def field_path(loc: Iterable[str | int]) -> str:
    """``("segments", 2, "duration")`` → ``segments[2].duration``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        name = str(part) if _BARE_KEY.fullmatch(str(part)) else json.dumps(str(part), ensure_ascii=False)
        text += f".{name}" if text else name
    return text


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def validation_error(path: Path | str | None, exc: ValidationError) -> InputError:
    """The first problem of a pydantic error, named by its field path; a count if there are more."""
    errors = exc.errors(include_url=False)
    # A misspelt key also makes the real key "missing"; naming the typo is what helps.
    first = min(errors, key=lambda error: error["type"] != "extra_forbidden")
    loc = [p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    message = _friendly(first)
    where = field_path(loc) or None
    if where is None:  # model-level checks name the field themselves: "actions[1].id: …"
        match = _LEADING_PATH.match(message)
        if match:
            where, message = match.group(1), match.group(2)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(path, message, where)


_LEADING_PATH = re.compile(r"^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*): (.+)$", re.DOTALL)


def _friendly(error: dict) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key — check its spelling or remove it"
    if kind == "missing":
        return "required but missing — add it"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message
