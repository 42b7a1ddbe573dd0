"""Each meeting's figures as the history index keeps them: made once per file content, read back without pydantic.

A report, ``stats`` and the stats screen fold every meeting's :class:`~meetingtui.domain.report.MeetingReport`
(time planned and used per team, the segments' over/under). Built from the segments each time, that was
validating every meeting's segment records and running :func:`~meetingtui.domain.report.build_report` over them
on every save's report: most of what a report cost on a big history. The index now keeps the built figures with
each file's rows (:mod:`history_rows`, column ``minutes.figures``), so a save computes them for the file it wrote
only; reading them back is one ``json.loads`` per meeting. Round trip: :func:`figures_of` ∘ :func:`figures_text`
is the identity (tests/unit/test_history_figures.py).
"""

from __future__ import annotations

import json

from meetingtui.domain.agenda import Team
from meetingtui.domain.minutes import SegmentStatus
from meetingtui.domain.report import MeetingReport, SegmentLine, TeamLine

_TEAM = {team.value: team for team in Team}
_STATUS = {status.value: status for status in SegmentStatus}


def figures_text(report: MeetingReport) -> str:
    """``report`` as stored: compact JSON lists (segments, teams, planned, actual, over)."""
    segments = [
        [line.title, line.team.value, line.owner, line.status.value, line.planned, line.actual, line.over]
        for line in report.segments
    ]
    teams = [
        [line.team.value, line.planned, line.actual, line.over, line.share_of_time, line.share_of_plan]
        for line in report.teams
    ]
    return json.dumps([segments, teams, report.planned, report.actual, report.over], ensure_ascii=False)


def figures_of(text: str) -> MeetingReport:
    """The :class:`MeetingReport` stored as ``text`` by :func:`figures_text`."""
    return figures_from(json.loads(text))


def all_figures(texts: list[str]) -> list[MeetingReport]:
    """:func:`figures_of` of each of ``texts``, parsed in one call."""
    return [figures_from(parsed) for parsed in json.loads("[" + ",".join(texts) + "]")]


def figures_from(parsed: list) -> MeetingReport:
    """The :class:`MeetingReport` of :func:`figures_text`'s JSON, parsed."""
    segments, teams, planned, actual, over = parsed
    team, status = _TEAM, _STATUS
    return MeetingReport(
        tuple(SegmentLine(a, team[b], c, status[d], e, f, g) for a, b, c, d, e, f, g in segments),
        tuple(TeamLine(team[a], b, c, d, e, f) for a, b, c, d, e, f in teams),
        planned,
        actual,
        over,
    )
