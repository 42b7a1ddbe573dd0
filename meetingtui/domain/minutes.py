"""Minutes: what a meeting leaves behind. The TOML form of these models is the source of truth."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from meetingtui.domain.agenda import Team
from meetingtui.domain.terminal_text import no_nul

SCHEMA_VERSION = 1


class SegmentStatus(StrEnum):
    """How a segment ended; one vocabulary on the screen, in the files and on the command line.

    ``parked`` (deferred to the next meeting of the agenda) is its own status; minutes written before it
    existed say ``skipped`` for a parked segment and still load.
    """

    DONE = "done"
    SKIPPED = "skipped"
    PARKED = "parked"
    NOT_REACHED = "not-reached"


class ActionStatus(StrEnum):
    """Where an action item stands."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)

    _no_nul = field_validator("*", mode="before")(no_nul)


class Attendee(_Record):
    """A person on the roster of this meeting."""

    name: str = Field(min_length=1)
    team: Team
    present: bool = True


class SegmentRecord(_Record):
    """A segment as it was run."""

    title: str = Field(min_length=1)
    team: Team
    owner: str | None = None
    planned_seconds: int = Field(ge=0)
    actual_seconds: int = Field(ge=0)
    status: SegmentStatus
    notes: str = ""
    proposed_by: str | None = None
    """Who proposed the topic, for a segment made from a proposal (``meetingtui propose``)."""
    parked_from: str | None = None
    """The minutes id of the meeting that parked this topic, for a segment taken from a parked topic."""


class ActionItem(_Record):
    """Something a person promised to do."""

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    owner: str | None = None
    team: Team | None = None
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    segment: str | None = None


class Decision(_Record):
    """Something the room agreed."""

    text: str = Field(min_length=1)
    segment: str | None = None


class Concern(_Record):
    """A problem one team raises with the other."""

    text: str = Field(min_length=1)
    from_team: Team | None = None
    to_team: Team | None = None
    """Both optional: only the text is required (the dialog fills them from the segment's team when it can)."""
    segment: str | None = None


class Insight(_Record):
    """What customers said, and what marketing could make of it."""

    text: str = Field(min_length=1)
    source: str | None = None
    content_idea: str | None = None
    segment: str | None = None


class Parked(_Record):
    """A segment or topic deferred to the next meeting of the same agenda."""

    title: str = Field(min_length=1)
    team: Team
    reason: str | None = None
    planned_seconds: int | None = Field(default=None, ge=0)
    agenda: str | None = None
    """Where it came from: the agenda of the meeting that parked it (missing in older minutes)."""
    minutes_id: str | None = None
    """… that meeting's minutes id …"""
    segment: int | None = Field(default=None, ge=1)
    """… and the segment's position in that meeting's agenda, from 1."""


class ProposalTaken(_Record):
    """A proposal put on this meeting's agenda, and the segment it became."""

    id: str = Field(min_length=1)
    segment: str = Field(min_length=1)


class ProposalDeclined(_Record):
    """A proposal this meeting decided not to take up, and why."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    reason: str | None = None


class ActionUpdate(_Record):
    """A change to an action from earlier minutes; earlier files are never rewritten."""

    id: str = Field(min_length=1)
    text: str | None = None
    """The action's text when it was reviewed, so the minutes read on their own (older files lack it)."""
    status: ActionStatus
    owner: str | None = None
    """The new owner, when the review re-assigned the action."""
    owned_by: str | None = None
    """Who owned the action when it was reviewed, so the minutes say whose it was (older files lack it)."""
    note: str | None = None


class Minutes(_Record):
    """One meeting's minutes."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    agenda: str = Field(min_length=1)
    date: dt.date
    started_at: AwareDatetime
    ended_at: AwareDatetime
    facilitator: str | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    segments: list[SegmentRecord] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    insights: list[Insight] = Field(default_factory=list)
    parked: list[Parked] = Field(default_factory=list)
    proposals_taken: list[ProposalTaken] = Field(default_factory=list)
    proposals_declined: list[ProposalDeclined] = Field(default_factory=list)
    action_updates: list[ActionUpdate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Minutes:
        if self.ended_at < self.started_at:
            raise ValueError("ended_at: is before started_at — check both times and their UTC offsets")
        seen: set[str] = set()
        for index, action in enumerate(self.actions):
            if action.id in seen:
                raise ValueError(f"actions[{index + 1}].id: {action.id!r} is used twice — ids must be unique")
            seen.add(action.id)
        return self

    def to_document(self) -> dict[str, Any]:
        """A TOML-ready dict: native dates and times, empty and missing values left out."""
        data = self.model_dump(mode="python", exclude_none=True)
        for key in (
            "attendees",
            "segments",
            "actions",
            "decisions",
            "concerns",
            "insights",
            "parked",
            "proposals_taken",
            "proposals_declined",
            "action_updates",
        ):
            if not data[key]:
                del data[key]
        return _plain(data)

    def commit_subject(self) -> str:
        """The git commit subject of these minutes: one line, whatever the title holds, ending in the minutes' id.

        The id (date, agenda, nonce) tells apart three same-day meetings of one agenda in ``git log``.
        """
        return f"Minutes: {' '.join(self.title.split())} ({self.id})"

    def action_gaps(self) -> list[tuple[int, str]]:
        """Actions that will be hard to follow up: (index, what is missing: owner, due date or both)."""
        problems = []
        for index, action in enumerate(self.actions):
            missing = [name for name, value in (("owner", action.owner), ("due date", action.due)) if not value]
            if missing:
                problems.append((index, " and ".join(missing)))
        return problems


def _plain(value: Any) -> Any:
    """Enums to their values, recursively, so a TOML writer sees plain types."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
