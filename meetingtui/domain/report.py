"""One computation of a meeting's numbers, shown the same by every view.

Per segment: planned, actual, over/under and status; per team: planned,
actual, share of the time spent and share of the plan; totals. Seconds are
whole (rounded once, by :func:`whole_seconds`, when the live meeting becomes
minutes) and percentages whole (rounded once here, so they add up to 100).
The summary, the Markdown, stats and JSON read these figures; none computes
its own.

Definitions (one vocabulary: ``done``, ``skipped``, ``parked``, ``not-reached``):

* ``planned`` — the segment's time in the plan as it stood at the end
  (``+``/``-`` included); every segment counts, so the plan's total is the
  agenda's total.
* ``actual`` — the time the clock ran on the segment, pauses excluded; time
  spent before a skip or park still counts.
* ``over`` — ``actual − planned`` for a ``done`` segment; ``None`` for a
  segment that was skipped, parked or not reached (its plan was not run, so
  there is nothing to be over or under), and such rows never enter the
  over/under total.
* ``planned``/``actual`` of the whole report are the sums over every segment
  (the balance's 100 %); ``over`` is over the done ones.
* The **Total row** every view shows (:meth:`MeetingReport.total_rows`) adds up:
  plan, actual and over/under over the *same* segments, the done ones, so
  ``actual − plan = over/under``. Skipped, parked and not-reached segments are
  a row of their own below it (their plan and the time spent before leaving
  them, no over/under), so the two rows' plan is the agenda's plan.
* Per team, ``share_of_time`` is the team's part of all the time spent and
  ``share_of_plan`` its part of the plan — two different percentages, and
  labels must say which.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from meetingtui.domain.agenda import Team
from meetingtui.domain.durations import format_signed_duration
from meetingtui.domain.lean import frozen
from meetingtui.domain.minutes import SegmentRecord, SegmentStatus

if TYPE_CHECKING:
    from meetingtui.domain.minutes import Minutes


def whole_seconds(seconds: float) -> int:
    """Elapsed seconds as the minutes keep them: whole seconds, rounded down.

    Down, because the countdown shows ``planned − elapsed`` rounded up: with
    ``actual`` rounded down the two always agree (15.6 s spent of 60 s shows
    ``0:45`` left and is saved as 15 s).
    """
    return max(0, math.floor(seconds + 1e-9))


def countdown_seconds(planned: int, elapsed: float) -> int:
    """What the countdown shows: the plan less the elapsed time *as it will be saved* (negative: over).

    Built on :func:`whole_seconds`, so the screen and the minutes agree by construction: a segment
    that shows ``+0:03`` is saved 3 s over, whatever fraction of a second the clock is at.
    """
    return planned - whole_seconds(elapsed)


@frozen
class SegmentLine:
    """One segment's figures."""

    title: str
    team: Team
    owner: str | None
    status: SegmentStatus
    planned: int
    actual: int
    over: int | None
    """``actual − planned`` when done; ``None`` (shown as ``—``) when skipped, parked or not reached."""


@frozen
class TeamLine:
    """One team's figures; the shares are whole percentages (``None`` when there is nothing to divide)."""

    team: Team
    planned: int
    actual: int
    over: int
    """The sum of this team's done segments' over/under (as the meeting's total)."""
    share_of_time: int | None
    """Percent of all the time spent that went to this team."""
    share_of_plan: int | None
    """Percent of the plan that was this team's."""


@frozen
class TotalLine:
    """A row below the segments: the done ones' total, or the segments not run (shown apart)."""

    label: str
    planned: int
    actual: int
    over: int | None
    """``actual − planned`` for the done segments' total; ``None`` for the row of segments not run."""


NOT_RUN = (SegmentStatus.SKIPPED, SegmentStatus.PARKED, SegmentStatus.NOT_REACHED)


