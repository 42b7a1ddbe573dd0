"""One meeting, one window: an OS file lock held by the process that has a meeting open.

``flock`` on ``meeting.lock`` in the meeting's state folder, exclusive and
non-blocking, with the owner's pid written into the file. The kernel drops the
lock when the process dies (a crash, ``kill -9``), so such a meeting stays
resumable; a live one is never taken over by a second window.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from meetingtui.domain.errors import InputError

LOCK_NAME = "meeting.lock"


@dataclass(frozen=True)
class Owner:
    """The process that has a meeting open, as it wrote itself into the lock file."""

    pid: int | None
    minutes_id: str | None = None
    host: str | None = None

    def describe(self) -> str:
        """``the meeting <id> is open in another window (pid N[ on HOST])``."""
        what = f"the meeting {self.minutes_id}" if self.minutes_id else "a meeting"
        elsewhere = f" on {self.host}" if self.host and self.host != socket.gethostname() else ""
        where = f"another window (pid {self.pid}{elsewhere})" if self.pid else "another window"
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
        owner = {"pid": os.getpid(), "minutes_id": minutes_id, "host": socket.gethostname()}
        os.pwrite(fd, json.dumps(owner).encode(), 0)
        return cls(fd)

    def release(self) -> None:
        """Drop the lock (closing the file does); the lock file stays, owned by nobody."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        # A journal dropped without close() can write nothing more: its meeting is no longer open here.
        self.release()


def _read_owner(fd: int) -> Owner:
    try:
        record = json.loads(os.pread(fd, 4096, 0) or b"{}")
        pid, minutes_id, host = record.get("pid"), record.get("minutes_id"), record.get("host")
    except (OSError, ValueError, AttributeError):
        return Owner(None)
    return Owner(
        pid if isinstance(pid, int) else None,
        minutes_id if isinstance(minutes_id, str) else None,
        host if isinstance(host, str) else None,
    )


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
