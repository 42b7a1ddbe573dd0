"""The write-ahead crash journal: every change is on disk before the screen confirms it.

One JSON object per line: a header (what meeting this is), then the engine's
events. Appends are fsynced. A line torn by a crash is ignored on reading.
The journal lives in the per-user state folder, never in the committed tree.
Starting a new meeting never overwrites an interrupted one: that journal is
kept beside it as ``interrupted-<id>-<time>.jsonl``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.events import EVENT_SCHEMA, ClockStarted, MeetingEvent
from meetingtui.store.files import fsync_dir
from meetingtui.store.journal_records import event_record, read_event

JOURNAL_NAME = "meeting.jsonl"
KEPT_PREFIX = "interrupted-"


@dataclass
class Interrupted:
    """A meeting found in a journal: enough to rebuild it."""

    path: Path
    agenda: Agenda
    agenda_name: str
    minutes_id: str
    facilitator: str | None
    events: list[MeetingEvent]

    @property
    def started(self) -> bool:
        return any(isinstance(event, ClockStarted) for event in self.events)


class Journal:
    """An append-only, fsynced log of one meeting's events."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = None
        self._lock = threading.Lock()  # the save runs in a worker thread while the screen may still journal

    @classmethod
    def create(
        cls, folder: Path, agenda: Agenda, agenda_name: str, minutes_id: str, facilitator: str | None
    ) -> Journal:
        """Start a new journal in ``folder``; an interrupted meeting's journal there is kept aside, not replaced."""
        folder.mkdir(parents=True, exist_ok=True)
        journal = cls(folder / JOURNAL_NAME)
        keep_aside(folder)
        header = {
            "type": "header",
            "version": EVENT_SCHEMA,
            "agenda": agenda.to_document(),
            "agenda_name": agenda_name,
            "minutes_id": minutes_id,
            "facilitator": facilitator,
        }
        journal._handle = open(journal.path, "w", encoding="utf-8")  # noqa: SIM115 - held open for appends
        journal._write(header)
        fsync_dir(folder)
        return journal

    @classmethod
    def reopen(cls, path: Path) -> Journal:
        """Continue appending to an existing journal (after a resume).

        The file is first cut back to what :func:`find_interrupted` read from it
        (a torn last line goes; a whole last record that lost its newline stays),
        so new events follow the last good one and a later resume reads them all.
        """
        journal = cls(path)
        with open(path, "rb+") as handle:
            data = handle.read()
            _, end = _scan(data)
            if end != len(data):
                handle.truncate(end)
                handle.seek(end)
            if end and not data[:end].endswith(b"\n"):
                handle.write(b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        journal._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115
        return journal

    def append(self, event: MeetingEvent) -> None:
        """Write one event and make it durable."""
        self._write(event_record(event))

    def _write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            assert self._handle is not None, "journal is closed"
            self._handle.write(line)
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Close the file; the journal stays on disk (resumable)."""
        with self._lock:
            if self._handle is not None:
                with contextlib.suppress(OSError):
                    self._handle.close()
                self._handle = None

    def discard(self) -> None:
        """The meeting is saved: remove the journal."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _scan(data: bytes) -> tuple[list[dict[str, Any]], int]:
    """The whole records at the start of a journal, and the offset where they end.

    Reading stops at the first line that is not a JSON object: a write torn by a
    crash, after which nothing can be trusted.
    """
    records: list[dict[str, Any]] = []
    start = end = 0
    while start < len(data):
        newline = data.find(b"\n", start)
        stop = len(data) if newline < 0 else newline
        try:
            record = json.loads(data[start:stop])
        except (json.JSONDecodeError, UnicodeDecodeError):
            break
        if not isinstance(record, dict):
            break
        records.append(record)
        end = stop if newline < 0 else newline + 1
        start = end
    return records, end


def find_interrupted(folder: Path) -> Interrupted | None:
    """The meeting left in ``folder``'s journal, if any (``None`` for none or an unreadable header)."""
    return read_journal(folder / JOURNAL_NAME)


def read_journal(path: Path) -> Interrupted | None:
    """The meeting in the journal at ``path``: every whole record up to the first torn one."""
    try:
        records, _ = _scan(path.read_bytes())
    except FileNotFoundError:
        return None
    if not records or records[0].get("type") != "header":
        return None
    header = records[0]
    try:
        agenda = Agenda.model_validate(header["agenda"])
        info = (header["agenda_name"], header["minutes_id"], header.get("facilitator"))
    except (ValidationError, KeyError, TypeError):
        return None
    version = header.get("version", 1)
    events = []
    for record in records[1:]:
        if record.get("type") != "event":
            continue
        try:
            events.append(read_event(record, version))
        except (KeyError, ValueError, TypeError):
            break  # like a torn line: what follows cannot be replayed safely
    return Interrupted(path, agenda, *info, events)


def keep_aside(folder: Path) -> Path | None:
    """Rename an interrupted meeting's journal in ``folder`` out of the way; returns where it went.

    Only a journal that is missing, empty or holds a header without events has
    nothing worth keeping; anything else (even unreadable) is kept.
    """
    path = folder / JOURNAL_NAME
    try:
        if path.stat().st_size == 0:
            return None
    except FileNotFoundError:
        return None
    found = read_journal(path)
    if found is not None and not found.events:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    name = found.minutes_id if found is not None else "unreadable"
    target = folder / f"{KEPT_PREFIX}{name}-{stamp}.jsonl"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{KEPT_PREFIX}{name}-{stamp}-{number}.jsonl"
    os.replace(path, target)
    fsync_dir(folder)
    return target


def kept_aside(folder: Path) -> list[Path]:
    """Journals of interrupted meetings that a new meeting moved aside, oldest first."""
    return sorted(folder.glob(f"{KEPT_PREFIX}*.jsonl"))
