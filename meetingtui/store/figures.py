"""The repository's figures: the history folded by :func:`~meetingtui.domain.stats.compute_stats` with all it needs.

``stats``, the stats screen and ``report`` call :func:`repo_stats`, so they read
one computation fed the same inputs: the agendas' cadences, the roster
(``people.toml``) and the proposal files.
"""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.errors import InputError
from meetingtui.domain.history import History
from meetingtui.domain.stats import Scope, Stats, compute_stats
from meetingtui.store.agendas import agenda_cadences
from meetingtui.store.proposals_store import load_proposals
from meetingtui.store.repo import MinutesRepo


def repo_stats(
    repo: MinutesRepo, history: History, today: dt.date, scope: Scope | None = None
) -> tuple[Stats, list[str]]:
    """The figures of ``history`` as of ``today``, and warnings about files that could not be read."""
    warnings: list[str] = []
    try:
        roster = {person.name: person.team for person in repo.people.people}
    except InputError as exc:
        warnings.append(f"{exc} (attendance is shown without a roster)")
        roster = {}
    proposals, unreadable = load_proposals(repo)
    warnings += unreadable
    stats = compute_stats(
        history, today, agenda_cadences(repo), roster=roster, proposals=proposals, scope=scope or Scope()
    )
    return stats, warnings
