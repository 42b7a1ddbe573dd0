"""One meeting, one window: an OS file lock held by the process that has a meeting open.

``flock`` on ``meeting.lock`` in the meeting's state folder, exclusive and
non-blocking, with the owner's pid written into the file. The kernel drops the
lock when the process dies (a crash, ``kill -9``), so such a meeting stays
resumable; a live one is never taken over by a second window.

The state folder is per user (``XDG_STATE_HOME``): a second process with another
one (another user of a shared checkout, ``sudo``) would not see that lock. So in a
git repository the same lock is also taken in its common git folder, which every
user, process and worktree of the repository shares.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.lean import frozen
from meetingtui.store.git.dirs import git_dirs
from meetingtui.store.git.lock import open_lock_file, read_owner, write_owner

LOCK_NAME = "meeting.lock"
REPO_LOCK_NAME = "meetingtui-meeting.lock"
"""The lock's name in a repository's common git folder."""


@frozen
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
    """An exclusive, non-blocking ``flock`` on a folder's ``meeting.lock`` (and the repository's), held while a
    meeting is open."""

    def __init__(self, fds: list[int]) -> None:
        self._fds = fds

    @classmethod
    def acquire(cls, folder: Path, minutes_id: str | None, where: Path | str | None = None) -> MeetingLock:
        """Take the lock or raise :class:`MeetingOpenElsewhere` naming the process that holds it.

        ``where`` (the repository, named in the refusal): when it is a git repository, its shared lock is taken too.
        """
        folder.mkdir(parents=True, exist_ok=True)
        named = where or folder
        fds = [_take(os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600), minutes_id, named)]
        try:
            shared = _repo_lock(where)
            fd = _open_shared(shared) if shared is not None else None
            if fd is not None:
                fds.append(_take(fd, minutes_id, named))
        except BaseException:
            cls(fds).release()
            raise
        return cls(fds)

    def release(self) -> None:
        """Drop the lock (closing the files does); the lock files stay, owned by nobody."""
        fds, self._fds = self._fds, []
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:
        # A journal dropped without close() can write nothing more: its meeting is no longer open here.
        self.release()


def _take(fd: int, minutes_id: str | None, where: Path | str) -> int:
    """Lock the open lock file ``fd`` (closed on refusal) and write ourselves into it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        owner = _read_owner(fd)
        os.close(fd)
        raise MeetingOpenElsewhere(where, owner) from None
    except BaseException:
        os.close(fd)
        raise
    write_owner(fd, {"minutes_id": minutes_id})
    return fd


def _open_shared(path: Path) -> int | None:
    """The repository's lock file, open; None when this user cannot open it (a git folder not ours to write,
    a symlink planted there): the state folder's lock still holds for this user, and the meeting can still run."""
    try:
        return open_lock_file(path)
    except OSError:
        return None


def _repo_lock(root: Path | str | None) -> Path | None:
    """The meeting lock in ``root``'s common git folder; None when ``root`` is not in a git repository."""
    if root is None or not Path(root).is_dir():
        return None
    dirs = git_dirs(Path(root))
    return dirs.common_dir / REPO_LOCK_NAME if dirs is not None else None


def _read_owner(fd: int) -> Owner:
    record = read_owner(fd)
    pid, minutes_id, host = record.get("pid"), record.get("minutes_id"), record.get("host")
    return Owner(
        pid if isinstance(pid, int) else None,
        minutes_id if isinstance(minutes_id, str) else None,
        host if isinstance(host, str) else None,
    )


def open_elsewhere(folder: Path, root: Path | None = None) -> Owner | None:
    """Who has a meeting of this folder (or of the repository at ``root``, for any user) open, or ``None`` when
    nobody does (this process counts as somebody)."""
    shared = _repo_lock(root)
    for path in [folder / LOCK_NAME, *([shared] if shared is not None else [])]:
        owner = _holder(path)
        if owner is not None:
            return owner
    return None


def _holder(path: Path) -> Owner | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_owner(fd)
    finally:
        os.close(fd)
    return None
