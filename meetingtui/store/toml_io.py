"""The one TOML reader and writer: located errors in, stable layout out."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tomli_w

from meetingtui.domain.errors import InputError, toml_syntax_error, validation_error
from meetingtui.store.files import atomic_write_text

if TYPE_CHECKING:
    from pydantic import BaseModel

Model = TypeVar("Model", bound="BaseModel")

MAX_TOML_BYTES = 5 * 1024 * 1024
"""Larger files are not agendas or minutes; refuse them rather than hang on them."""


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML document, raising :class:`InputError` that names the file and the spot."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TOML_BYTES:
            limit = MAX_TOML_BYTES // 1024 // 1024
            raise InputError(path, f"file is {size // 1024} KiB; files over {limit} MiB are not read")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file — check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a TOML file") from None
    except PermissionError:
        raise InputError(path, "permission denied — check the file's permissions") from None
    except OSError as exc:  # a symlink loop, a file used as a folder, a name too long, an I/O error …
        raise InputError(path, f"cannot be read: {exc.strerror or exc} — check the path") from None
    return parse_toml(data, path)


def read_model(path: Path, model: type[Model]) -> Model:
    """Read a TOML file into ``model``; errors are :class:`InputError` naming the line or the field."""
    return _validated(read_toml(path), path, model)


def parse_model(data: bytes, path: Path, model: type[Model]) -> Model:
    """The bytes of a TOML file already read (and small enough) into ``model``, with :func:`read_model`'s errors."""
    return _validated(parse_toml(data, path), path, model)


def _validated(data: dict[str, Any], path: Path, model: type[Model]) -> Model:
    # pydantic loads with the first model validated, not with the module (--help, --version)
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, exc, model, data) from None


def parse_toml(data: bytes | str, path: Path | str | None = None) -> dict[str, Any]:
    """Parse TOML text or bytes; errors are :class:`InputError` located at line and column."""
    if isinstance(data, bytes):
        if b"\x00" in data:
            where = _byte_position(data, data.index(b"\x00"))
            raise InputError(path, "binary data (a NUL byte), not a TOML text file", where)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, "not UTF-8 text — save the file as UTF-8", _byte_position(data, exc.start)) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_syntax_error(path, exc, text) from None
    except RecursionError:
        raise InputError(path, "nested too deeply to be an agenda or minutes file") from None
    except ValueError as exc:  # tomllib lets int()'s digit limit through
        long_number = re.search(r"\d{4300,}", text)
        where = _byte_position(text.encode(), len(text[: long_number.start()].encode())) if long_number else None
        raise InputError(path, f"a value cannot be read: {exc}", where) from None


def _byte_position(data: bytes, offset: int) -> str:
    """``line:col`` of a byte offset, counting characters in the line."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return f"{line}:{column}"


def dumps(document: Mapping[str, Any]) -> str:
    """Write a document as TOML: scalars first, then every list of tables as ``[[name]]`` blocks.

    tomli-w writes every value (escaping is its job); we only choose the
    layout, because it would put short tables inline and people read these
    files in diffs.
    """
    scalars = {key: value for key, value in document.items() if not _is_table_list(value)}
    parts = [_dumps(scalars)] if scalars else []
    for key, value in document.items():
        if not _is_table_list(value):
            continue
        header = f"[[{tomli_w.dumps({key: 0}).split(' = ')[0]}]]\n"
        for table in value:
            parts.append(header + _dumps(table))
    return "\n".join(parts)


def _dumps(table: Mapping[str, Any]) -> str:
    # tomli-w writes "\r\n" into a multi-line string as a bare newline, which reads back as "\n".
    return tomli_w.dumps(table, multiline_strings=not _has_crlf(table))


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, Mapping):
        return any(_has_crlf(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_crlf(item) for item in value)
    return False


def write_toml(path: Path, document: Mapping[str, Any]) -> None:
    """Write ``document`` to ``path`` atomically."""
    atomic_write_text(path, dumps(document))


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)
