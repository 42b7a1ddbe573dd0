"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

TEMP_PREFIX = ".meetingtui-tmp-"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


NEW_FILE_MODE = 0o666 & ~_umask()
"""mkstemp makes 0600 files; files in a shared repository should follow the umask like any other."""


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` to ``path`` atomically and durably.

    The text goes to a temporary file in the same folder, which is flushed,
    fsynced and renamed over ``path``; then the folder is fsynced so that the
    rename itself survives a power cut. ``durable=False`` (a file regenerated from
    others, as ``REPORT.md``): atomic for every reader, not fsynced, so a power cut
    may leave the file as it was (or empty) until it is regenerated.
    """
    atomic_write_files({path: text.encode("utf-8")}, durable=durable)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Like :func:`atomic_write_text`, for bytes."""
    atomic_write_files({path: data})


def atomic_write_files(
    files: Mapping[Path, bytes], *, durable: bool = True, before: Callable[[], None] | None = None
) -> None:
    """Write several files as :func:`atomic_write_text` does: each new content to a temporary file beside its
    path (synced), then ``before()`` when given (what must be durable before any of them is in place: its
    failure leaves every file as it was), then the renames in order, then each folder synced once."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            temps.append((_temp_file(Path(path), data, durable), Path(path)))
        if before is not None:
            before()
        while temps:
            os.replace(*temps[0])
            temps.pop(0)
    finally:
        for temp_name, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
    if durable:
        for folder in dict.fromkeys(Path(path).parent for path in files):
            fsync_dir(folder)


def _temp_file(path: Path, data: bytes, durable: bool) -> str:
    """A temporary file beside ``path`` holding ``data`` (synced when ``durable``), with the mode of the file it
    is to replace; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        try:
            mode = path.stat().st_mode & 0o777  # keep the mode of the file we replace
        except FileNotFoundError:
            mode = NEW_FILE_MODE
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stray_temp_files(folder: Path, within: Path | None = None, older_than: float | None = None) -> list[Path]:
    """Delete temp files left by a write that was interrupted; returns what was removed.

    Only regular files named like our temp files, found without following any symlink, in a
    ``folder`` that really lies inside ``within`` (a symlinked folder that leads out is left alone);
    with ``older_than`` (epoch seconds), only those last modified before it (a write still going is left).
    """
    removed: list[Path] = []
    within = folder if within is None else within
    try:
        if folder.is_symlink() or not folder.resolve().is_relative_to(within.resolve()):
            return removed
    except OSError:
        return removed
    for parent, _folders, files in os.walk(folder, followlinks=False):
        for name in files:
            if not name.startswith(TEMP_PREFIX):
                continue
            candidate = Path(parent) / name
            with contextlib.suppress(OSError):
                found = candidate.lstat()
                if stat.S_ISREG(found.st_mode) and (older_than is None or found.st_mtime < older_than):
                    candidate.unlink()
                    removed.append(candidate)
    return removed
