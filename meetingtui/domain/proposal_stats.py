"""Proposal figures for ``stats``: how many each team proposed, how many were taken or declined, time given.

"Time given" is the agenda time one team's meeting gave a topic of the other:
a proposal taken by a meeting whose facilitator is on one team (sales or
marketing) and whose topic belongs to the other counts, with the planned and
actual time of the segment it became, as given by the facilitator's team to
the topic's team. A meeting whose facilitator's team is not known gives as
``unknown`` (a row of its own, shown only when it occurs).

"Time asked" is what proposals ask for (``minutes`` in the file, in seconds);
per direction it counts the proposals a meeting of the other team decided on
(taken or declined), so asked and granted compare like with like. "Granted" is
the planned time of the segments taken proposals became, "used" their actual time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from meetingtui.domain.agenda import Team
from meetingtui.domain.proposals import Outcome, StoredProposal

UNKNOWN_TEAM = "unknown"
"""The giving side of proposals decided in meetings whose facilitator's team is not known (a row of its own)."""

_GIVEN = ("proposals", "planned_seconds", "actual_seconds", "decided", "asked_seconds")
_COUNTS = ("proposed", "taken", "declined", "withdrawn", "open", "asked_seconds", "granted_seconds", "used_seconds")


@dataclass(frozen=True)
class TeamProposals:
    """One team's proposals (by the proposal's team) and what became of them."""

    team: str
    proposed: int = 0
    taken: int = 0
    declined: int = 0
    withdrawn: int = 0
    open: int = 0
    asked_seconds: int = 0
    """Time all of this team's proposals asked for."""
    granted_seconds: int = 0
    """Planned time of the segments its taken proposals became."""
    used_seconds: int = 0
    """Actual time of those segments."""


@dataclass(frozen=True)
class TimeGiven:
    """Agenda time one team's meetings gave the other team's proposals."""

    from_team: str
    to_team: str
    proposals: int = 0
    planned_seconds: int = 0
    actual_seconds: int = 0
    decided: int = 0
    """Proposals of ``to_team`` that meetings of ``from_team`` took or declined."""
    asked_seconds: int = 0
    """The time those proposals asked for."""


@dataclass(frozen=True)
class ProposalStats:
    """Every proposal figure."""

    teams: tuple[TeamProposals, ...]
    given: tuple[TimeGiven, ...]

    @property
    def total(self) -> int:
        """Proposals made, all teams."""
        return sum(team.proposed for team in self.teams)

    def to_json(self) -> dict:
        """A JSON-ready dict."""
        return {"teams": [asdict(team) for team in self.teams], "given": [asdict(given) for given in self.given]}


def proposal_stats(proposals: Iterable[StoredProposal], outcomes: Mapping[str, Outcome]) -> ProposalStats:
    """Count ``proposals`` per team and sum the time given, from what the minutes did with them."""
    counts = {team: dict.fromkeys(_COUNTS, 0) for team in Team}
    pairs: tuple[tuple[Team | None, Team], ...] = ((Team.SALES, Team.MARKETING), (Team.MARKETING, Team.SALES))
    given = {pair: dict.fromkeys(_GIVEN, 0) for pair in pairs}
    for stored in proposals:
        team, outcome, asked = stored.proposal.team, outcomes.get(stored.id), stored.proposal.minutes * 60
        figures = counts[team]
        figures["proposed"] += 1
        figures["asked_seconds"] += asked
        if outcome is not None:
            figures[outcome.kind] += 1
        elif stored.proposal.withdrawn:
            figures["withdrawn"] += 1
        else:
            figures["open"] += 1
        if outcome is not None and outcome.kind == "taken":
            figures["granted_seconds"] += outcome.planned_seconds
            figures["used_seconds"] += outcome.actual_seconds
        if outcome is not None and outcome.given_by is None and team is not Team.JOINT:
            given.setdefault((None, team), dict.fromkeys(_GIVEN, 0))  # shown, not left out
        if outcome is not None and (outcome.given_by, team) in given:
            direction = given[(outcome.given_by, team)]
            direction["decided"] += 1
            direction["asked_seconds"] += asked
            if outcome.kind == "taken":
                direction["proposals"] += 1
                direction["planned_seconds"] += outcome.planned_seconds
                direction["actual_seconds"] += outcome.actual_seconds
    return ProposalStats(
        tuple(TeamProposals(team.value, **counts[team]) for team in Team),
        tuple(TimeGiven(a.value if a else UNKNOWN_TEAM, b.value, **figures) for (a, b), figures in given.items()),
    )