@frozen
class MeetingReport:
    """Every number a meeting shows, computed once."""

    segments: tuple[SegmentLine, ...]
    teams: tuple[TeamLine, ...]
    """Every team, in :class:`Team` order (zero rows included; views may hide them)."""
    planned: int
    actual: int
    over: int
    """The sum of the done segments' over/under."""

    def team(self, team: Team) -> TeamLine:
        """The figures of one team."""
        return next(line for line in self.teams if line.team is team)

    def count(self, status: SegmentStatus) -> int:
        """How many segments ended with ``status``."""
        return sum(1 for line in self.segments if line.status is status)

    def total_rows(self) -> tuple[TotalLine, ...]:
        """The rows under the segments, as every view shows them: ``Total`` over the done segments (so it adds
        up), then, when there are any, the segments not run apart (``Not run: 1 skipped, 2 not-reached``)."""
        done = [line for line in self.segments if line.status is SegmentStatus.DONE]
        planned, actual = sum(line.planned for line in done), sum(line.actual for line in done)
        rows = [TotalLine("Total", planned, actual, actual - planned)]
        rest = [line for line in self.segments if line.status is not SegmentStatus.DONE]
        if rest:
            counts = ", ".join(f"{self.count(status)} {status.value}" for status in NOT_RUN if self.count(status))
            rows.append(
                TotalLine(
                    f"Not run: {counts}", sum(line.planned for line in rest), sum(line.actual for line in rest), None
                )
            )
        return tuple(rows)

    def to_json(self) -> dict[str, Any]:
        """The figures for JSON output: seconds and whole percentages, keys named as in the minutes' TOML."""
        return {
            "segments": [
                {
                    "title": line.title,
                    "team": line.team.value,
                    "owner": line.owner,
                    "status": line.status.value,
                    "planned_seconds": line.planned,
                    "actual_seconds": line.actual,
                    "over_seconds": line.over,
                }
                for line in self.segments
            ],
            "teams": [
                {
                    "team": line.team.value,
                    "planned_seconds": line.planned,
                    "actual_seconds": line.actual,
                    "over_seconds": line.over,
                    "share_of_plan_percent": line.share_of_plan,
                    "share_of_time_percent": line.share_of_time,
                }
                for line in self.teams
            ],
            "planned_seconds": self.planned,
            "actual_seconds": self.actual,
            "over_seconds": self.over,
        }


def build_report(segments: Iterable[SegmentRecord]) -> MeetingReport:
    """The figures of a meeting from its segment records (the minutes' ``[[segments]]``)."""
    lines = tuple(
        SegmentLine(
            title=s.title,
            team=s.team,
            owner=s.owner,
            status=s.status,
            planned=s.planned_seconds,
            actual=s.actual_seconds,
            over=s.actual_seconds - s.planned_seconds if s.status is SegmentStatus.DONE else None,
        )
        for s in segments
    )
    teams = tuple(Team)
    planned = [sum(line.planned for line in lines if line.team is team) for team in teams]
    actual = [sum(line.actual for line in lines if line.team is team) for team in teams]
    over = [sum(line.over for line in lines if line.team is team and line.over is not None) for team in teams]
    time_shares, plan_shares = whole_percentages(actual), whole_percentages(planned)
    return MeetingReport(
        segments=lines,
        teams=tuple(
            TeamLine(team, planned[i], actual[i], over[i], time_shares[i], plan_shares[i])
            for i, team in enumerate(teams)
        ),
        planned=sum(planned),
        actual=sum(actual),
        over=sum(line.over for line in lines if line.over is not None),
    )


def minutes_report(minutes: Minutes) -> MeetingReport:
    """The figures of saved (or about to be saved) minutes."""
    return build_report(minutes.segments)


class RecordsSegments(Protocol):
    """What a live meeting's report needs of it (:class:`~meetingtui.domain.meeting.Meeting` has it)."""

    def segment_records(self) -> list[SegmentRecord]: ...


def meeting_report(meeting: RecordsSegments) -> MeetingReport:
    """The figures of a meeting as it stands (live screen, summary): exactly what saving it now would write.

    Cheap enough to call on every tick: only the segment records, built as :meth:`Meeting.to_minutes` builds them,
    not whole minutes with every captured item validated again.
    """
    return build_report(meeting.segment_records())


def format_over(over: int | None) -> str:
    """An over/under cell as every view shows it: ``+1m20s``, ``-30s``, ``±0``; ``—`` for a segment not run out."""
    return "—" if over is None else format_signed_duration(over)


def format_share(share: int | None) -> str:
    """A whole percentage as every view shows it: ``38%``; ``—`` when there is nothing to divide."""
    return "—" if share is None else f"{share}%"


def whole_percentages(values: Sequence[int | float]) -> list[int | None]:
    """Each value's share of their sum in whole percent, adding up to exactly 100 (largest remainder).

    ``None`` for every value when the sum is zero: there is no share to show.
    """
    total = sum(values)
    if total <= 0:
        return [None] * len(values)
    exact = [value * 100 / total for value in values]
    shares = [math.floor(share) for share in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: 100 - sum(shares)]:
        shares[i] += 1
    return list(shares)
