"""What the follower page shows, as one JSON-ready snapshot of the meeting (no Textual, no web framework).

The countdown is not pushed every second: the snapshot carries a clock anchor
(planned seconds, seconds elapsed at the server's time ``at``, running or not)
and the browser counts on from it with its own monotonic clock.
"""

from __future__ import annotations

from typing import Any

from meetingtui.domain.durations import format_clock
from meetingtui.domain.events import CaptureKind
from meetingtui.domain.live import LiveStatus
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import SegmentStatus
from meetingtui.domain.report import format_share, meeting_report, whole_seconds

VERSION = 1
"""Bumped when a field changes meaning; the page shipped with the same server reads it."""


def meeting_state(meeting: Meeting) -> str:
    """``waiting`` (clock never started), ``running``, ``paused`` or ``ended``."""
    if meeting.ended_at is not None or meeting.current is None:
        return "ended" if meeting.ended_at is not None else "paused"
    if meeting.running:
        return "running"
    return "paused" if meeting.started else "waiting"


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """The meeting as followers see it now: segment, clock anchor, agenda, schedule, what was captured."""
    now = meeting.wall_now()
    current = meeting.current
    state = meeting_state(meeting)
    view: dict[str, Any] = {
        "v": VERSION,
        "title": meeting.agenda.title,
        "agenda": meeting.agenda_name,
        "state": state,
        "attendees": sum(1 for a in meeting.attendees if a.present),
        "at": now.timestamp(),
        "utc_offset": now.utcoffset().total_seconds() if now.utcoffset() else 0.0,
        "started_at": meeting.started_at.timestamp() if meeting.started_at else None,
        "scheduled_end": meeting.scheduled_end().timestamp(),
        "current": None,
        "clock": None,
        "pending_after": 0.0,
        "segments": [_segment(meeting, index) for index in range(len(meeting.segments))],
        "captured": {
            kind.value: [item.model_dump(mode="json", exclude_none=True) for item in meeting.items(kind)]
            for kind in CaptureKind
        },
        "teams": None,
        "summary": None,
    }
    if current is not None and state != "ended":
        view["current"] = {
            "index": meeting.index,
            "of": len(meeting.segments),
            "title": current.title,
            "team": current.team.value,
            "owner": current.owner,
            "kind": current.kind.value,
            "prompts": list(current.prompts),
        }
        view["clock"] = {
            "planned": current.planned,
            "elapsed": meeting.elapsed(),
            "running": meeting.running,
            "warn": meeting.agenda.warn_seconds(current.planned),
        }
        # The projected end is now + what is left of this segment + this: the page recomputes it as time passes.
        view["pending_after"] = sum(
            s.planned for s in meeting.segments[meeting.index + 1 :] if s.status is LiveStatus.PENDING
        )
    if state != "ended":
        # Time per team as the balance panel shows it, without the current segment's: the page adds those as they
        # pass (so a snapshot does not change with time alone, and no second is counted twice).
        running = (current.team, whole_seconds(meeting.elapsed())) if current is not None else (None, 0)
        view["teams"] = {
            line.team.value: {
                "planned": line.planned,
                "actual": line.actual - (running[1] if line.team is running[0] else 0),
            }
            for line in meeting_report(meeting).teams
        }
    if state == "ended":
        view["summary"] = summary(meeting)
    return view


def _segment(meeting: Meeting, index: int) -> dict[str, Any]:
    segment = meeting.segments[index]
    actual = whole_seconds(meeting.elapsed(index))  # the minutes' rounding (report.py), as the screen shows it
    status = segment.status.value
    if meeting.ended_at is not None and segment.status in (LiveStatus.CURRENT, LiveStatus.PENDING):
        status = "done" if segment.status is LiveStatus.CURRENT and actual > 0 else "not-reached"
    return {
        "title": segment.title,
        "team": segment.team.value,
        "owner": segment.owner,
        "status": status,
        "planned": segment.planned,
        "actual": actual if status not in ("pending", "not-reached") else None,
    }


def clock_text(seconds: int) -> str:
    """A duration in the page's one style, its countdown's: ``5:17``, ``1:02:03``."""
    return format_clock(max(0, seconds))


def over_text(over: int) -> str:
    """An over/under figure in the countdown's style: ``+0:17`` over, ``-1:00`` under, ``±0:00`` on time."""
    if over == 0:
        return "±0:00"
    return ("+" if over > 0 else "-") + format_clock(abs(over))


def summary(meeting: Meeting) -> dict[str, Any]:
    """The closing numbers, from the report (:func:`meeting_report`): the summary's and the minutes' figures.

    ``text`` fields carry them worded in the page's one unit style (``M:SS``, as its countdown), so the page
    need not round on its own: a segment 17 s over reads ``+0:17``, a skipped one ``skipped``.
    """
    report = meeting_report(meeting)
    started, ended = meeting.started_at, meeting.ended_at
    counts = {status.value: report.count(status) for status in SegmentStatus}
    duration = (ended - started).total_seconds() if started and ended else 0.0
    return {
        "started_at": started.timestamp() if started else None,
        "ended_at": ended.timestamp() if ended else None,
        "duration": duration,
        "duration_text": clock_text(int(duration)),
        "teams": {
            line.team.value: {
                "actual": line.actual,
                "planned": line.planned,
                "over": line.over,
                "share_of_time": line.share_of_time,
                "share_of_plan": line.share_of_plan,
                "text": f"{clock_text(line.actual)} of {clock_text(line.planned)} planned"
                f" ({format_share(line.share_of_time)} of the time)",
            }
            for line in report.teams
        },
        "segments": [
            {
                "title": line.title,
                "team": line.team.value,
                "status": line.status.value,
                "planned_text": clock_text(line.planned),
                "actual_text": clock_text(line.actual),
                "over_text": over_text(line.over) if line.over is not None else line.status.value.replace("-", " "),
            }
            for line in report.segments
        ],
        "counts": {kind.value: len(meeting.items(kind)) for kind in CaptureKind},
        "done": counts["done"],
        "skipped": counts["skipped"],
        "parked": counts["parked"],
        "not_reached": counts["not-reached"],
        "segments_text": ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "none",
    }
