"""Proposals decided in a meeting whose facilitator's team is not known are a row of their own, not left out."""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.agenda import Team
from meetingtui.domain.proposal_stats import proposal_stats
from meetingtui.domain.proposals import Outcome, Proposal, StoredProposal

AT = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def stored(name: str, team: Team) -> StoredProposal:
    proposal = Proposal(title=name, agenda="weekly-sync", team=team, minutes=10, proposed_by="Kim", proposed_at=AT)
    return StoredProposal(f"weekly-sync/{name}", proposal)


def test_time_given_by_an_unknown_team_is_its_own_row_and_only_when_it_occurs() -> None:
    proposals = [stored("a", Team.SALES), stored("b", Team.SALES), stored("c", Team.MARKETING)]
    outcomes = {
        "weekly-sync/a": Outcome("weekly-sync/a", "taken", "m1", AT.date(), "A", None, 600, 660, None),
        "weekly-sync/b": Outcome("weekly-sync/b", "declined", "m1", AT.date(), given_by=None),
        "weekly-sync/c": Outcome("weekly-sync/c", "taken", "m2", AT.date(), "C", None, 300, 300, Team.SALES),
    }
    given = {(g.from_team, g.to_team): g for g in proposal_stats(proposals, outcomes).given}
    assert list(given) == [("sales", "marketing"), ("marketing", "sales"), ("unknown", "sales")]
    unknown = given[("unknown", "sales")]
    assert (unknown.decided, unknown.proposals, unknown.planned_seconds, unknown.asked_seconds) == (2, 1, 600, 1200)
    assert given[("sales", "marketing")].proposals == 1

    known_only = proposal_stats(proposals[2:], {"weekly-sync/c": outcomes["weekly-sync/c"]}).given
    assert [(g.from_team, g.to_team) for g in known_only] == [("sales", "marketing"), ("marketing", "sales")]
