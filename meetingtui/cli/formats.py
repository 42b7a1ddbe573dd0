"""Output of the history commands: plain-text tables, Markdown, JSON records and iCalendar."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from meetingtui.domain import records
from meetingtui.domain.concern_stats import direction_words
from meetingtui.domain.durations import block_bar, format_duration, format_signed_duration
from meetingtui.domain.history import ActionState, DecisionEntry, InsightEntry
from meetingtui.domain.stats import team_words
from meetingtui.domain.terminal_text import visible
from meetingtui.store.markdown import ONE_LINE, escape_text, task_line

if TYPE_CHECKING:
    from meetingtui.domain.concern_stats import ConcernState
    from meetingtui.domain.stats import Stats  # only `stats` needs it; the other commands skip the import

# ---- plain text -----------------------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], right: Iterable[int] = ()) -> str:
    """Columns padded to their widest cell, separated by two spaces; ``right`` lists right-aligned columns."""
    body = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in body)]) for i, h in enumerate(headers)]
    right = set(right)

    def line(cells: Sequence[str]) -> str:
        padded = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(padded).rstrip()

    rule = ["-" * w if h else " " * w for h, w in zip(headers, widths, strict=True)]
    return "\n".join([line(headers), line(rule), *(line(row) for row in body)])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return visible(" ".join(str(value).split()))  # made visible before measuring, so the columns line up


def actions_table(states: Sequence[ActionState]) -> str:
    """Open actions for people: due date first, overdue flagged."""
    if not states:
        return "No open actions."
    rows = [
        (s.original.due, "overdue" if s.overdue else "open", s.owner, s.team, s.age_days, s.id, s.original.text)
        for s in states
    ]
    return table(["due", "status", "owner", "team", "age (d)", "id", "action"], rows, right=[4])


def decisions_table(entries: Sequence[DecisionEntry]) -> str:
    """The decision log for people."""
    if not entries:
        return "No decisions."
    return table(["date", "decision", "minutes"], [(e.date, e.item.text, e.minutes) for e in entries])


def _direction(state: ConcernState) -> str:
    return direction_words(*state.direction)


def _follow_up(state: ConcernState) -> str:
    """``closed``, ``open`` (its actions are not all closed) or ``no action``."""
    return "closed" if state.closed else "open" if state.actions else "no action"


def concerns_table(states: Sequence[ConcernState]) -> str:
    """Concerns for people: who raised it with whom, and whether an action followed."""
    if not states:
        return "No concerns."
    rows = [
        (
            s.entry.date,
            _direction(s),
            s.entry.item.text,
            _follow_up(s),
            ", ".join(a.id for a in s.actions),
            s.entry.minutes,
        )
        for s in states
    ]
    return table(["date", "direction", "concern", "follow-up", "actions", "minutes"], rows)


def insights_table(entries: Sequence[InsightEntry]) -> str:
    """Customer insights and content ideas for people."""
    if not entries:
        return "No insights."
    rows = [(e.date, e.item.text, e.item.source, e.item.content_idea, e.minutes) for e in entries]
    return table(["date", "insight", "source", "content idea", "minutes"], rows)


# ---- JSON -----------------------------------------------------------------------------------------------------


def action_record(state: ActionState) -> dict[str, Any]:
    """The keys of a TOML ``[[actions]]`` table, current status/owner/team, plus ``date`` and ``minutes``
    (:func:`~meetingtui.domain.records.action_record`, which the history index keeps ready for open actions)."""
    return records.action_record(state.item, state.created, state.minutes)


def decision_record(entry: DecisionEntry) -> dict[str, Any]:
    """The keys of a TOML ``[[decisions]]`` table plus ``date`` and ``minutes`` (the meeting's day and id)."""
    return {**entry.item.model_dump(mode="json"), "date": entry.date.isoformat(), "minutes": entry.minutes}


def concern_record(state: ConcernState) -> dict[str, Any]:
    """The keys of a TOML ``[[concerns]]`` table plus ``date`` and ``minutes``, ``actions`` (ids) and ``closed``."""
    entry = state.entry
    return {
        **entry.item.model_dump(mode="json"),
        "date": entry.date.isoformat(),
        "minutes": entry.minutes,
        "actions": [a.id for a in state.actions],
        "closed": state.closed,
    }


def insight_record(entry: InsightEntry) -> dict[str, Any]:
    """The keys of a TOML ``[[insights]]`` table plus ``date`` and ``minutes`` (the meeting's day and id)."""
    return {**entry.item.model_dump(mode="json"), "date": entry.date.isoformat(), "minutes": entry.minutes}


def to_json(value: Any) -> str:
    """Indented JSON, UTF-8 kept as is."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def json_array(items: Iterable[dict[str, Any]]) -> str:
    """A JSON array with one object per line: readable, greppable, and fast (indenting is done in Python)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False), one encoder for all
    return json_lines([encode(item) for item in items])


