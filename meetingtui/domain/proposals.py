"""Proposals: topics anyone puts on the next meeting of an agenda, and which of them are still open.

A proposal is a small file of its own (``proposals/<agenda>/<date>-<slug>.toml``).
Whether it is still open is never written into that file: it is folded from the
minutes, as open actions are — a proposal is closed once some minutes list it
under ``[[proposals_taken]]`` or ``[[proposals_declined]]``. Withdrawing is the
proposer's own act and is recorded in the proposal file itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from meetingtui.domain.agenda import Team
from meetingtui.domain.roster import Roster
from meetingtui.domain.terminal_text import no_nul

MAX_MINUTES = 60


class Proposal(BaseModel):
    """One proposed topic, as written in its TOML file."""

    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)

    _no_nul = field_validator("*", mode="before")(no_nul)

    id: str | None = Field(default=None, min_length=1, max_length=200)
    """The permanent id (:mod:`~meetingtui.domain.ids`); files written before ids were permanent have none."""
    title: str = Field(min_length=1, max_length=200)
    agenda: str = Field(min_length=1)
    team: Team
    minutes: int = Field(ge=1, le=MAX_MINUTES)
    owner: str | None = Field(default=None, max_length=100)
    note: str | None = None
    proposed_by: str = Field(min_length=1, max_length=100)
    proposed_at: AwareDatetime
    withdrawn: bool = False
    withdrawn_at: AwareDatetime | None = None
    withdrawn_by: str | None = Field(default=None, max_length=100)
    withdrawn_reason: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Proposal:
        if self.withdrawn and self.withdrawn_at is None:
            raise ValueError(
                "withdrawn_at: a withdrawn proposal says when — add withdrawn_at, or set withdrawn = false"
            )
        return self

    def to_document(self) -> dict:
        """A TOML-ready dict: plain values, missing ones left out."""
        data = self.model_dump(mode="python", exclude_none=True)
        data["team"] = self.team.value
        if not self.withdrawn:
            del data["withdrawn"]
        return data


@dataclass(frozen=True)
class StoredProposal:
    """A proposal with its id (the one in its file, else its file id ``<agenda>/<name>``) and its file."""

    id: str
    proposal: Proposal
    path: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What some minutes did with a proposal: ``taken`` or ``declined``."""

    proposal: str
    kind: str
    minutes: str
    date: dt.date
    segment: str | None = None
    reason: str | None = None
    planned_seconds: int = 0
    """Of the segment a taken proposal became (0 when the minutes do not have it)."""
    actual_seconds: int = 0
    given_by: Team | None = None
    """The team of the facilitator whose meeting took it up (took or declined it): who was asked for the time."""


@dataclass(frozen=True)
class OpenProposal:
    """A proposal still waiting for a meeting, with its age."""

    id: str
    proposal: Proposal
    age_days: int

    def named_by(self, roster: Roster) -> OpenProposal:
        """This proposal with its owner and proposer as ``roster`` names them (as typed when ambiguous or unknown)."""
        names = {"proposed_by": roster.canonical(self.proposal.proposed_by)}
        if self.proposal.owner:
            names["owner"] = roster.canonical(self.proposal.owner)
        return replace(self, proposal=self.proposal.model_copy(update=names))


def open_proposals(
    proposals: Iterable[StoredProposal],
    outcomes: Mapping[str, Outcome],
    today: dt.date,
    agenda: str | None = None,
) -> list[OpenProposal]:
    """Proposals neither withdrawn nor taken nor declined by any minutes, oldest first (of ``agenda`` when given)."""
    wanted = agenda.strip().casefold() if agenda else None
    result = []
    for stored in proposals:
        item = stored.proposal
        if item.withdrawn or stored.id in outcomes:
            continue
        if wanted is not None and item.agenda.casefold() != wanted:
            continue
        age = max(0, (today - item.proposed_at.date()).days)
        result.append(OpenProposal(stored.id, item, age))
    result.sort(key=lambda open_: (open_.proposal.proposed_at, open_.id))
    return result


def minutes_asked(proposals: Iterable[OpenProposal]) -> dict[Team, int]:
    """Minutes asked for, per team."""
    totals = dict.fromkeys(Team, 0)
    for item in proposals:
        totals[item.proposal.team] += item.proposal.minutes
    return totals
