"""Stats that answer "are we aligned?": cadence kept, time shared, promises kept. Pure."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from meetingtui.domain.agenda import CADENCE_DAYS, Team
from meetingtui.domain.history import History, MeetingFacts
from meetingtui.domain.minutes import ActionStatus
from meetingtui.domain.report import MeetingReport, build_report, whole_percentages

UNASSIGNED = "unassigned"
"""The team key of actions that name no team."""

RECENT_WEEKS = 26


@dataclass(frozen=True)
class CadenceStats:
    """How well one agenda kept its cadence.

    A period (ISO week, fortnight from the first meeting's week, calendar month
    or quarter) is *missed* when it is over and had no meeting of this agenda.
    ``inferred`` is true when the cadence was guessed from the typical gap
    between meetings because no template said.
    """

    agenda: str
    cadence: str | None
    inferred: bool
    meetings: int
    first: dt.date
    last: dt.date
    days_since_last: int
    periods: int
    missed: tuple[str, ...]
    per_month: tuple[tuple[str, int], ...]


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

    team: str
    created: int
    done: int
    dropped: int
    open: int
    overdue: int
    completion_rate: float | None
    median_days_to_close: float | None


@dataclass(frozen=True)
class ConcernFlow:
    """How many concerns one team raised with another."""

    from_team: str
    to_team: str
    count: int


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

    def to_json(self) -> dict:
        """A JSON-ready dict: dates as ISO strings, pairs as small objects."""
        data = asdict(self)
        data["per_month"] = [{"month": month, "meetings": n} for month, n in self.per_month]
        data["per_week"] = [{"week": week, "meetings": n} for week, n in self.per_week]
        for item in data["cadence"]:
            item["per_month"] = [{"month": month, "meetings": n} for month, n in item["per_month"]]
            item["missed"] = list(item["missed"])
        return _iso(data)


def compute_stats(history: History, today: dt.date, cadences: Mapping[str, str | None] | None = None) -> Stats:
    """Figures for ``history`` as of ``today``; ``cadences`` maps agenda names to their template's cadence."""
    meetings = [m for m in history.meetings if m.date <= today]
    dates = [m.date for m in meetings]
    first, last = (min(dates), max(dates)) if dates else (None, None)
    known = {name.casefold(): cadence for name, cadence in (cadences or {}).items()}
    reports = [build_report(m.segments) for m in meetings]  # once per meeting, for time and overruns
    return Stats(
        today=today,
        meetings=len(meetings),
        first=first,
        last=last,
        per_month=_per_month(dates, first, today),
        per_week=_per_week(dates, today),
        cadence=_cadence(meetings, known, today),
        time=_time(reports),
        overruns=_overruns(reports),
        actions=tuple(_team_actions(history, today, team) for team in [*Team, UNASSIGNED]),
        actions_total=_team_actions(history, today, None),
        concerns=_concerns(history),
    )


def _months(start: dt.date, end: dt.date) -> list[str]:
    year, month, labels = start.year, start.month, []
    while (year, month) <= (end.year, end.month):
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def _per_month(dates: list[dt.date], first: dt.date | None, today: dt.date) -> tuple[tuple[str, int], ...]:
    if first is None:
        return ()
    counts = Counter(f"{d.year:04d}-{d.month:02d}" for d in dates)
    return tuple((label, counts[label]) for label in _months(first, today))