def json_lines(lines: list[str]) -> str:
    """:func:`json_array` of records already written as JSON, one per line."""
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


# ---- Markdown (GitHub-flavoured) ------------------------------------------------------------------------------


def actions_markdown(states: Sequence[ActionState]) -> str:
    """A task list, as in the minutes: ``- [ ] text — owner (team), due 2026-12-04 · id``."""
    if not states:
        return "_No open actions._"
    return "\n".join(task_line(s.item) for s in states)


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GFM table; every cell escaped (so ``|`` and newlines cannot break it)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [escape_text(value, ONE_LINE) if isinstance(value, str) else _cell(value) for value in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def decisions_markdown(entries: Sequence[DecisionEntry]) -> str:
    """The decision log as a GFM table, newest first."""
    if not entries:
        return "_No decisions._"
    rows = [(e.date, e.item.text, e.item.segment or "", e.minutes) for e in entries]
    return markdown_table(["Date", "Decision", "Segment", "Minutes"], rows)


def concerns_markdown(states: Sequence[ConcernState]) -> str:
    """Concerns as a GFM table, newest first."""
    if not states:
        return "_No concerns._"
    rows = [
        (s.entry.date, _direction(s), s.entry.item.text, _follow_up(s), s.entry.item.segment or "", s.entry.minutes)
        for s in states
    ]
    return markdown_table(["Date", "Direction", "Concern", "Follow-up", "Segment", "Minutes"], rows)


def insights_markdown(entries: Sequence[InsightEntry]) -> str:
    """Customer insights and content ideas as a GFM table, newest first."""
    if not entries:
        return "_No insights._"
    rows = [(e.date, e.item.text, e.item.source or "", e.item.content_idea or "", e.minutes) for e in entries]
    return markdown_table(["Date", "Insight", "Source", "Content idea", "Minutes"], rows)


# ---- iCalendar ------------------------------------------------------------------------------------------------


def actions_ics(states: Sequence[ActionState]) -> bytes:
    """An iCalendar file with one all-day event on the due date of each action that has one.

    All-day VEVENTs rather than VTODOs because the common calendars (Google,
    Outlook) import events but ignore to-dos. The UID derives from the action
    id, so re-importing updates the event instead of duplicating it; DTSTAMP is
    the start of the last meeting that touched the action, so the output is
    stable between runs.
    """
    from icalendar import Calendar, Event  # --format ics only

    calendar = Calendar()
    calendar.add("prodid", "-//meetingtui//actions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "meetingtui actions")
    for s in states:
        if s.item.due is None:
            continue
        event = Event()
        event.add("uid", f"{s.id}@meetingtui")
        event.add("dtstamp", s.changed_at.astimezone(dt.UTC))
        event.add("dtstart", s.item.due)
        event.add("dtend", s.item.due + dt.timedelta(days=1))
        event.add("summary", visible(f"Due: {s.item.text}" + (f" ({s.item.owner})" if s.item.owner else "")))
        who = ", ".join(part for part in (s.item.owner, s.item.team.value if s.item.team else None) if part)
        event.add(
            "description", visible(f"Action {s.id} from minutes {s.minutes}" + (f"; owner: {who}" if who else ""))
        )
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["meetingtui", *([s.item.team.value] if s.item.team else [])])
        calendar.add_component(event)
    return calendar.to_ical()


# ---- stats ----------------------------------------------------------------------------------------------------


def hours(seconds: float) -> str:
    """Exact, as the minutes keep it (whole seconds): ``5h20m``, ``1m20s``."""
    return format_duration(round(seconds))


def signed_hours(seconds: float) -> str:
    """An exact over/under figure: ``+1h5m``, ``-3m20s``, ``±0``."""
    return format_signed_duration(round(seconds))


def percent(value: float | None) -> str:
    """``73%``, or empty when there is nothing to divide."""
    return "" if value is None else f"{value:.0%}"


def _whole_percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def stats_text(stats: Stats, months: int = 12, overruns: int = 10) -> str:
    """``meetingtui stats --format table``: every figure, one section per question."""
    if not stats.meetings:
        return "No minutes yet."
    out = [f"Meetings: {stats.meetings}, {stats.first} … {stats.last}"]
    cadence_rows = [
        (
            c.agenda,
            (c.cadence or "?") + (" (guessed)" if c.inferred else ""),
            c.meetings,
            c.periods or "",
            len(c.missed) if c.cadence else "",
            c.last,
            c.days_since_last,
        )
        for c in stats.cadence
    ]
    out += [
        "",
        "Cadence (a missed period is one that is over and had no meeting)",
        table(
            ["agenda", "cadence", "meetings", "periods", "missed", "last", "days since"],
            cadence_rows,
            right=[2, 3, 4, 6],
        ),
    ]
    for c in stats.cadence:
        if c.missed:
            recent = ", ".join(c.missed[-5:])
            more = f" (and {len(c.missed) - 5} earlier)" if len(c.missed) > 5 else ""
            out.append(f"  {c.agenda} missed: {recent}{more}")
    recent = stats.per_month[-months:]
    peak = max((n for _, n in recent), default=0) or 1
    out += ["", f"Meetings per month (last {len(recent)})"]
    out += [f"{month}  {n:>3}  {block_bar(n / peak, 20)}" for month, n in recent]
    time_rows = [
        (
            t.team,
            hours(t.planned_seconds),
            _whole_percent(t.share_of_plan),
            hours(t.actual_seconds),
            _whole_percent(t.share_of_time),
            signed_hours(t.over_seconds),
            block_bar(t.share, 20),
        )
        for t in stats.time
    ]
    out += [
        "",
        "Time per team (share of plan: of all planned time; share of time: of all time spent;"
        " over/under: segments that were run)",
        table(
            ["team", "planned", "share of plan", "actual", "share of time", "over/under", ""],
            time_rows,
            right=[1, 2, 3, 4, 5],
        ),
    ]
    over_rows = [(o.title, o.team, o.runs, signed_hours(o.average_seconds)) for o in stats.overruns[:overruns]]
    out += [
        "",
        "Average overrun per segment (worst first)",
        table(["segment", "team", "runs", "average"], over_rows, right=[2, 3]),
    ]
    action_rows = [
        (
            team_words(a.team),
            a.created,
            a.done,
            a.dropped,
            a.open,
            a.overdue,
            percent(a.completion_rate),
            "" if a.median_days_to_close is None else f"{a.median_days_to_close:g}",
        )
        for a in (*stats.actions, stats.actions_total)
        if a.created or a.is_total
    ]
    out += [
        "",
        "Actions per team (current owner's team)",
        table(
            ["team", "created", "done", "dropped", "open", "overdue", "completion", "median days to close"],
            action_rows,
            right=range(1, 8),
        ),
    ]
    out += ["", "Concerns raised (led to an action: one captured in the same segment of the same meeting)"]
    out += [
        f"{direction_words(c.from_team, c.to_team)}: {c.count}, {c.led_to_action} led to an action, {c.closed} closed"
        + ("" if c.median_days_to_close is None else f" (median {c.median_days_to_close:g} days)")
        for c in stats.concerns
    ]
    if any(a.roster for a in stats.attendance):
        rows = [(a.team, a.roster, a.present, a.rate_percent and f"{a.rate_percent}%") for a in stats.attendance]
        out += ["", "Attendance (present over all meetings, against people.toml)"]
        out.append(table(["team", "roster", "present", "of roster"], rows, right=[1, 2, 3]))
    return "\n".join(out)
