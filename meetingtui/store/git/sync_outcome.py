"""How an update from the team's remote ended, as a type: light enough to import before the first frame."""

from __future__ import annotations

from enum import StrEnum


class SyncOutcome(StrEnum):
    """How an update before a meeting (or ``sync``) ended: what screens and commands decide by, never the text."""

    NO_REMOTE = "no-remote"
    """The repository has no remote: its history is its own."""
    CURRENT = "current"
    """Fetched, and everything the remote has is here now (or it had nothing new)."""
    NOT_UPDATED = "not-updated"
    """Reached (or not tried), but the remote's commits did not come in: ``message`` says why."""
    OFFLINE = "offline"
    """The remote was not reached."""
