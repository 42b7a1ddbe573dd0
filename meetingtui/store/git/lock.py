"""One integration at a time per repository: ``flock``s in the repository's common git folder.

Updating from the remote, committing and pushing change HEAD, the index and the
work tree in several git steps; two of them interleaved (two ``sync`` runs, the
app's background fetch and a cron job) wedge a clone. Two locks, always taken in
this order, serialise them:

- :func:`network` — a fetch-and-update, a push, a whole ``meetingtui sync``,
  ``commit`` or ``propose``: one conversation with the remote at a time, held
  across the network, so its waits are bounded by the fetch/push time limits;
- :func:`integration` — every local change of HEAD, index and work tree (a
  commit, a branch move): held only for local steps, so a save's commit never
  waits for a fetch that hangs on a dead network.

The lock files live in ``git rev-parse --git-common-dir``, so every process,
user, worktree and state folder of one repository sees them; the kernel drops a
lock when its holder dies. Within one process a re-entrant thread lock comes
first (a ``flock`` belongs to an open file, not to a thread), so a push may
fetch and integrate inside its own hold, and threads of one process take turns.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path

from meetingtui.domain.lean import mutable
from meetingtui.store.git.dirs import GitDirs, git_dirs
from meetingtui.store.git.memo import one_operation
from meetingtui.store.git.recovery import recover
from meetingtui.store.git.run import GitError, quitting, sync_hint

LOCK_NAME = "meetingtui-integration.lock"
NETWORK_LOCK_NAME = "meetingtui-network.lock"
POLL_SECONDS = 0.05
COMMIT_WAIT_SECONDS = 30.0
"""How long a local step (a commit, a branch move) waits for another one of the repository to finish."""


def open_lock_file(path: Path) -> int:
    """Open (creating) a lock file others may open too (0o666 less the umask), never through a symlink.

    A lock file another user created without write access for us is opened read-only: ``flock`` needs no more.
    """
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except PermissionError:
        return os.open(path, os.O_RDONLY | os.O_NOFOLLOW)


def write_owner(fd: int, record: dict[str, object]) -> None:
    """Say in the lock file who holds it (pid, host, what), for whoever waits; silent when read-only.

    Written over the last holder's record, then cut to its length only if that one was longer: ``ftruncate(fd, 0)``
    of a file whose blocks are on disk waits for the file system's journal (~4 ms a file on ext4 here, and a meeting
    takes two such locks before its first frame)."""
    data = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), **record}).encode()
    with contextlib.suppress(OSError):
        os.pwrite(fd, data, 0)
        if os.fstat(fd).st_size > len(data):
            os.ftruncate(fd, len(data))


def read_owner(fd: int) -> dict[str, object]:
    """What :func:`write_owner` wrote ({} when nothing readable)."""
    try:
        record = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


@mutable
class _Hold:
    """This process's hold on one repository's lock: the thread lock, how deep, and the locked file."""

    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int | None = None


_holds: dict[Path, _Hold] = {}
_holds_guard = threading.Lock()


def integration(
    root: Path, what: str, wait: float, step: str, hint: str = ""
) -> contextlib.AbstractContextManager[None]:
    """Hold ``root``'s integration lock for the block, waiting at most ``wait`` seconds for another holder.

    The outermost hold first finishes or rolls back what a killed integration left
    (:func:`~meetingtui.store.git.recovery.recover`). Raises :class:`GitError` naming
    the holder when the wait runs out. Outside a git repository it holds nothing.
    """
    return _held(root, LOCK_NAME, what, wait, step, hint)


def network(root: Path, what: str, wait: float, step: str, hint: str = "") -> contextlib.AbstractContextManager[None]:
    """Hold ``root``'s network lock (one fetch or push at a time), as :func:`integration` holds its own.

    The outermost hold also recovers first, as :func:`integration` does (taking it for a moment).
    Never taken while holding the integration lock: the order network → integration leaves no deadlock.
    """
    return _held(root, NETWORK_LOCK_NAME, what, wait, step, hint)


@contextlib.contextmanager
def _held(root: Path, name: str, what: str, wait: float, step: str, hint: str) -> Iterator[None]:
    root = Path(root)
    dirs = git_dirs(root)
    if dirs is None:
        yield
        return
    path = dirs.common_dir / name
    with _holds_guard:
        hold = _holds.setdefault(path, _Hold())
    deadline = time.monotonic() + wait
    if not hold.thread_lock.acquire(timeout=max(wait, 0.0)):
        raise _busy(root, step, hint, {"pid": os.getpid(), "what": "another task of this program"})
    try:
        if hold.depth == 0:
            hold.fd = _lock_file(root, path, what, deadline, step, hint)
        hold.depth += 1
        try:
            with one_operation():  # what only a change of configuration alters is asked once under the lock
                if hold.depth == 1:
                    _recover_first(root, dirs, name, what, deadline, step, hint)
                yield
        finally:
            hold.depth -= 1
            if hold.depth == 0 and hold.fd is not None:
                os.close(hold.fd)  # closing drops the flock
                hold.fd = None
    finally:
        hold.thread_lock.release()


def _recover_first(root: Path, dirs: GitDirs, name: str, what: str, deadline: float, step: str, hint: str) -> None:
    """Finish what a killed integration left before anything looks at the branch or the files."""
    if name == LOCK_NAME:
        recover(root, dirs)
    else:
        with integration(root, what, max(deadline - time.monotonic(), 0.0), step, hint):
            pass


def _lock_file(root: Path, path: Path, what: str, deadline: float, step: str, hint: str) -> int:
    try:
        fd = open_lock_file(path)
    except OSError as exc:
        raise GitError(
            step,
            f"could not open the lock file {path}: {exc.strerror}",
            "Make the repository's .git folder writable for you (and not a symlink), then try again.",
        ) from None
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(root, step, hint, read_owner(fd)) from None
                if path.name == NETWORK_LOCK_NAME and quitting():
                    # The app is quitting: it stops its own git network commands, and must not wait for another's.
                    stopped = GitError(step, "not started: meetingtui is quitting", f"Run {sync_hint(root)} later.")
                    raise stopped from None
                time.sleep(POLL_SECONDS)
    except BaseException:
        os.close(fd)
        raise
    write_owner(fd, {"what": what})
    return fd


def _busy(root: Path, step: str, hint: str, owner: dict[str, object]) -> GitError:
    pid, host, what = owner.get("pid"), owner.get("host"), owner.get("what")
    who = f"pid {pid}" if isinstance(pid, int) else "another process"
    if isinstance(host, str) and host != socket.gethostname():
        who += f" on {host}"
    doing = f" ({what})" if isinstance(what, str) and what else ""
    return GitError(
        step,
        f"another meetingtui is working on this repository: {who}{doing}; nothing was changed",
        hint or f"Wait for it to finish, then run {sync_hint(root)}.",
    )
