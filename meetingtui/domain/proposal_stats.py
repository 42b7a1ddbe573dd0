"""Proposal figures for ``stats``: how many each team proposed, how many were taken or declined, time given.

"Time given" is the agenda time one team's meeting gave a topic of the other:
a proposal taken by a meeting whose facilitator is on one team (sales or
marketing) and whose topic belongs to the other counts, with the planned and
actual time of the segment it became, as given by the facilitator's team to
the topic's team.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from meetingtui.domain.agenda import Team
from meetingtui.domain.proposals import Outcome, StoredProposal


@dataclass(frozen=True)
class TeamProposals:
    """One team's proposals (by the proposal's team) and what became of them."""

    team: str
    proposed: int = 0
    taken: int = 0
    declined: int = 0
    withdrawn: int = 0
    open: int = 0


@dataclass(frozen=True)
class TimeGiven:
    """Agenda time one team's meetings gave the other team's proposals."""

    from_team: str
    to_team: str
    proposals: int = 0
    planned_seconds: int = 0
    actual_seconds: int = 0


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
    counts = {team: dict.fromkeys(("proposed", "taken", "declined", "withdrawn", "open"), 0) for team in Team}
    pairs = ((Team.SALES, Team.MARKETING), (Team.MARKETING, Team.SALES))
    given = {pair: [0, 0, 0] for pair in pairs}
    for stored in proposals:
        team, outcome = stored.proposal.team, outcomes.get(stored.id)
        counts[team]["proposed"] += 1
        if outcome is not None:
            counts[team][outcome.kind] += 1
        elif stored.proposal.withdrawn:
            counts[team]["withdrawn"] += 1
        else:
            counts[team]["open"] += 1
        if outcome is not None and outcome.kind == "taken" and (outcome.given_by, team) in given:
            figures = given[(outcome.given_by, team)]
            figures[0] += 1
            figures[1] += outcome.planned_seconds
            figures[2] += outcome.actual_seconds
    return ProposalStats(
        tuple(TeamProposals(team.value, **counts[team]) for team in Team),
        tuple(TimeGiven(a.value, b.value, *given[(a, b)]) for a, b in pairs),
    )
