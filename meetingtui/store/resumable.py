"""Interrupted meetings of every repository on this machine: what ``meetingtui resume`` offers from any folder.

Every repository's state folder (under :func:`~meetingtui.store.repo.state_root`)
holds its journal, the journals a new meeting set aside, and a note of the
repository it belongs to (the per-user journal index). Folders are scanned, not
only the notes, so a journal written before the index existed is found too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from meetingtui.store.journal import JOURNAL_NAME, Interrupted, kept_aside, read_journal
from meetingtui.store.state_records import registered_root
from meetingtui.store.window_lock import Owner, open_elsewhere


@dataclass
class Resumable:
    """An interrupted meeting, its repository, and whether a window has a meeting of that repository open."""

    found: Interrupted
    root: Path | None
    """The repository (``None``: the journal predates the index; ``--repo`` names it)."""
    owner: Owner | None
    """The window that has a meeting of this repository open (then nothing here can be resumed now)."""
    set_aside: bool
    """A new meeting moved this journal aside (``interrupted-*.jsonl``)."""
    changed: float
    """When the journal was last written (seconds since the epoch)."""

    def describe(self) -> str:
        """One line for a list: id, title, last change, repository, and why it cannot be taken now."""
        when = dt.datetime.fromtimestamp(self.changed).strftime("%a %d %b %H:%M")
        where = str(self.root) if self.root else "repository not recorded: use --repo DIR"
        line = f"{self.found.minutes_id} · {self.found.agenda.title} · last change {when} · {where}"
        if self.set_aside:
            line += " · set aside by a later meeting"
        if self.owner is not None:
            line += f" · not now: {self.owner.describe()}"
        return line


def resumable_in(folder: Path, root: Path | None = None) -> list[Resumable]:
    """The interrupted meetings in one state folder, its own journal first, then those set aside (oldest first)."""
    root = root or registered_root(folder)
    owner = open_elsewhere(folder, root)
    found: list[Resumable] = []
    for path, aside in [(folder / JOURNAL_NAME, False), *((p, True) for p in kept_aside(folder))]:
        meeting = read_journal(path)
        if meeting is None:
            continue
        try:
            changed = path.stat().st_mtime
        except OSError:
            continue
        found.append(Resumable(meeting, root, owner, aside, changed))
    return found


def all_resumable(base: Path | None = None) -> list[Resumable]:
    """The interrupted meetings of every repository, the most recently changed first."""
    # `resume` without --repo only: the per-user index names the repositories
    from meetingtui.store.repo import state_root

    base = base or state_root()
    try:
        folders = sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return []
    found = [item for folder in folders for item in resumable_in(folder)]
    return sorted(found, key=lambda item: item.changed, reverse=True)
