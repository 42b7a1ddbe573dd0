"""Reading every minutes file of a repository, fast: a per-user cache of validated minutes.

Parsing TOML is most of the cost of reading years of minutes, so the validated
data of each file is kept in one cache file per minutes folder under the user
cache directory, keyed by the file's (size, mtime_ns). A changed file is read
again, a deleted one drops out, and a cache that cannot be read is ignored and
rebuilt. The cache holds one line per file, ``<meta JSON>\\t<minutes JSON>``,
so a warm run hands each line straight to pydantic's JSON validator without
building intermediate Python objects.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pydantic
from pydantic import ValidationError

from meetingtui import __version__
from meetingtui.domain import agenda as agenda_module
from meetingtui.domain import minutes as minutes_module
from meetingtui.domain.errors import InputError
from meetingtui.domain.history import History, build_history
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.slug import slugify
from meetingtui.store.files import atomic_write_bytes
from meetingtui.store.minutes_store import load_minutes, minutes_files
from meetingtui.store.repo import MinutesRepo

CACHE_FORMAT = 1
RACY_NS = 3_000_000_000
"""Files changed this recently are not cached: a same-size edit within the clock's granularity would be missed."""


@dataclass(frozen=True)
class _Entry:
    """One cached file: its stamp and either minutes JSON or an error (message, where)."""

    stamp: tuple[int, int]
    line: bytes
    payload: bytes
    ok: bool


def load_history(repo: MinutesRepo, *, use_cache: bool = True, cache_dir: Path | None = None) -> History:
    """Every minutes of ``repo`` folded into a :class:`History`.

    Files that cannot be read are skipped; their :class:`InputError` messages
    come first in ``History.warnings``, followed by the fold's own warnings.
    """
    minutes, warnings = load_all_minutes(repo, use_cache=use_cache, cache_dir=cache_dir)
    try:
        roster = {person.name: person.team for person in repo.people.people}
    except InputError as exc:
        warnings.append(f"{exc} (teams of re-assigned owners come from attendees only)")
        roster = {}
    return build_history(minutes, roster=roster, warnings=warnings)


def load_all_minutes(
    repo: MinutesRepo, *, use_cache: bool = True, cache_dir: Path | None = None
) -> tuple[list[Minutes], list[str]]:
    """Every readable minutes file of ``repo`` (in file-name order) and one warning per unreadable file."""
    root = repo.minutes_dir
    cache = cache_path(root, cache_dir) if use_cache else None
    cached = _read_cache(cache) if cache else {}
    fresh: dict[str, _Entry] = {}
    minutes: list[Minutes] = []
    warnings: list[str] = []
    dirty = False
    prefix = len(str(root)) + 1
    skipped: list[Path] = []
    with _gc_paused():
        for path in minutes_files(repo, skipped):
            key = str(path)[prefix:].replace(os.sep, "/")
            try:
                info = path.stat()
            except FileNotFoundError:
                continue  # deleted while we were listing
            except OSError as exc:  # a symlink loop, a permission problem
                warnings.append(str(_read_error(path, exc)))
                continue
            stamp = (info.st_size, info.st_mtime_ns)
            entry = cached.get(key)
            result = _decode(entry, path) if entry is not None and entry.stamp == stamp else None
            if result is None:
                result = _read(path)
                entry = _encode(key, stamp, result)
                dirty = True
            fresh[key] = entry
            if isinstance(result, Minutes):
                minutes.append(result)
            else:
                warnings.append(str(result))
    for path in sorted(skipped):
        warnings.append(f"{path}: a symlink, not read — minutes are plain files inside the repository")
    if cache is not None and (dirty or fresh.keys() != cached.keys()):
        _write_cache(cache, fresh)
    return minutes, warnings


def cache_path(minutes_dir: Path, cache_dir: Path | None = None) -> Path:
    """The cache file of one minutes folder: readable name, keyed by the folder's resolved path."""
    if cache_dir is None:
        from platformdirs import user_cache_path

        cache_dir = user_cache_path("meetingtui") / "history"
    resolved = Path(minutes_dir).resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    return cache_dir / f"{slugify(resolved.parent.name)}-{digest}.cache"


def _read(path: Path) -> Minutes | InputError:
    try:
        return load_minutes(path)
    except InputError as exc:
        return exc
    except (OSError, RecursionError) as exc:
        return _read_error(path, exc)


def _read_error(path: Path, exc: Exception) -> InputError:
    return InputError(path, f"cannot be read: {getattr(exc, 'strerror', None) or exc}")


def _decode(entry: _Entry, path: Path) -> Minutes | InputError | None:
    """The cached result, or ``None`` when the entry does not fit today's models (then the file is read)."""
    try:
        if entry.ok:
            return Minutes.model_validate_json(entry.payload)
        message, where = json.loads(entry.payload)
        return InputError(path, message, where)
    except (ValidationError, ValueError, TypeError):
        return None


def _encode(key: str, stamp: tuple[int, int], result: Minutes | InputError) -> _Entry:
    ok = isinstance(result, Minutes)
    if ok:
        payload = result.model_dump_json(exclude_none=True).encode()
    else:
        payload = json.dumps([result.message, result.where]).encode()
    meta = json.dumps([key, stamp[0], stamp[1], ok]).encode()
    return _Entry(stamp, meta + b"\t" + payload + b"\n", payload, ok)


@functools.cache
def _header() -> bytes:
    """Format, versions and a fingerprint of the model sources: any change to them empties the cache."""
    digest = hashlib.sha256(pydantic.VERSION.encode())
    for module in (agenda_module, minutes_module):  # the files that define the models
        digest.update(Path(module.__file__).read_bytes())
    fingerprint = digest.hexdigest()[:16]
    return json.dumps({"format": CACHE_FORMAT, "version": __version__, "models": fingerprint}).encode() + b"\n"


def _read_cache(path: Path) -> dict[str, _Entry]:
    """The entries of a cache file; an empty dict when it is missing, stale or corrupt."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    header, _, body = data.partition(b"\n")
    if header + b"\n" != _header():
        return {}
    entries: dict[str, _Entry] = {}
    try:
        for line in body.splitlines(keepends=True):
            meta, tab, payload = line.rstrip(b"\n").partition(b"\t")
            key, size, mtime_ns, ok = json.loads(meta)
            if not tab or not isinstance(key, str) or not isinstance(size, int) or not isinstance(mtime_ns, int):
                return {}
            entries[key] = _Entry((size, mtime_ns), line, payload, ok is True)
    except (ValueError, TypeError):
        return {}
    return entries


def _write_cache(path: Path, entries: dict[str, _Entry]) -> None:
    """Write the cache atomically, leaving out files changed so recently that their stamp could lie."""
    limit = time.time_ns() - RACY_NS
    body = b"".join(entry.line for entry in entries.values() if entry.stamp[1] < limit)
    with contextlib.suppress(OSError):  # a cache we cannot write only costs speed
        atomic_write_bytes(path, _header() + body)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while thousands of models are built: they hold no cycles, so collecting is wasted work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
