"""The write-ahead crash journal: every change is on disk before the engine applies it.

One JSON object per line: a header (what meeting this is), then the engine's
events. The engine calls :meth:`Journal.append` before it changes its state
(:attr:`~meetingtui.domain.meeting.Meeting.record`); an append returns only once
the line is fsynced, and one that fails (a full disk, an I/O error) raises
:class:`JournalWriteError` and leaves the file as it was before, so the engine
does not apply the event and the journal still replays to the engine's state.
A line torn by a crash is ignored on reading.
The journal lives in the per-user state folder, never in the committed tree.
Starting a new meeting never overwrites an interrupted one: that journal is
kept beside it as ``interrupted-<id>-<time>.jsonl``.

One meeting, one window: while a meeting is open its process holds an OS file
lock (``flock``) on ``meeting.lock`` in the same folder, which also names the
owner's pid. The kernel drops the lock when the process dies, so a crash or a
``kill -9`` still leaves the meeting resumable, while a second window is told
where the meeting is open and cannot take it over or move its journal aside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.events import EVENT_SCHEMA, ClockStarted, MeetingEvent
from meetingtui.domain.lean import mutable
from meetingtui.store.files import fsync_dir
from meetingtui.store.journal_records import event_record, read_event
from meetingtui.store.state_records import register
from meetingtui.store.window_lock import MeetingLock

JOURNAL_NAME = "meeting.jsonl"
KEPT_PREFIX = "interrupted-"


class JournalWriteError(OSError):
    """An event could not be made durable: it is not in the journal, and the meeting did not change."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause), str(path))

    def __str__(self) -> str:
        return f"could not write the crash journal {self.filename}: {self.strerror}"


@mutable
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

    def __init__(self, path: Path, lock: MeetingLock | None = None) -> None:
        self.path = path
        self._fd: int | None = None
        self._end = 0
        """Where the last whole, fsynced record ends: the next one is written here."""
        self._dirty = False
        """A failed write may have left bytes after :attr:`_end` that could not be cut off then."""
        self._folder_unsynced = False
        """A new journal's folder is fsynced with its first event (its name is durable from then on)."""
        # The engine appends on the UI thread only; the save's worker discards the journal once the minutes
        # are on disk, and a quit (UI thread) may close it meanwhile: the lock orders those two.
        self._lock = threading.Lock()
        self._meeting_lock = lock

    @classmethod
    def create(
        cls,
        folder: Path,
        agenda: Agenda,
        agenda_name: str,
        minutes_id: str,
        facilitator: str | None,
        *,
        repo_root: Path | None = None,
    ) -> Journal:
        """Start a new journal in ``folder``; an interrupted meeting's journal there is kept aside, not replaced.

        Raises :class:`~meetingtui.store.window_lock.MeetingOpenElsewhere` (naming ``repo_root``) when a
        meeting of this folder is open in another window: its journal is left exactly where it is.
        ``repo_root`` is recorded beside the journal, so ``meetingtui resume`` finds it from anywhere.
        """
        lock = MeetingLock.acquire(folder, minutes_id, repo_root)
        try:
            if repo_root is not None:
                register(folder, repo_root)
            keep_aside(folder)
            journal = cls(folder / JOURNAL_NAME, lock)
            journal._fd = os.open(journal.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except BaseException:
            lock.release()
            raise
        header = {
            "type": "header",
            "version": EVENT_SCHEMA,
            "agenda": agenda.to_document(),
            "agenda_name": agenda_name,
            "minutes_id": minutes_id,
            "facilitator": facilitator,
        }
        # Not fsynced yet: a journal with a header and no event holds nothing to resume, so its durability
        # (a file fsync and a folder fsync, ~12 ms on a VM's disk) waits for the first event, which pays
        # for both before it is applied; the first frame does not wait for the disk (issue 24).
        journal._write(header, durable=False)
        journal._folder_unsynced = True
        return journal

    @classmethod
    def reopen(cls, path: Path, *, minutes_id: str | None = None, repo_root: Path | None = None) -> Journal:
        """Continue appending to an existing journal (after a resume).

        Raises :class:`~meetingtui.store.window_lock.MeetingOpenElsewhere` when the meeting is open in
        another window.
        The file is first cut back to what :func:`find_interrupted` read from it
        (a torn last line goes; a whole last record that lost its newline stays),
        so new events follow the last good one and a later resume reads them all.
        """
        lock = MeetingLock.acquire(path.parent, minutes_id, repo_root)
        try:
            if repo_root is not None:
                register(path.parent, repo_root)
            return cls._reopen(path, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _reopen(cls, path: Path, lock: MeetingLock) -> Journal:
        journal = cls(path, lock)
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
        journal._fd = os.open(path, os.O_WRONLY)
        journal._end = os.fstat(journal._fd).st_size
        return journal

    def append(self, event: MeetingEvent) -> None:
        """Write one event and make it durable (fsynced) before returning.

        Raises :class:`JournalWriteError` when it cannot: the event is then not in the journal (what a failed
        write left behind is cut off, now or right after the next append that succeeds), so the caller must not
        apply it.
        """
        self._write(event_record(event))

    def _write(self, record: dict[str, Any], *, durable: bool = True) -> None:
        data = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        with self._lock:
            if self._fd is None:
                raise JournalWriteError(self.path, OSError(errno.EBADF, "the journal is closed"))
            try:
                (self._put if durable else self._write_all)(self._fd, data, self._end)
            except OSError as exc:
                self._dirty = True
                self._cut()
                raise JournalWriteError(self.path, exc) from exc
            self._end += len(data)
            if self._dirty:
                self._cut()  # what an earlier failed write left may reach past this record
            if durable and self._folder_unsynced:  # the new file's name, with this first event
                fsync_dir(self.path.parent)
                self._folder_unsynced = False

    def _cut(self) -> None:
        """Cut the file back to :attr:`_end`; a disk that refuses even that is cut at the next append or close."""
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self._end)
        except OSError:
            return
        self._dirty = False

    @staticmethod
    def _put(fd: int, data: bytes, offset: int) -> None:
        """Write all of ``data`` at ``offset`` and fsync (which covers every byte written before too): the one
        place the journal's bytes are made durable."""
        Journal._write_all(fd, data, offset)
        os.fsync(fd)

    @staticmethod
    def _write_all(fd: int, data: bytes, offset: int) -> None:
        view = memoryview(data)
        while view:
            written = os.pwrite(fd, view, offset)
            view, offset = view[written:], offset + written

    def close(self) -> None:
        """Close the file and let go of the meeting; the journal stays on disk (resumable)."""
        self._close_file()
        self._release()

    def discard(self) -> None:
        """The meeting is saved: remove the journal (before letting go, so no window sees it unowned)."""
        self._close_file()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._release()

    def _close_file(self) -> None:
        with self._lock:
            if self._fd is not None:
                if self._dirty:
                    self._cut()
                with contextlib.suppress(OSError):
                    os.close(self._fd)
                self._fd = None

    def _release(self) -> None:
        if self._meeting_lock is not None:
            self._meeting_lock.release()
            self._meeting_lock = None


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


def discard_interrupted(found: Interrupted, repo_root: Path | None = None) -> None:
    """Throw an interrupted meeting away, under its lock: one that another window has open is never removed.

    Raises :class:`~meetingtui.store.window_lock.MeetingOpenElsewhere` when it is open elsewhere.
    """
    lock = MeetingLock.acquire(found.path.parent, found.minutes_id, repo_root)
    try:
        found.path.unlink(missing_ok=True)
        fsync_dir(found.path.parent)
    finally:
        lock.release()


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
