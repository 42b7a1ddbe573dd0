"""Cadence: how often each agenda met against how often its template says it should. Pure.

A period (ISO week, fortnight from the first meeting's week, calendar month or
quarter) is *missed* when it is over and had no meeting of the agenda; a *gap*
is a stretch between two meetings (or from the last one to today) longer than
the cadence's days.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from meetingtui.domain.agenda import CADENCE_DAYS
from meetingtui.domain.history import MeetingFacts

RECENT_WEEKS = 26


@dataclass(frozen=True)
class Gap:
    """Days between two meetings of an agenda longer than its cadence; ``until`` is ``None`` for the gap still open."""

    after: dt.date
    until: dt.date | None
    days: int


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
    gaps: tuple[Gap, ...] = ()
    """Gaps longer than the cadence's days (weekly 7, biweekly 14, monthly 31, quarterly 92), oldest first."""


def months(start: dt.date, end: dt.date) -> list[str]:
    """``YYYY-MM`` labels of every month from ``start``'s to ``end``'s."""
    year, month, labels = start.year, start.month, []
    while (year, month) <= (end.year, end.month):
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def per_month(dates: list[dt.date], first: dt.date | None, today: dt.date) -> tuple[tuple[str, int], ...]:
    """Meetings per month from ``first``'s month to ``today``'s, zeros included."""
    if first is None:
        return ()
    counts = Counter(f"{d.year:04d}-{d.month:02d}" for d in dates)
    return tuple((label, counts[label]) for label in months(first, today))


def week_label(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year:04d}-W{week:02d}"


def per_week(dates: list[dt.date], today: dt.date) -> tuple[tuple[str, int], ...]:
    """The last :data:`RECENT_WEEKS` ISO weeks up to ``today``'s, zeros included."""
    counts = Counter(week_label(d) for d in dates)
    monday = today - dt.timedelta(days=today.weekday())
    weeks = [monday - dt.timedelta(weeks=n) for n in range(RECENT_WEEKS - 1, -1, -1)]
    return tuple((week_label(w), counts[week_label(w)]) for w in weeks)


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
        return week_label(start)
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


def cadence_stats(meetings: list[MeetingFacts], known: Mapping[str, str | None], today: dt.date) -> tuple:
    """One :class:`CadenceStats` per agenda (by name); ``known`` maps casefolded names to template cadences."""
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
        periods, missed, gaps = 0, [], []
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
            gaps = _gaps(dates, CADENCE_DAYS[cadence], today)
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
                per_month(dates, first, today),
                tuple(gaps),
            )
        )
    return tuple(result)


def _gaps(dates: list[dt.date], limit: int, today: dt.date) -> list[Gap]:
    days = sorted(set(dates))
    gaps = [Gap(a, b, (b - a).days) for a, b in itertools.pairwise(days) if (b - a).days > limit]
    if (today - days[-1]).days > limit:
        gaps.append(Gap(days[-1], None, (today - days[-1]).days))
    return gaps
