"""The history's state against the team's remote, in one line for people (picker and meeting screen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from meetingtui.store.git_run import sync_hint

if TYPE_CHECKING:
    from meetingtui.store.git_sync import SyncStatus


class HistorySyncing(Message):
    """Posted from the sync worker once it knows the repository has a remote (the fetch starts)."""

    def __init__(self, remote: str) -> None:
        super().__init__()
        self.remote = remote

    @property
    def line(self) -> str:
        """What the line says while the sync runs (short: it shares a border with the schedule)."""
        return f"syncing with {self.remote}…"


def history_line(status: SyncStatus, now: dt.datetime) -> str:
    """ "history current (synced 12:03)", "offline — history as of 2026-11-28", "3 minutes not pushed yet"…

    Empty when the repository has no remote: its history is this clone's own, nothing to say.
    """
    if status.remote is None:
        return ""
    parts = []
    if status.blocked:
        more = f" and {len(status.blocked) - 2} more" if len(status.blocked) > 2 else ""
        parts.append("left alone: you changed " + ", ".join(status.blocked[:2]) + more)
    elif status.fetched and "not updated" not in status.message:
        synced = (status.fetched_at or now).astimezone(now.tzinfo)
        parts.append(f"history current (synced {synced:%H:%M})")
    elif status.fetched or not status.message.startswith("offline"):
        parts.append(status.message)
    else:
        as_of = status.history_as_of or status.fetched_at
        parts.append(
            f"offline — history as of {as_of.astimezone(now.tzinfo).date().isoformat()}"
            if as_of
            else f"offline — nothing from {status.remote} yet"
        )
    if status.unpushed:
        parts.append(pending_words(status.unpushed))
    return " · ".join(parts)


def pending_words(count: int) -> str:
    """``3 minutes not pushed yet`` (commits the remote lacks: minutes, each in its own commit)."""
    return "1 meeting's minutes not pushed yet" if count == 1 else f"{count} minutes not pushed yet"


def pending_notice(status: SyncStatus, root: Path) -> str | None:
    """The notice at start when earlier minutes were committed here but never reached the remote."""
    if not status.unpushed or status.remote is None:
        return None
    words = "1 meeting's minutes are" if status.unpushed == 1 else f"{status.unpushed} minutes are"
    return f"{words} not on {status.remote} yet: {sync_hint(root)} pushes them."
