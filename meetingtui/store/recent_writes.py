"""Minutes this process has just written, known by their bytes: read back without parsing them again.

A save writes the TOML, then regenerates ``REPORT.md`` from the history, whose index reads every file it
has not seen — the one just written included, its bytes parsed and validated again (a third of a big
meeting's save). The writer remembers the model under the bytes it wrote; the reader takes
it when the bytes it read are those very bytes. A TOML round trip gives back an equal model (tested:
``tests/unit/test_report.py``), so the answer is the one parsing would give. Only a few are kept: this is
for the file just written, not a cache.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections import OrderedDict
from pathlib import Path

from meetingtui.domain.minutes import Minutes

_KEPT = 4
_lock = threading.Lock()
_recent: OrderedDict[bytes, Minutes] = OrderedDict()
"""Keyed by the bytes themselves: the report's read gets the very object the save wrote (compared by identity,
its hash cached), a read from the disk equal bytes (one pass of Python's own hash and a compare) — no digest of
a big meeting's TOML, twice, on the path the commit waits for."""


def remember(data: bytes, minutes: Minutes) -> None:
    """``data`` was just written as the TOML of ``minutes`` (which the caller no longer changes)."""
    with _lock:
        _recent[data] = minutes
        _recent.move_to_end(data)
        while len(_recent) > _KEPT:
            _recent.popitem(last=False)


def recall(data: bytes) -> Minutes | None:
    """The minutes whose TOML is exactly ``data``, when this process wrote them lately; else ``None``."""
    with _lock:
        return _recent.get(data)


class Upcoming:
    """A minutes file a save is about to write: history reads in a context that :func:`expect` s it see it as
    on disk already, with the bytes the save then writes (:meth:`give`; a read that needs them waits for them).
    A save's report so starts before the TOML is made. ``seen`` says whether a read took it: one that did not
    did not count it, and its answer is not the one a read made afterwards gives.
    """

    def __init__(self, path: Path) -> None:
        self.path = os.path.abspath(path)
        self.name = os.path.basename(self.path)
        self.seen = False
        self._data: bytes | None = None
        self._given = threading.Event()
        self.listed = threading.Event()
        """Set once the read is done with git's index (:func:`listed`), or has ended: a commit may change it now
        without making the read list every file again (it checks that git's index did not move under it)."""

    def give(self, data: bytes | None) -> None:
        """The bytes the file is about to hold (``None``: the save failed; reads see the disk as it is)."""
        self._data = data
        self._given.set()

    def data(self) -> bytes | None:
        self._given.wait()
        self.seen = self.seen or self._data is not None
        return self._data


_upcoming: contextvars.ContextVar[Upcoming | None] = contextvars.ContextVar("upcoming", default=None)


def expect(file: Upcoming) -> None:
    """History reads in the current context (a save's report thread) see ``file`` as written."""
    _upcoming.set(file)


def listed() -> None:
    """The history read of this context (a save's report) is done with git's index: see :attr:`Upcoming.listed`."""
    found = _upcoming.get()
    if found is not None:
        found.listed.set()


def being_written(path: str | Path) -> bytes | None:
    """The bytes a save of this context is about to write at ``path``; ``None`` when it writes nothing there."""
    found = _upcoming.get()
    if found is None or not str(path).endswith(found.name):  # a cheap test first: a read asks for every file
        return None
    return found.data() if found.path == os.path.abspath(path) else None


def _under(root: str) -> str | None:
    """The file about to be written, relative to ``root`` when it is under it."""
    found = _upcoming.get()
    base = os.path.join(os.path.abspath(root), "")
    return found.path[len(base) :] if found is not None and found.path.startswith(base) else None


def upcoming_names(names: list[str], root: str) -> list[str]:
    """The minutes files ``names`` under ``root`` (as :func:`~.minutes_store.minutes_file_names` gives them, in
    its order) with the one about to be written there."""
    relative = _under(root)
    name = os.path.join(root, relative) if relative is not None else None
    if name is None or name in set(names):
        return names
    return sorted([*names, name], key=lambda path: (os.path.basename(path), path))


def upcoming_relative(paths: list[str], root: str) -> list[str]:
    """Paths relative to ``root`` (with ``/``) that may have changed, with the one about to be written there."""
    relative = _under(root)
    return sorted({*paths, relative.replace(os.sep, "/")}) if relative is not None else paths
