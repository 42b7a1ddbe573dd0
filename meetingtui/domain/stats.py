"""Stats that answer "are we aligned?": cadence kept, time shared, promises kept. Pure."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum

from meetingtui.domain.agenda import Team
from meetingtui.domain.cadence import (
    CadenceStats,
    Gap,
    cadence_stats,
    infer_cadence,
    per_month,
    per_week,
    week_label,
)
from meetingtui.domain.concern_stats import TEAM_UNKNOWN, ConcernFlow, concern_flows, concern_states
from meetingtui.domain.history import ActionState, History
from meetingtui.domain.meeting_lines import MeetingLine, TeamAttendance, attendance, meeting_lines
from meetingtui.domain.minutes import ActionStatus
from meetingtui.domain.proposal_stats import ProposalStats, proposal_stats
from meetingtui.domain.proposals import StoredProposal
from meetingtui.domain.report import MeetingReport, whole_percentages

__all__ = ["CadenceStats", "ConcernFlow", "Gap", "Scope", "Stats", "compute_stats", "infer_cadence"]


class ActionsRow(StrEnum):
    """The rows of the promises table that are not one team's (the value is what ``--json`` says)."""

    UNASSIGNED = "unassigned"
    """Actions that name no team."""
    ALL = "all"
    """Every team together: the total."""


RowKey = Team | ActionsRow
"""Whose actions a row of the promises table counts: one team's, the unassigned ones, or all."""


def team_words(key: RowKey) -> str:
    """A row's team as people read it: ``sales`` …, ``team unknown`` for actions whose team is not known."""
    return TEAM_UNKNOWN if key == ActionsRow.UNASSIGNED else str(key)


@dataclass(frozen=True)
class Scope:
    """Which meetings the figures cover: from ``since`` on, of ``agenda`` (any case); ``None`` means all.

    Actions and concerns count when the meeting that recorded them is in scope (their later updates
    count wherever they were made); proposals when their agenda matches and they were proposed from ``since`` on.
    """

    since: dt.date | None = None
    agenda: str | None = None

    def holds(self, date: dt.date, agenda: str) -> bool:
        """Whether a meeting of ``agenda`` on ``date`` is in scope."""
        if self.since is not None and date < self.since:
            return False
        return self.agenda is None or agenda.casefold() == self.agenda.strip().casefold()


@dataclass(frozen=True)
class TeamTime:
    """Planned and actual meeting time one team got, and its shares (figures from :mod:`report`).

    ``share`` is the fraction of all actual time; ``share_of_time`` and ``share_of_plan`` are whole
    percentages of the time spent and of the plan, each adding up to 100 over the teams.
    """

    team: str
    planned_seconds: int
    actual_seconds: int
    share: float
    share_of_time: int | None = None
    share_of_plan: int | None = None
    over_seconds: int = 0
    """Over/under of the team's done segments (skipped, parked and not-reached ones left out)."""


@dataclass(frozen=True)
class Overrun:
    """How far a segment (by title) runs over on average when it is run."""

    title: str
    team: str
    runs: int
    average_seconds: float


@dataclass(frozen=True)
class TeamActions:
    """Actions owned by one team (its current team): created, closed, still open.

    ``completion_rate`` is done ÷ created; ``median_days_to_close`` is over the
    actions closed as done or dropped, counted to the minutes that closed them.
    """

    team: RowKey
    """``sales``, ``marketing``, ``joint``, :attr:`ActionsRow.UNASSIGNED`, or :attr:`ActionsRow.ALL` for the total."""
    created: int
    done: int
    dropped: int
    open: int
    overdue: int
    completion_rate: float | None
    median_days_to_close: float | None

    @property
    def is_total(self) -> bool:
        """The row of every team together (:attr:`ActionsRow.ALL`)."""
        return self.team is ActionsRow.ALL


@dataclass(frozen=True)
class Stats:
    """All the figures of ``meetingtui stats`` and the stats screen."""

    today: dt.date
    meetings: int
    first: dt.date | None
    last: dt.date | None
    per_month: tuple[tuple[str, int], ...]
    per_week: tuple[tuple[str, int], ...]
    cadence: tuple[CadenceStats, ...]
    time: tuple[TeamTime, ...]
    overruns: tuple[Overrun, ...]
    actions: tuple[TeamActions, ...]
    actions_total: TeamActions
    concerns: tuple[ConcernFlow, ...]
    per_meeting: tuple[MeetingLine, ...] = ()
    """Every meeting's time and attendance per team, newest first."""
    attendance: tuple[TeamAttendance, ...] = ()
    proposals: ProposalStats | None = None
    scope: Scope = Scope()

    def to_json(self) -> dict:
        """A JSON-ready dict: dates as ISO strings, pairs as small objects.

        One share per figure (``share_of_time``, ``share_of_plan``: whole percent, as every view shows them;
        the fraction ``share`` only draws bars), and no weeks before the first meeting's.
        """
        data = _plain(self)
        data["per_month"] = [{"month": month, "meetings": n} for month, n in data["per_month"]]
        first_week = week_label(self.first) if self.first else None
        data["per_week"] = [
            {"week": week, "meetings": n}
            for week, n in data["per_week"]
            if first_week is not None and week >= first_week
        ]
        for item in data["time"]:
            del item["share"]
        for item in data["cadence"]:
            item["per_month"] = [{"month": month, "meetings": n} for month, n in item["per_month"]]
        return data


