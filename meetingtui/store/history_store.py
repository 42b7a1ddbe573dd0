"""Reading every minutes file of a repository, fast: through the content-keyed history index.

Each file's validated minutes (or its error) come from :mod:`history_index`,
keyed by the file's content (git's blob id), never by its size or time; a file
whose content has no row yet is parsed and added, and rows of contents no file
has any more are dropped. The minutes files stay the source of truth: an index
that is missing, damaged or of another version is rebuilt from them.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.history import History, build_history
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.slug import slugify
from meetingtui.store.history_index import HistoryIndex, Result, Row, content_key, encode, problems_error, tracked_keys
from meetingtui.store.minutes_store import minutes_files
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import MAX_TOML_BYTES, parse_model, read_model


def load_history(
    repo: MinutesRepo, *, use_cache: bool = True, cache_dir: Path | None = None, index_of: Path | None = None
) -> History:
    """Every minutes of ``repo`` folded into a :class:`History`.

    Files that cannot be read are skipped; their :class:`InputError` messages
    come first in ``History.warnings``, followed by the fold's own warnings.
    """
    minutes, warnings = load_all_minutes(repo, use_cache=use_cache, cache_dir=cache_dir, index_of=index_of)
    try:
        roster = {person.name: person.team for person in repo.people.people}
    except InputError as exc:
        warnings.append(f"{exc} (teams of re-assigned owners come from attendees only)")
        roster = {}
    return build_history(minutes, roster=roster, warnings=warnings)


def load_all_minutes(
    repo: MinutesRepo, *, use_cache: bool = True, cache_dir: Path | None = None, index_of: Path | None = None
) -> tuple[list[Minutes], list[str]]:
    """Every readable minutes file of ``repo`` (in file-name order) and one warning per unreadable file.

    ``use_cache=False`` reads and validates every file and leaves the index alone. ``index_of`` is the minutes
    folder whose index to use instead of ``repo``'s own: a temporary work tree of the same repository holds the
    same contents (the index is keyed by content), and an index of its own would be cold and left behind.
    """
    root = repo.minutes_dir
    skipped: list[Path] = []
    paths = minutes_files(repo, skipped)
    index = HistoryIndex.open(cache_path(index_of or root, cache_dir)) if use_cache else None
    try:
        with _gc_paused():
            results = _read_indexed(root, paths, index) if index is not None else [_read(path) for path in paths]
    finally:
        if index is not None:
            index.close()
    minutes: list[Minutes] = []
    warnings: list[str] = []
    for result in results:
        if isinstance(result, Minutes):
            minutes.append(result)
        elif result is not None:
            warnings.append(str(result))
    for path in sorted(skipped):
        warnings.append(f"{path}: a symlink, not read — minutes are plain files inside the repository")
    return minutes, warnings


def cache_path(minutes_dir: Path, cache_dir: Path | None = None) -> Path:
    """The index database of one repository's minutes folder: readable name, keyed by the folder's resolved path."""
    if cache_dir is None:
        from platformdirs import user_cache_path

        cache_dir = user_cache_path("meetingtui") / "history"
    resolved = Path(minutes_dir).resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    return cache_dir / f"{slugify(resolved.parent.name)}-{digest}.sqlite"


def _read_indexed(root: Path, paths: list[Path], index: HistoryIndex) -> list[Result | None]:
    """The result of every file (``None``: gone while we read), from the index wherever it knows the content."""
    tracked = tracked_keys(root) if paths else {}
    prefix = len(str(root)) + 1
    keys: list[str | None] = []
    results: list[Result | None] = [None] * len(paths)
    for position, path in enumerate(paths):
        key = tracked.get(str(path)[prefix:].replace(os.sep, "/"))
        if key is None:  # not vouched for by git: hash what is there (not kept: on a miss it is read again)
            data = _bytes(path)
            if isinstance(data, bytes):
                key = content_key(data)
            else:
                results[position] = data
        keys.append(key)
    found, unused = index.load({key for key in keys if key is not None})
    added: dict[str, Row] = {}
    for position, (path, key) in enumerate(zip(paths, keys, strict=True)):
        stored = found.get(key) if key is not None else None
        if isinstance(stored, Minutes):
            results[position] = stored
        elif stored is not None:
            results[position] = problems_error(path, stored)
        elif key is not None:
            data = _bytes(path)
            if isinstance(data, bytes):
                results[position] = _parse(path, data)
                # Keyed by the bytes parsed, not by the key above: the file may have changed since.
                if len(data) <= MAX_TOML_BYTES:
                    added[content_key(data)] = encode(results[position])
            else:
                results[position] = data
    index.update(added, unused)
    return results


def _bytes(path: Path) -> bytes | InputError | None:
    """The bytes of a minutes file (a too-large file is cut just past the limit); ``None`` when it is gone."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_TOML_BYTES + 1)
    except FileNotFoundError:
        return None  # deleted while we were listing
    except IsADirectoryError:
        return InputError(path, "is a folder, not a TOML file")
    except OSError as exc:  # a symlink loop, a permission problem
        return _read_error(path, exc)


def _read(path: Path) -> Result | None:
    """One file, read and validated without the index."""
    data = _bytes(path)
    return _parse(path, data) if isinstance(data, bytes) else data


def _parse(path: Path, data: bytes) -> Result:
    try:
        if len(data) > MAX_TOML_BYTES:  # cut short by _bytes: let the reader say how large the file is
            return read_model(path, Minutes)
        return parse_model(data, path, Minutes)
    except InputError as exc:
        return exc
    except RecursionError as exc:
        return _read_error(path, exc)


def _read_error(path: Path, exc: Exception) -> InputError:
    return InputError(path, f"cannot be read: {getattr(exc, 'strerror', None) or exc}")


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
