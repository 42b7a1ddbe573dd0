"""Errors a person can act on: which file, where in it, what is wrong."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetingtui.domain.terminal_text import visible

if TYPE_CHECKING:  # the error type is all we need from pydantic; --help and --version should not load it
    from pydantic import ValidationError


_NO_DATA: Any = object()


class InputError(Exception):
    """Bad input in a file a person wrote or edited.

    ``where`` is ``"line:col"`` for syntax errors or a field path such as
    ``segments[2].duration`` (counted from 1, as people count) for validation
    errors. ``str()`` gives the one-line message the CLI prints, or one line
    per problem when ``more`` holds further problems of the same file.
    """

    def __init__(
        self, path: Path | str | None, message: str, where: str | None = None, more: Sequence[InputError] = ()
    ) -> None:
        self.path = str(path) if path is not None else None
        self.where = where
        self.message = message
        self.more = tuple(more)
        super().__init__(str(self))

    @property
    def problems(self) -> tuple[InputError, ...]:
        """Every problem found, this one first; each is one located line."""
        return (self, *self.more)

    def line(self) -> str:
        """This problem alone, on one line: ``file:line:col: …`` or ``file: field.path: …``."""
        head = self.path or "<input>"
        if self.where and _LINE_COL.fullmatch(self.where):
            line = f"{head}:{self.where}: {self.message}"
        elif self.where:
            line = f"{head}: {self.where}: {self.message}"
        else:
            line = f"{head}: {self.message}"
        return visible(line)  # a file's name or a quoted value may hold control characters

    def __str__(self) -> str:
        return "\n".join(problem.line() for problem in self.problems)


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
    """``("segments", 2, "duration")`` → ``segments[3].duration``: list items counted from 1, as people count."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
            continue
        name = str(part) if _BARE_KEY.fullmatch(str(part)) else json.dumps(str(part), ensure_ascii=False)
        text += f".{name}" if text else name
    return text


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def validation_error(
    path: Path | str | None, exc: ValidationError, model: type | None = None, data: Any = _NO_DATA
) -> InputError:
    """Every problem of a pydantic error, each named by its field path, in our words, the bad value quoted.

    ``model`` (the model validated) lets an unknown key get a "did you mean"; ``data`` (what was
    validated) lets the message quote a value as the file wrote it.
    """
    errors = [_clean(error) for error in exc.errors(include_url=False)]
    # A misspelt key also makes the real key "missing": the "did you mean" on the typo says it all.
    suggested = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            hint = _suggestion(error["loc"], model)
            if hint:
                suggested.add((*error["loc"][:-1], hint))
    problems = []
    if data is not _NO_DATA:  # in the order the file has them, as a person reads it
        errors.sort(key=lambda error: _position(data, error["loc"]))
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in suggested:
            continue
        raw = _raw(data, error["loc"]) if data is not _NO_DATA else error.get("input")
        message = _friendly(error, raw, model)
        where = field_path(error["loc"]) or None
        if where is None:  # model-level checks name the field themselves: "actions[2].id: …"
            match = _LEADING_PATH.match(message)
            if match:
                where, message = match.group(1), match.group(2)
        problems.append(InputError(path, message, where))
    first, *more = problems or [InputError(path, "is not valid")]
    return InputError(path, first.message, first.where, more)


_LEADING_PATH = re.compile(r"^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*): (.+)$", re.DOTALL)


def _clean(error: dict) -> dict:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    return {**error, "loc": loc}


def _raw(data: Any, loc: Sequence[str | int]) -> Any:
    """The value at ``loc`` in ``data`` as the file wrote it (before any conversion)."""
    value = data
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _position(data: Any, loc: Sequence[str | int]) -> tuple[int, ...]:
    """Where ``loc`` comes in the file: key and item positions; a missing key after its table's keys."""
    position = []
    value = data
    for part in loc:
        if isinstance(value, dict):
            keys = list(value)
            position.append(keys.index(part) if part in keys else len(keys))
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int):
            position.append(part)
            value = value[part] if part < len(value) else None
        else:
            position.append(0)
            value = None
    return tuple(position)


def shown(value: Any, limit: int = 60) -> str:
    """A value as a person would write it in a TOML file: ``"finance"``, ``42``, ``true``, ``[…]``.

    Control characters are shown escaped (:func:`~meetingtui.domain.terminal_text.visible`), never sent as they are.
    """
    return visible(_written(value, limit))


