"""The write-ahead crash journal: every change is on disk before the screen confirms it.

One JSON object per line: a header (what meeting this is), then the engine's
events. Appends are fsynced. A line torn by a crash is ignored on reading.
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
import fcntl
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.errors import InputError
from meetingtui.domain.live import Event
from meetingtui.store.files import atomic_write_text, fsync_dir

JOURNAL_NAME = "meeting.jsonl"
KEPT_PREFIX = "interrupted-"
LOCK_NAME = "meeting.lock"
WRITTEN_NAME = "written.json"
WRITTEN_KEEP = 50
"""How many saves :func:`record_write` remembers (only a save cut short by a crash ever needs one)."""


@dataclass(frozen=True)
class Owner:
    """The process that has a meeting open, as it wrote itself into the lock file."""

    pid: int | None
    minutes_id: str | None = None

    def describe(self) -> str:
        what = f"the meeting {self.minutes_id}" if self.minutes_id else "a meeting"
        where = f"another window (pid {self.pid})" if self.pid else "another window"
        return f"{what} is open in {where}"


class MeetingOpenElsewhere(InputError):
    """A meeting of this repository is open in another window: it is not taken over."""

    def __init__(self, where: Path | str, owner: Owner) -> None:
        self.owner = owner
        super().__init__(
            where,
            f"{owner.describe()} — finish it there, or quit that window (the meeting stays resumable) "
            "and run `meetingtui resume`",
        )


class MeetingLock:
    """An exclusive, non-blocking ``flock`` on a folder's ``meeting.lock``, held while a meeting is open."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, minutes_id: str | None, where: Path | str | None = None) -> MeetingLock:
        """Take the lock or raise :class:`MeetingOpenElsewhere` naming the process that holds it."""
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _read_owner(fd)
            os.close(fd)
            raise MeetingOpenElsewhere(where or folder, owner) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "minutes_id": minutes_id}).encode(), 0)
        return cls(fd)

    def release(self) -> None:
        """Drop the lock (closing the file does); the lock file stays, owned by nobody."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _read_owner(fd: int) -> Owner:
    try:
        record = json.loads(os.pread(fd, 4096, 0) or b"{}")
        pid = record.get("pid")
        minutes_id = record.get("minutes_id")
    except (OSError, ValueError, AttributeError):
        return Owner(None)
    return Owner(pid if isinstance(pid, int) else None, minutes_id if isinstance(minutes_id, str) else None)


def open_elsewhere(folder: Path) -> Owner | None:
    """Who has a meeting of this folder open, or ``None`` when nobody does (this process counts as somebody)."""
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_owner(fd)
    finally:
        os.close(fd)
    return None


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

    def __init__(self, path: Path, lock: MeetingLock | None = None) -> None:
        self.path = path
        self._handle = None
        self._lock = threading.Lock()  # the save runs in a worker thread while the screen may still journal
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
        where: Path | str | None = None,
    ) -> Journal:
        """Start a new journal in ``folder``; an interrupted meeting's journal there is kept aside, not replaced.

        Raises :class:`MeetingOpenElsewhere` (naming ``where``, the repository) when a meeting of this
        folder is open in another window: its journal is left exactly where it is.
        """
        lock = MeetingLock.acquire(folder, minutes_id, where)
        try:
            keep_aside(folder)
            journal = cls(folder / JOURNAL_NAME, lock)
            journal._handle = open(journal.path, "w", encoding="utf-8")  # noqa: SIM115 - held open for appends
        except BaseException:
            lock.release()
            raise
        header = {
            "type": "header",
            "version": 1,
            "agenda": agenda.to_document(),
            "agenda_name": agenda_name,
            "minutes_id": minutes_id,
            "facilitator": facilitator,
        }
        journal._write(header)
        fsync_dir(folder)
        return journal

    @classmethod
    def reopen(cls, path: Path, *, minutes_id: str | None = None, where: Path | str | None = None) -> Journal:
        """Continue appending to an existing journal (after a resume).

        Raises :class:`MeetingOpenElsewhere` when the meeting is open in another window.
        The file is first cut back to what :func:`find_interrupted` read from it
        (a torn last line goes; a whole last record that lost its newline stays),
        so new events follow the last good one and a later resume reads them all.
        """
        lock = MeetingLock.acquire(path.parent, minutes_id, where)
        try:
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
        journal._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115
        return journal

    def append(self, event: Event) -> None:
        """Write one event and make it durable."""
        self._write({"type": "event", **event.to_json()})

    def _write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            assert self._handle is not None, "journal is closed"
            self._handle.write(line)
            self._handle.flush()
            os.fsync(self._handle.fileno())

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
            if self._handle is not None:
                with contextlib.suppress(OSError):
                    self._handle.close()
                self._handle = None

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
    events = []
    for record in records[1:]:
        if record.get("type") != "event":
            continue
        try:
            events.append(Event.from_json(record))
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


def record_write(folder: Path, path: Path, data: bytes) -> None:
    """Remember, before writing ``data`` to ``path``, that this meeting's save is what will be there.

    A save cut short by a crash is resumed and saved again: the file then holds our own
    content, which :func:`written_by_us` recognises, while any other content is someone else's.
    """
    written = _read_written(folder)
    written.pop(str(path), None)
    written[str(path)] = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / WRITTEN_NAME, json.dumps(dict(list(written.items())[-WRITTEN_KEEP:]), indent=1))


def written_by_us(folder: Path, path: Path) -> bool:
    """True when ``path`` holds exactly what a save recorded with :func:`record_write` last put there."""
    digest = _read_written(folder).get(str(path))
    try:
        return digest is not None and hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def _read_written(folder: Path) -> dict[str, str]:
    try:
        written = json.loads((folder / WRITTEN_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in written.items()} if isinstance(written, dict) else {}
