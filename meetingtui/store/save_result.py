"""What a save did — the files, the commit and the push, each on its own — as one immutable value."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from meetingtui.domain.lean import frozen


class PushOutcome(StrEnum):
    """What became of a save's push."""

    OFF = "off"
    """Not asked for (or not tried yet)."""
    OK = "ok"
    """The remote has the commit."""
    FAILED = "failed"
    """Committed locally, the push pending."""


@frozen
class SaveResult:
    """What a save did: the files (always written), the commit, and the push, each on its own.

    Immutable: it is made in the save's worker and read on the UI thread; a later step (the push, a quit
    during the push) makes a new one with :func:`dataclasses.replace`.
    """

    files: tuple[Path, ...] = ()
    commit: str | None = None
    """The sha of the commit holding the minutes (after any rebase a push made)."""
    pushed: bool = False
    git_error: str | None = None
    """Why the commit failed (the files are on disk; ``meetingtui commit`` commits them later)."""
    push_message: str | None = None
    """One line about the push: where it went, or why it failed (then the commit is pending, local)."""
    push: PushOutcome = PushOutcome.OFF
    push_error: str | None = None
    """The full explanation of a failed push, with how to fix it."""
    push_wanted: bool = False
    """``--push`` or the repository's ``push`` setting asked for a push after the commit."""
    push_abandoned: bool = False
    """The app quit before the push finished: the commit is local, the push pending."""
    commit_stopped: bool = False
    """The app quit during the commit and stopped it: the files are on disk, the commit pending."""
    rehearsal: bool = False
    """A rehearsal ended: nothing was committed; ``files`` is the copy kept outside the history, if any."""

    @property
    def ok(self) -> bool:
        """The minutes are saved and, when asked, committed (a failed push leaves them pending, not lost)."""
        return self.git_error is None

    @property
    def push_pending(self) -> bool:
        """A commit the remote still lacks because its push failed or was abandoned."""
        return bool(self.commit) and self.push_wanted and self.push is not PushOutcome.OK

    def push_stopped(self, error: BaseException | str | None) -> SaveResult:
        """This result once its push ended without an answer (the worker stopped): committed, the push pending."""
        return replace(self, push=PushOutcome.FAILED, push_error=f"the push stopped: {error}")

    def left_early(self) -> SaveResult:
        """This result when the app quits before its push could finish: a pending push is abandoned."""
        return replace(self, push_abandoned=self.push_pending)