def _written(value: Any, limit: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= limit else value[:limit] + "…", ensure_ascii=False)
        return text
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        text = str(type(value).__name__)
    return text if len(text) <= limit else text[:limit] + "…"


def _fields_at(model: type | None, loc: Sequence[str | int]) -> list[str]:
    """The keys the model accepts in the table at ``loc`` (empty when unknown)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if hasattr(annotation, "model_fields"):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _suggestion(loc: Sequence[str | int], model: type | None) -> str | None:
    key = str(loc[-1]) if loc else ""
    allowed = _fields_at(model, loc[:-1])
    matches = difflib.get_close_matches(key.casefold(), allowed, n=1, cutoff=0.6)
    return matches[0] if matches else None


def unique_match(word: str, choices: Iterable[str]) -> str | None:
    """The one choice ``word`` names, in any case: the same, else the only one it starts, else the only one it is in.

    None when nothing matches or a part fits several ("Dan" for "Dana Lee" and "Dan Roe"): ambiguous is unknown.
    """
    options = list(choices)
    folded = word.strip().casefold()
    for test in (str.__eq__, str.startswith, lambda choice, w: w in choice):
        found = [choice for choice in options if folded and test(choice.casefold(), folded)]
        if len(found) == 1 or (found and test is str.__eq__):
            return found[0]  # the same name twice, in other cases, is still that name
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely meant: one it starts or is part of, else the closest spelling."""
    options = list(choices)
    found = unique_match(word, options)
    if found is not None:
        return found
    folded = word.strip().casefold()
    matches = difflib.get_close_matches(folded, options, n=1, cutoff=0.6)
    return matches[0] if matches else None


_NOUNS = {
    "team": "a team",
    "from_team": "a team",
    "to_team": "a team",
    "kind": "a segment kind",
    "status": "a status",
    "cadence": "a cadence",
    "schema_version": "a schema version this meetingtui reads",
}


def _choices(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``a, b or c``."""
    return expected.replace("'", "")


def _friendly(error: dict, raw: Any, model: type | None) -> str:
    kind = error["type"]
    loc = error["loc"]
    key = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    value = shown(raw)
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        hint = _suggestion(loc, model)
        if hint:
            return f"unknown key {shown(str(loc[-1]))} — did you mean {hint}?"
        allowed = _fields_at(model, loc[:-1])
        keys = f": the keys here are {', '.join(allowed)}" if allowed else ""
        return f"unknown key {shown(str(loc[-1]))} — check its spelling or remove it{keys}"
    if kind == "missing":
        return "required but missing — add it"
    if kind in ("enum", "literal_error"):
        return f"{value} is not {_NOUNS.get(key, 'allowed here')}: use {_choices(str(ctx.get('expected', '')))}"
    if kind == "greater_than":
        if key == "duration":
            return f'{value} is no time at all — give a duration such as "5m" or "90s"'
        return f"{value} is too small: it must be more than {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"{value} is too small: it cannot be below {ctx.get('ge')}"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "is empty — write some text"
        return f"{value} is too short: write at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        length = len(raw) if isinstance(raw, str) else "too many"
        return f"is {length} characters long — keep it to {ctx.get('max_length')}"
    if kind == "too_short":
        if key == "segments":
            return "has no segments — add at least one [[segments]] block"
        return f"is empty — give at least {ctx.get('min_length')}"
    if kind == "too_long":
        return f"has too many entries — at most {ctx.get('max_length')}"
    if kind == "string_type":
        return f'{value} should be text in quotes, such as "…"'
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{value} should be a whole number"
    if kind in ("float_type", "float_parsing"):
        return f"{value} should be a number"
    if kind in ("bool_type", "bool_parsing"):
        return f"{value} should be true or false"
    if kind in ("list_type", "tuple_type", "set_type"):
        if _fields_at(model, loc):
            return f"{value} should be [[{key}]] tables, one per entry"
        return f'{value} should be a list, such as ["…", "…"]'
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        table = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
        return f"{value} should be a table of keys" + (f", a [[{table}]] block" if table else "")
    if kind.startswith("date_"):
        return f"{value} is not a date: write it as 2026-11-27"
    if kind.startswith("datetime_") or kind == "time_type":
        return f"{value} is not a date and time: write it as 2026-11-27T10:00:00+01:00"
    if kind == "timezone_aware":
        return f"{value} has no UTC offset: write it as 2026-11-27T10:00:00+01:00"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if not loc or raw is None or value in message or repr(raw) in message:
        return message
    return f"{value}: {message}"
