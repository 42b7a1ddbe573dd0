"""The sections of the alignment report (``meetingtui report``): each a chart, then the table it was drawn from.

Every figure comes from :class:`~meetingtui.domain.stats.Stats` (the numbers
``stats`` prints); user text goes through :func:`~meetingtui.store.markdown.escape_text`
and chart labels through :func:`~meetingtui.store.mermaid.mermaid_label`.
Tables of periods and meetings list the newest first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from meetingtui.domain.agenda import TEAM_LABELS, Team
from meetingtui.domain.concern_stats import TEAM_UNKNOWN, UNKNOWN
from meetingtui.domain.durations import format_duration, format_signed_duration
from meetingtui.domain.history import ActionState
from meetingtui.domain.report import format_share
from meetingtui.domain.stats import ActionsRow, Stats
from meetingtui.store.markdown import escape_text
from meetingtui.store.mermaid import bar_chart, pie_chart

MONTHS_SHOWN = 36
_FIGURE = re.compile(r"[+±-]?[0-9][0-9hms.%]*")
TEAMS = tuple(team.value for team in Team)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GFM table; text cells escaped, numbers as they are; ``_None._`` when there are no rows."""
    body = ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    if not body:
        return "_None._"
    return "\n".join(["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers), *body])


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, _Raw):
        return value  # our own link
    if isinstance(value, str):
        return _text_cell(value)
    return str(value)


@functools.lru_cache(maxsize=8192)
def _text_cell(text: str) -> str:
    """A text cell (a plain ``str``), made once per text: the per-meeting tables repeat dates, titles, agendas and
    times (25,000 cells at 2,000 meetings, most of them seen before). A figure such as +1h5m, 73%, 6.5 as it is,
    other text escaped."""
    if _FIGURE.fullmatch(text):
        return text
    return escape_text(text, " ", autolinks=False) or "—"


def team_name(team: str) -> str:
    """``Sales``, ``Marketing``, ``Joint``; ``Team unknown`` for ``unassigned`` and ``unknown``; ``all`` as it is."""
    if team in (ActionsRow.UNASSIGNED, UNKNOWN):
        return TEAM_UNKNOWN.capitalize()
    return TEAM_LABELS[Team(team)] if team in TEAMS else team


def percent(value: float | None) -> str | None:
    """A rate as ``stats`` prints it: ``73%``."""
    return None if value is None else f"{value:.0%}"


def days(value: float | None) -> str | None:
    """A median number of days: ``4``, ``6.5``."""
    return None if value is None else f"{value:g}"


def cadence(stats: Stats) -> str:
    """Meetings per month, per agenda against its cadence, and the gaps longer than the cadence."""
    months = stats.per_month[-MONTHS_SHOWN:]
    chart = bar_chart("Meetings per month", [m for m, _ in months], [n for _, n in months], "Meetings")
    per_month = table(["Month", "Meetings"], reversed(months))
    agendas = table(
        ["Agenda", "Cadence", "Meetings", "Periods", "Missed", "First", "Last", "Days since"],
        [
            (
                c.agenda,
                (c.cadence or "none") + (" (guessed)" if c.inferred else ""),
                c.meetings,
                c.periods if c.cadence else None,
                len(c.missed) if c.cadence else None,
                c.first.isoformat(),
                c.last.isoformat(),
                c.days_since_last,
            )
            for c in stats.cadence
        ],
    )
    by_agenda = bar_chart(
        "Meetings per agenda",
        [c.agenda for c in stats.cadence],
        [c.meetings for c in stats.cadence],
        "Meetings",
        wide=True,
    )
    gaps = sorted(
        ((gap.after, gap.until, c.agenda, c.cadence, gap.days) for c in stats.cadence for gap in c.gaps),
        key=lambda row: (row[1] or stats.today, row[0], row[2]),
        reverse=True,
    )
    gap_table = table(
        ["From", "To", "Agenda", "Cadence", "Days"],
        [
            (a.isoformat(), b.isoformat() if b else f"{stats.today.isoformat()} (still open)", g, c, d)
            for a, b, g, c, d in gaps
        ],
    )
    shown = f"last {len(months)} months" if len(stats.per_month) > len(months) else "every month"
    return "\n\n".join(
        [
            "## Cadence",
            f"Meetings per month ({shown}, newest first in the table).",
            *([chart] if chart else []),
            per_month,
            "Meetings per agenda against the agenda's cadence (a missed period is one that is over and had none):",
            *([by_agenda] if by_agenda else []),
            agendas,
            "Gaps between meetings longer than the cadence (weekly 7 days, biweekly 14, monthly 31, quarterly 92):",
            gap_table,
        ]
    )


def time_given(stats: Stats) -> str:
    """Time planned and used per team, in total and per meeting; time asked for through proposals and granted."""
    chart = pie_chart(
        "Agenda time used per team (seconds)", [(team_name(t.team), t.actual_seconds) for t in stats.time]
    )
    totals = table(
        ["Team", "Planned", "Share of plan", "Used", "Share of time", "Over/under", "Seconds used"],
        [
            (
                team_name(t.team),
                format_duration(t.planned_seconds),
                format_share(t.share_of_plan),
                format_duration(t.actual_seconds),
                format_share(t.share_of_time),
                format_signed_duration(t.over_seconds),
                t.actual_seconds,
            )
            for t in stats.time
        ],
    )
    parts = [
        "## Time given",
        "Agenda time planned and used per team, all meetings:",
        *([chart] if chart else []),
        totals,
    ]
    if stats.proposals is not None:
        parts += [
            "Time one team's meetings gave the other team's proposals (by the facilitator's team): asked is "
            "what the proposals a meeting took or declined asked for, granted the planned time of the segments "
            "the taken ones became:",
            table(
                ["Given by", "To", "Decided", "Taken", "Asked", "Granted", "Used", "Granted of asked"],
                [
                    (
                        team_name(g.from_team),
                        team_name(g.to_team),
                        g.decided,
                        g.proposals,
                        format_duration(g.asked_seconds),
                        format_duration(g.planned_seconds),
                        format_duration(g.actual_seconds),
                        f"{g.planned_seconds * 100 // g.asked_seconds}%" if g.asked_seconds else None,
                    )
                    for g in stats.proposals.given
                ],
            ),
            "Time asked for through proposals, per proposing team:",
            table(
                ["Team", "Proposals", "Asked", "Granted", "Used"],
                [
                    (
                        team_name(t.team),
                        t.proposed,
                        format_duration(t.asked_seconds),
                        format_duration(t.granted_seconds),
                        format_duration(t.used_seconds),
                    )
                    for t in stats.proposals.teams
                ],
            ),
        ]
    headers = ["Date", "Meeting", *(team_name(t) for t in TEAMS)]
    rows = [
        (
            line.date.isoformat(),
            line.title,
            *(f"{format_duration(t.planned_seconds)} / {format_duration(t.actual_seconds)}" for t in line.teams),
        )
        for line in stats.per_meeting
    ]
    parts += ["Per meeting, newest first (planned / used):", table(headers, rows)]
    return "\n\n".join(parts)


def concerns(stats: Stats) -> str:
    """Concerns raised per direction, how many led to an action, how many are closed."""
    label = {f.from_team + f.to_team: _direction(f.from_team, f.to_team) for f in stats.concerns}
    chart = pie_chart(
        "Concerns raised, by direction", [(label[f.from_team + f.to_team], f.count) for f in stats.concerns]
    )
    rows = [
        (label[f.from_team + f.to_team], f.count, f.led_to_action, f.closed, days(f.median_days_to_close))
        for f in stats.concerns
    ]
    return "\n\n".join(
        [
            "## Concerns, out loud",
            "A concern led to an action when its meeting captured an action in the same segment; it is closed when "
            "all those actions are done or dropped, counted in days from its meeting to the minutes that closed "
            "the last.",
            *([chart] if chart else []),
            table(["Direction", "Raised", "Led to an action", "Closed", "Median days to close"], rows),
        ]
    )


def _direction(from_team: str, to_team: str) -> str:
    if from_team == to_team == UNKNOWN:
        return "Direction unknown"
    return f"{team_name(from_team)} → {team_name(to_team)}"


def promises(stats: Stats, overdue: Sequence[ActionState], links: Mapping[str, str | None]) -> str:
    """Actions per team: opened, closed, completion, days to close; the overdue list linked to its minutes."""
    teams = [a for a in (*stats.actions, stats.actions_total) if a.created or a.is_total]
    chart = bar_chart(
        "Actions done, % of opened",
        [team_name(a.team) for a in teams],
        [round((a.completion_rate or 0) * 100) for a in teams],
        "Percent",
        top=100,
    )
    rows = [
        (
            team_name(a.team),
            a.created,
            a.done + a.dropped,
            a.done,
            a.dropped,
            a.open,
            a.overdue,
            percent(a.completion_rate),
            days(a.median_days_to_close),
        )
        for a in teams
    ]
    overdue_rows = [
        (
            s.original.due.isoformat() if s.original.due else None,
            s.owner,
            team_name(s.team.value) if s.team else None,
            s.original.text,
            _minutes_link(s.minutes, links.get(s.minutes)),
        )
        for s in overdue
    ]
    headers = ["Team", "Opened", "Closed", "Done", "Dropped", "Open", "Overdue", "Completion", "Median days to close"]
    return "\n\n".join(
        [
            "## Promises kept",
            "Actions per team (the current owner's team); completion is done ÷ opened:",
            *([chart] if chart else []),
            table(headers, rows),
            f"Overdue on {stats.today.isoformat()}, most overdue first:",
            table(["Due", "Owner", "Team", "Action", "Minutes"], overdue_rows),
        ]
    )


class _Raw(str):
    """A cell that is Markdown already (a link we built), not user text."""


def _minutes_link(minutes_id: str, href: str | None) -> str:
    text = escape_text(minutes_id, " ", autolinks=False)
    return _Raw(f"[{text}]({href})" if href else text)


def proposals(stats: Stats) -> str:
    """Proposals per team: proposed, taken, declined, withdrawn, still open."""
    if stats.proposals is None:
        return ""
    rows = [(team_name(t.team), t.proposed, t.taken, t.declined, t.withdrawn, t.open) for t in stats.proposals.teams]
    return "\n\n".join(["## Proposals", table(["Team", "Proposed", "Taken", "Declined", "Withdrawn", "Open"], rows)])


def attendance(stats: Stats) -> str:
    """Attendance per team against the roster, in total and per meeting."""
    chart = bar_chart(
        "Attendance, % of the roster",
        [team_name(a.team) for a in stats.attendance if a.rate_percent is not None],
        [a.rate_percent or 0 for a in stats.attendance if a.rate_percent is not None],
        "Percent",
        top=max([100, *(a.rate_percent or 0 for a in stats.attendance)]),
    )
    totals = table(
        ["Team", "On the roster", "Meetings", "Present (sum)", "Present (average)", "Of the roster"],
        [
            (
                team_name(a.team),
                a.roster,
                a.meetings,
                a.present,
                None if a.average_present is None else f"{a.average_present:.1f}",
                None if a.rate_percent is None else f"{a.rate_percent}%",
            )
            for a in stats.attendance
        ],
    )
    roster = {a.team: a.roster for a in stats.attendance}
    rows = [
        (line.date.isoformat(), line.title, *(f"{t.present} of {roster.get(t.team, 0)}" for t in line.teams))
        for line in stats.per_meeting
    ]
    headers = ["Date", "Meeting", *(f"{team_name(t)} present" for t in TEAMS)]
    return "\n\n".join(
        [
            "## Attendance",
            "People marked present per team, against the roster in people.toml:",
            *([chart] if chart else []),
            totals,
            "Per meeting, newest first:",
            table(headers, rows),
        ]
    )