def _week_label(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _per_week(dates: list[dt.date], today: dt.date) -> tuple[tuple[str, int], ...]:
    """The last :data:`RECENT_WEEKS` ISO weeks up to ``today``'s, zeros included."""
    counts = Counter(_week_label(d) for d in dates)
    monday = today - dt.timedelta(days=today.weekday())
    weeks = [monday - dt.timedelta(weeks=n) for n in range(RECENT_WEEKS - 1, -1, -1)]
    return tuple((_week_label(w), counts[_week_label(w)]) for w in weeks)


def _period_start(date: dt.date, cadence: str, anchor: dt.date) -> dt.date:
    if cadence == "weekly":
        return date - dt.timedelta(days=date.weekday())
    if cadence == "biweekly":
        return anchor + dt.timedelta(days=(date - anchor).days // 14 * 14)
    if cadence == "monthly":
        return date.replace(day=1)
    return date.replace(month=(date.month - 1) // 3 * 3 + 1, day=1)


def _next_period(start: dt.date, cadence: str) -> dt.date:
    if cadence in ("weekly", "biweekly"):
        return start + dt.timedelta(days=7 if cadence == "weekly" else 14)
    step = 1 if cadence == "monthly" else 3
    month = start.month - 1 + step
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def _period_label(start: dt.date, cadence: str) -> str:
    if cadence == "weekly":
        return _week_label(start)
    if cadence == "monthly":
        return f"{start.year:04d}-{start.month:02d}"
    if cadence == "quarterly":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    return start.isoformat()


def infer_cadence(dates: list[dt.date]) -> str | None:
    """The cadence nearest the median gap between distinct meeting days (needs three meetings)."""
    days = sorted(set(dates))
    if len(days) < 3:
        return None
    gap = statistics.median((b - a).days for a, b in itertools.pairwise(days))
    return min(CADENCE_DAYS, key=lambda name: abs(CADENCE_DAYS[name] - gap) / CADENCE_DAYS[name])


def _cadence(meetings: list[MeetingFacts], known: Mapping[str, str | None], today: dt.date) -> tuple:
    by_agenda: dict[str, list[dt.date]] = defaultdict(list)
    for meeting in meetings:
        by_agenda[meeting.agenda].append(meeting.date)
    result = []
    for agenda, dates in sorted(by_agenda.items()):
        cadence, inferred = known.get(agenda.casefold()), False
        if cadence is None:
            cadence = infer_cadence(dates)
            inferred = cadence is not None
        first, last = min(dates), max(dates)
        periods, missed = 0, []
        if cadence is not None:
            anchor = first - dt.timedelta(days=first.weekday())
            held = {_period_start(d, cadence, anchor) for d in dates}
            start = _period_start(first, cadence, anchor)
            while start <= today:
                end = _next_period(start, cadence)
                if start in held or end <= today:  # the running period is no gap yet
                    periods += 1
                    if start not in held:
                        missed.append(_period_label(start, cadence))
                start = end
        result.append(
            CadenceStats(
                agenda,
                cadence,
                inferred,
                len(dates),
                first,
                last,
                (today - last).days,
                periods,
                tuple(missed),
                _per_month(dates, first, today),
            )
        )
    return tuple(result)


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


def _team_actions(history: History, today: dt.date, team: Team | str | None) -> TeamActions:
    states = [state.as_of(today) for state in history.actions if state.created <= today]
    if team is not None:
        states = [s for s in states if (s.team.value if s.team else UNASSIGNED) == team]
    status = Counter(s.status for s in states)
    closed = [s.days_to_close for s in states if s.days_to_close is not None]
    return TeamActions(
        team=str(team) if team is not None else "all",
        created=len(states),
        done=status[ActionStatus.DONE],
        dropped=status[ActionStatus.DROPPED],
        open=status[ActionStatus.OPEN],
        overdue=sum(s.overdue for s in states),
        completion_rate=status[ActionStatus.DONE] / len(states) if states else None,
        median_days_to_close=statistics.median(closed) if closed else None,
    )


def _concerns(history: History) -> tuple[ConcernFlow, ...]:
    """Sales → marketing and marketing → sales always; any other direction that occurs after them."""
    counts = Counter(
        (e.item.from_team.value, e.item.to_team.value)
        for e in history.concern_log
        if e.item.from_team and e.item.to_team  # a concern without a direction counts in no flow
    )
    main = [("sales", "marketing"), ("marketing", "sales")]
    others = sorted(pair for pair in counts if pair not in main)
    return tuple(ConcernFlow(a, b, counts[(a, b)]) for a, b in [*main, *others])


def _iso(value):
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
