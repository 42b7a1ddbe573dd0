"""The running meeting's own types: segment states and the clock phase (its events: :mod:`events`)."""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from meetingtui.domain.agenda import SegmentKind, Team
from meetingtui.domain.lean import mutable

MINUTE = 60


class LiveStatus(StrEnum):
    """A segment's place in the running meeting."""

    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"
    PARKED = "parked"


class Phase(StrEnum):
    """How the current segment is doing against its time."""

    ON_TIME = "on-time"
    WARNING = "warning"
    OVERRUN = "overrun"


@mutable
class LiveSegment:
    """A segment as it runs: the plan, the time spent and the notes."""

    title: str
    team: Team
    planned: int
    owner: str | None = None
    kind: SegmentKind = SegmentKind.STANDARD
    prompts: list[str] = field(default_factory=list)
    status: LiveStatus = LiveStatus.PENDING
    elapsed: float = 0.0
    notes: str = ""
    added: bool = False
    proposed_by: str | None = None
    park_reason: str | None = None
    """Why it was parked (while its status is ``PARKED``)."""
    parked_from: str | None = None
    """The minutes id of the meeting that parked this topic, when it was taken from a parked topic."""