def compute_stats(
    history: History,
    today: dt.date,
    cadences: Mapping[str, str | None] | None = None,
    *,
    roster: Mapping[str, Team] | None = None,
    proposals: Iterable[StoredProposal] | None = None,
    scope: Scope = Scope(),
) -> Stats:
    """Figures for ``history`` as of ``today``, for the meetings in ``scope``.

    ``cadences`` maps agenda names to their template's cadence, ``roster`` people's names to their
    teams (``people.toml``), and ``proposals`` are the repository's proposal files.
    """
    meetings = [m for m in history.meetings if m.date <= today and scope.holds(m.date, m.agenda)]
    dates = [m.date for m in meetings]
    first, last = (min(dates), max(dates)) if dates else (None, None)
    known = {name.casefold(): cadence for name, cadence in (cadences or {}).items()}
    reports = [m.figures() for m in meetings]  # once per meeting (kept by the history index), for time and overruns
    in_scope = {m.id for m in meetings}
    actions = [s for s in history.actions if s.created <= today and s.minutes in in_scope]
    concerns = concern_states((e for e in history.concern_log if e.minutes in in_scope), actions)
    states = [state.as_of(today) for state in actions]  # once each, for every row of the promises table
    lines = meeting_lines(meetings, reports)
    wanted = [p for p in proposals or () if _proposal_in_scope(p, scope)] if proposals is not None else None
    return Stats(
        today=today,
        meetings=len(meetings),
        first=first,
        last=last,
        per_month=per_month(dates, first, today),
        per_week=per_week(dates, today),
        cadence=cadence_stats(meetings, known, today),
        time=_time(reports),
        overruns=_overruns(reports),
        actions=tuple(_team_actions(states, row) for row in [*Team, ActionsRow.UNASSIGNED]),
        actions_total=_team_actions(states, ActionsRow.ALL),
        concerns=concern_flows(concerns),
        per_meeting=lines,
        attendance=attendance(lines, roster or {}),
        proposals=proposal_stats(wanted, history.proposal_outcomes) if wanted is not None else None,
        scope=scope,
    )


def _proposal_in_scope(stored: StoredProposal, scope: Scope) -> bool:
    item = stored.proposal
    if scope.since is not None and item.proposed_at.date() < scope.since:
        return False
    return scope.agenda is None or item.agenda.casefold() == scope.agenda.strip().casefold()


def _time(reports: list[MeetingReport]) -> tuple[TeamTime, ...]:
    planned = Counter[Team]()
    actual = Counter[Team]()
    over = Counter[Team]()
    for report in reports:
        for line in report.teams:
            planned[line.team] += line.planned
            actual[line.team] += line.actual
            over[line.team] += line.over
    teams = tuple(Team)
    total = sum(actual.values())
    of_time = whole_percentages([actual[team] for team in teams])
    of_plan = whole_percentages([planned[team] for team in teams])
    return tuple(
        TeamTime(
            team.value,
            planned[team],
            actual[team],
            share=actual[team] / total if total else 0.0,
            share_of_time=of_time[i],
            share_of_plan=of_plan[i],
            over_seconds=over[team],
        )
        for i, team in enumerate(teams)
    )


def _overruns(reports: list[MeetingReport]) -> tuple[Overrun, ...]:
    """Average (actual − planned) per segment title, over the runs that finished; worst first."""
    runs: dict[str, list[int]] = defaultdict(list)
    names: dict[str, tuple[str, str]] = {}
    for report in reports:
        for line in report.segments:
            if line.over is not None:  # done segments only, as in the minutes' over/under column
                key = line.title.casefold()
                runs[key].append(line.over)
                names[key] = (line.title, line.team.value)  # the latest spelling wins
    overruns = [
        Overrun(names[key][0], names[key][1], len(values), statistics.fmean(values)) for key, values in runs.items()
    ]
    return tuple(sorted(overruns, key=lambda o: (-o.average_seconds, o.title.casefold())))


def _team_actions(states: list[ActionState], row: RowKey) -> TeamActions:
    """The row ``row`` of the promises table, from every action's state as of the figures' day."""
    if row is not ActionsRow.ALL:
        states = [s for s in states if (s.team or ActionsRow.UNASSIGNED) is row]
    status = Counter(s.status for s in states)
    closed = [s.days_to_close for s in states if s.days_to_close is not None]
    return TeamActions(
        team=row,
        created=len(states),
        done=status[ActionStatus.DONE],
        dropped=status[ActionStatus.DROPPED],
        open=status[ActionStatus.OPEN],
        overdue=sum(s.overdue for s in states),
        completion_rate=status[ActionStatus.DONE] / len(states) if states else None,
        median_days_to_close=statistics.median(closed) if closed else None,
    )


def _plain(value):
    """``value`` as JSON-ready data in one pass: dataclasses as dicts of their fields, tuples as lists, dates
    in ISO form. What ``dataclasses.asdict`` and then a pass for the dates gave, without asdict's deep copy of
    every leaf: at 50,000 meetings that pair was most of ``stats --format json``."""
    if isinstance(value, str | int | float | bool | None):
        return value
    names = _FIELDS.get(type(value))
    if names is None and is_dataclass(value):
        names = _FIELDS.setdefault(type(value), tuple(field.name for field in fields(value)))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}
