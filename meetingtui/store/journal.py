"""The write-ahead crash journal: every change is on disk before the screen confirms it.

One JSON object per line: a header (what meeting this is), then the engine's
events. Appends are fsynced. A line torn by a crash is ignored on reading.
The journal lives in the per-user state folder, never in the committed tree.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.live import Event
from meetingtui.store.files import fsync_dir

JOURNAL_NAME = "meeting.jsonl"


@dataclass
class Interrupted:
    """A meeting found in a journal: enough to rebuild it."""

    path: Path
    agenda: Agenda
    agenda_name: str
    minutes_id: str
    facilitator: str | None
    events: list[Event]

    @property
    def started(self) -> bool:
        return any(event.op == "start" for event in self.events)


class Journal:
    """An append-only, fsynced log of one meeting's events."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = None

    @classmethod
    def create(cls, folder: Path, agenda: Agenda, agenda_name: str, minutes_id: str,
               facilitator: str | None) -> Journal:
        """Start a new journal in ``folder`` (replacing a finished one)."""
        folder.mkdir(parents=True, exist_ok=True)
        journal = cls(folder / JOURNAL_NAME)
        header = {"type": "header", "version": 1, "agenda": agenda.to_document(), "agenda_name": agenda_name,
                  "minutes_id": minutes_id, "facilitator": facilitator}
        journal._handle = open(journal.path, "w", encoding="utf-8")  # noqa: SIM115 - held open for appends
        journal._write(header)
        fsync_dir(folder)
        return journal

    @classmethod
    def reopen(cls, path: Path) -> Journal:
        """Continue appending to an existing journal (after a resume)."""
        journal = cls(path)
        with open(path, "rb+") as handle:  # drop a torn last line so new events start on a fresh line
            data = handle.read()
            keep = data.rfind(b"\n") + 1
            if keep != len(data):
                handle.truncate(keep)
        journal._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115
        return journal

    def append(self, event: Event) -> None:
        """Write one event and make it durable."""
        self._write({"type": "event", **event.to_json()})

    def _write(self, record: dict[str, Any]) -> None:
        assert self._handle is not None, "journal is closed"
        self._handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Close the file; the journal stays on disk (resumable)."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None

    def discard(self) -> None:
        """The meeting is saved: remove the journal."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def find_interrupted(folder: Path) -> Interrupted | None:
    """The meeting left in ``folder``'s journal, if any (``None`` for none or an unreadable header)."""
    path = folder / JOURNAL_NAME
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return None
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, UnicodeDecodeError):
            break  # a torn write: everything before it is good
    if not records or records[0].get("type") != "header":
        return None
    header = records[0]
    try:
        agenda = Agenda.model_validate(header["agenda"])
        events = [Event.from_json(r) for r in records[1:] if r.get("type") == "event"]
    except (ValidationError, KeyError, ValueError, TypeError):
        return None
    return Interrupted(path, agenda, header["agenda_name"], header["minutes_id"], header.get("facilitator"), events)
