"""The one TOML reader and writer: located errors in, stable layout out."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from meetingtui.domain.errors import InputError, toml_syntax_error
from meetingtui.store.files import atomic_write_text

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
    return parse_toml(data, path)


def parse_toml(data: bytes | str, path: Path | str | None = None) -> dict[str, Any]:
    """Parse TOML text or bytes; errors are :class:`InputError` located at line and column."""
    if isinstance(data, bytes):
        if b"\x00" in data:
            raise InputError(path, "binary data, not a TOML text file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(path, "not UTF-8 text — save the file as UTF-8", f"{line}:1") from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_syntax_error(path, exc, text) from None
    except RecursionError:
        raise InputError(path, "nested too deeply to be an agenda or minutes file") from None


def dumps(document: Mapping[str, Any]) -> str:
    """Write a document as TOML: scalars first, then every list of tables as ``[[name]]`` blocks.

    tomli-w writes every value (escaping is its job); we only choose the
    layout, because it would put short tables inline and people read these
    files in diffs.
    """
    scalars = {key: value for key, value in document.items() if not _is_table_list(value)}
    parts = [tomli_w.dumps(scalars, multiline_strings=True)] if scalars else []
    for key, value in document.items():
        if not _is_table_list(value):
            continue
        header = f"[[{tomli_w.dumps({key: 0}).split(' = ')[0]}]]\n"
        for table in value:
            parts.append(header + tomli_w.dumps(table, multiline_strings=True))
    return "\n".join(parts)


def write_toml(path: Path, document: Mapping[str, Any]) -> None:
    """Write ``document`` to ``path`` atomically."""
    atomic_write_text(path, dumps(document))


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)
