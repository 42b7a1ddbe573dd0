"""Per meeting: the time each team planned and used, and who came, against the roster. Pure.

Time figures are the meeting's own (:func:`~meetingtui.domain.report.build_report`),
so a line here shows what that meeting's minutes show. Attendance counts the
attendees marked present per team; the roster is ``people.toml`` as it is now
(the history does not say who was on it back then).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from meetingtui.domain.agenda import Team
from meetingtui.domain.history import MeetingFacts
from meetingtui.domain.report import MeetingReport


@dataclass(frozen=True)
class TeamMeetingLine:
    """One team in one meeting."""

    team: str
    planned_seconds: int
    actual_seconds: int
    present: int


@dataclass(frozen=True)
class MeetingLine:
    """One meeting: its id, agenda and date, and each team's time and attendance (in :class:`Team` order)."""

    id: str
    agenda: str
    title: str
    date: dt.date
    teams: tuple[TeamMeetingLine, ...]


@dataclass(frozen=True)
class TeamAttendance:
    """One team's attendance over the meetings, against its number of people on the roster.

    ``rate_percent`` is present ÷ (roster × meetings) in whole percent (``None`` when the roster
    names nobody of the team); people who come without being on the roster can lift it above 100.
    """

    team: str
    roster: int
    meetings: int
    present: int
    average_present: float | None
    rate_percent: int | None


def meeting_lines(meetings: Sequence[MeetingFacts], reports: Sequence[MeetingReport]) -> tuple[MeetingLine, ...]:
    """One line per meeting, newest first (the fold's order, reversed)."""
    lines = []
    for facts, report in zip(meetings, reports, strict=True):
        teams = tuple(
            TeamMeetingLine(line.team.value, line.planned, line.actual, facts.present.get(line.team, 0))
            for line in report.teams
        )
        lines.append(MeetingLine(facts.id, facts.agenda, facts.title, facts.date, teams))
    return tuple(reversed(lines))


def attendance(lines: Sequence[MeetingLine], roster: Mapping[str, Team]) -> tuple[TeamAttendance, ...]:
    """Attendance per team over ``lines``, against ``roster`` (name → team)."""
    result = []
    for index, team in enumerate(Team):
        listed = sum(1 for member in roster.values() if member is team)
        present = sum(line.teams[index].present for line in lines)
        meetings = len(lines)
        rate = round(present * 100 / (listed * meetings)) if listed and meetings else None
        average = present / meetings if meetings else None
        result.append(TeamAttendance(team.value, listed, meetings, present, average, rate))
    return tuple(result)
