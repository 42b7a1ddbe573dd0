"""Time limits on git operations: a deadline that every git process of a push, a fetch or a commit honours.

The deadline lives in a :class:`~contextvars.ContextVar`, so it follows the operation through every
helper that runs git without being passed along, and each thread (each worker) has its own.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextvars import ContextVar

from meetingtui.domain.lean import frozen

CLEANUP_SECONDS = 2.0
"""The bound on each step that undoes our own half-done work (:func:`outside_limit`)."""

MIN_START_SECONDS = 0.1
"""A step is not started with less time than this left in its limit."""

HOOK_NAMES = frozenset(
    {
        "applypatch-msg",
        "pre-applypatch",
        "post-applypatch",
        "pre-commit",
        "pre-merge-commit",
        "prepare-commit-msg",
        "commit-msg",
        "post-commit",
        "pre-rebase",
        "post-checkout",
        "post-merge",
        "pre-push",
        "reference-transaction",
        "push-to-checkout",
        "pre-auto-gc",
        "post-rewrite",
        "post-index-change",
        "fsmonitor-watchman",
    }
)
"""git's client-side hooks (githooks(5)): how a process in git's group is recognised as one."""


@frozen
class Limit:
    """A time limit on an operation: its words for messages, and when it ends."""

    what: str
    setting: str
    seconds: float
    deadline: float
    then: str


limit_now: ContextVar[Limit | None] = ContextVar("meetingtui_git_limit", default=None)
"""The limit git steps of this thread run in (set by :func:`time_limit`)."""
cleaning_now: ContextVar[bool] = ContextVar("meetingtui_git_cleaning", default=False)
"""True inside :func:`outside_limit`."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str, *, setting: str, then: str, began: float | None = None) -> Iterator[None]:
    """Every git process started inside (in this thread), the user's hooks included, ends ``seconds`` from now.

    A step still running then is stopped, and the ``GitError`` names ``setting`` (the limit that ran out)
    and what was running; ``then`` says what is safe and which command finishes the work. Inside another
    limit, the one that ends first applies. Quitting the app (``abandon_git``) stops these steps too.
    ``began`` (a :func:`time.monotonic` time) counts the seconds from an earlier start of the operation.
    """
    outer = limit_now.get()
    deadline = (time.monotonic() if began is None else began) + seconds
    keep = outer is not None and outer.deadline <= deadline
    token = limit_now.set(outer if keep else Limit(what, setting, seconds, deadline, then))
    try:
        yield
    finally:
        limit_now.reset(token)


@contextlib.contextmanager
def outside_limit() -> Iterator[None]:
    """Steps that undo our own half-done work (a temporary work tree, an intent-to-add): they run even when
    the limit ran out or the app is quitting, each within :data:`CLEANUP_SECONDS`."""
    token = cleaning_now.set(True)
    try:
        yield
    finally:
        cleaning_now.reset(token)


@contextlib.contextmanager
def not_counted() -> Iterator[None]:
    """A wait inside an operation's limit that is not the operation's own (a commit waiting for a file another
    thread is making, or making it itself): the limit's clock stops for it, so the git steps after it keep the
    time they had, and git steps inside it are not the operation's (no limit of its)."""
    limit = limit_now.get()
    began = time.monotonic()
    token = limit_now.set(None)
    try:
        yield
    finally:
        limit_now.reset(token)
        if limit is not None:
            waited = time.monotonic() - began
            limit_now.set(Limit(limit.what, limit.setting, limit.seconds, limit.deadline + waited, limit.then))


def time_left() -> float | None:
    """Seconds left in the current :func:`time_limit` (None outside one)."""
    limit = limit_now.get()
    return None if limit is None else max(0.0, limit.deadline - time.monotonic())


def running_hook(group: int) -> str | None:
    """The name of a git hook running in process group ``group`` (read from Linux's /proc), or None."""
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                if int(stat.read().rpartition(b")")[2].split()[2]) != group:
                    continue
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                argv = cmdline.read().decode(errors="replace").split("\0")
        except (OSError, ValueError, IndexError):
            continue
        # A hook is run by its path: argv[0], or argv[1] behind the interpreter of its #! line.
        for arg in argv[:2]:
            if os.path.basename(arg) in HOOK_NAMES:
                return os.path.basename(arg)
        for arg in argv:  # the pre-commit framework execs itself as `... hook-impl --hook-type=NAME`
            if arg.startswith("--hook-type=") and arg.removeprefix("--hook-type=") in HOOK_NAMES:
                return arg.removeprefix("--hook-type=")
    return None
