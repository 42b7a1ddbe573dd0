"""The running meeting's own types: segment states, the clock phase, and journal events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from meetingtui.domain.agenda import SegmentKind, Team

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


@dataclass
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
    bell_rung: bool = False
    proposed_by: str | None = None


@dataclass(frozen=True)
class Event:
    """One change to the meeting, as the journal stores it."""

    op: str
    t: float
    wall: dt.datetime
    args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"op": self.op, "t": self.t, "wall": self.wall.isoformat(), "args": self.args}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        """The inverse of :meth:`to_json`."""
        return cls(data["op"], float(data["t"]), dt.datetime.fromisoformat(data["wall"]), data.get("args", {}))
