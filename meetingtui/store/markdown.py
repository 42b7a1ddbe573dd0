"""Minutes → GitHub-flavoured Markdown for people; generated from the :class:`Minutes` model only."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from meetingtui.domain.agenda import TEAM_LABELS
from meetingtui.domain.durations import format_duration
from meetingtui.domain.minutes import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Concern,
    Insight,
    Minutes,
    Parked,
    ProposalDeclined,
)
from meetingtui.domain.report import MeetingReport, format_over, format_share, minutes_report

# A URL the user typed, where GitHub's autolinker would start one: a scheme it knows (in any case, after no
# letter) or "www." (after a blank or one of "(*_~"). It ends where a link cannot go on: a blank, "<" or ">",
# "|", as table rows are split before links are found, an entity, which a link would decode, or a bracket:
# cmark-gfm checks a task box if "[x]" is anywhere on the item's first line, and a link's text ends in "]".
_URL = re.compile(
    r"(?:(?<![A-Za-z])(?i:https?|ftp)://|(?<![^\s(*_~])www\.)[A-Za-z0-9](?:[^\s<>|&\[\]]|&(?!#?[0-9A-Za-z]+;))*"
)
_URL_TAIL = re.compile(r"[?!.,:*_~'\"]+$")
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_SPECIAL = re.compile(r"[\\`*_\[\]()!|~$<>]|&(?=#?[0-9A-Za-z]+;)")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# What would open a block (heading, list, setext underline, table delimiter row) at the start of a line.
_LINE_START = re.compile(r"^(?:[#+=:-]|\d+(?=[.)]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NO_AUTOLINK = re.compile(r"(?<=[A-Za-z])(?=://)|(?<=www)(?=\.)", re.IGNORECASE)
_NO_MAILTO = "@\u2060"  # GFM finds e-mail addresses in text, escapes or not; a word joiner after "@" stops it
# Anything :func:`escape_text` would change in a line besides blanks at its ends: a control or line-breaking
# character, one to escape, "@" (the report's mail addresses), the start of a link. A text without any (most of
# a meeting's) is one stripped line that needs nothing more — unless it starts a block, checked apart: the same
# answer as the per-line passes below, at a fifth of their cost (a big meeting's Markdown escapes ~1,600 texts).
_TO_DO = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029\\`*_\[\]()!|~$<>&@]")  # links: "in" tests (faster)
_BLOCK_STARTS = frozenset("#+=:-")


BREAK = "\\\n"
"""A hard line break: a backslash ending the line. Every renderer keeps it, where ``<br>`` is raw HTML
(GitHub shows it, cmark-gfm's safe mode drops it)."""
ONE_LINE = " "
"""Line breaks where a break cannot go (a table cell, a heading): the lines joined by a blank."""


def escape_text(text: str, newline: str = BREAK, *, autolinks: bool = True) -> str:
    """User text as inert inline Markdown: no HTML, no emphasis/links/images/code, no block syntax or task box.

    Each line is stripped and escaped; lines are joined with ``newline`` (a
    hard break, or :data:`ONE_LINE` in a table cell or a heading). The only
    escaper of the project (minutes, ``agendas show --format md``, the history
    commands' Markdown, the report) — callers pass raw values. A bare URL the
    user typed is written as an explicit link to exactly what was typed; with
    ``autolinks=False`` (the report, where only our own links may appear) it
    stays text: a backslash before ``://`` and ``www``'s dot, and a word joiner
    after ``@``, keep GFM's autolinker off.
    """
    if _TO_DO.search(text) is None and "://" not in text and "www." not in text.lower():  # a plain line
        plain = text.strip()
        if not plain or (plain[0] not in _BLOCK_STARTS and not plain[0].isdigit()):
            return plain
    return escape_lines(text, newline, autolinks=autolinks)


def escape_lines(text: str, newline: str = BREAK, *, autolinks: bool = True) -> str:
    """:func:`escape_text` line by line, without its shortcut for a plain line (which must give the same)."""
    lines = [_escape_line(line, autolinks) for line in _CONTROL.sub("", text).strip().splitlines()]
    return newline.join(lines)


def _escape_line(line: str, autolinks: bool = True) -> str:
    line = line.strip()
    if not autolinks:
        line = _NO_AUTOLINK.sub("\\\\", _SPECIAL.sub(_escape_char, line)).replace("@", _NO_MAILTO)
        return _LINE_START.sub(_block_start, line)
    parts: list[str] = []
    last = 0
    # Every link holds "://" or "www."; testing that first spares most lines _URL's scan, which its lookbehinds
    # make slow (the regex engine cannot skip ahead to a literal prefix).
    for found in _URL.finditer(line) if "://" in line or "www." in line else ():
        url = _url_end(found.group())
        parts.append(_SPECIAL.sub(_escape_char, line[last : found.start()]))
        parts.append(_link(url))
        last = found.start() + len(url)
    parts.append(_SPECIAL.sub(_escape_char, line[last:]))
    return _LINE_START.sub(_block_start, "".join(parts))


def _url_end(url: str) -> str:
    """The URL without what ends a sentence after it ("see http://x.y/a." or "(http://x.y)"), as GitHub has it."""
    while True:
        url = _URL_TAIL.sub("", url)
        if not url.endswith(")") or url.count(")") <= url.count("("):
            return url
        url = url[:-1]


def _link(url: str) -> str:
    """An explicit link showing ``url`` as typed.

    Left bare, GitHub's autolinker would pick its own end for the link (the next blank), taking in the
    escapes that follow it, which it then shows; an explicit link ends where we say.
    """
    if url.startswith("www."):
        destination = _PUNCTUATION.sub(r"\\\g<0>", url)  # a destination reads escapes and entities
        return f"[{_SPECIAL.sub(_escape_char, url)}](<http://{destination}>)"
    return f"<{url}>"  # an autolink: its text is taken literally, no escapes


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ENTITIES.get(char) or "\\" + char


def _block_start(match: re.Match[str]) -> str:
    marker = match.group()
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def render_markdown(minutes: Minutes) -> str:
    """The minutes as Markdown: header, attendees, agenda, notes, captured items, time balance."""
    report = minutes_report(minutes)
    sections = [
        _header(minutes, report),
        _attendees(minutes),
        _agenda(minutes, report),
        _notes(minutes),
        _bullets("Decisions", (_with_segment(escape_text(d.text), d.segment) for d in minutes.decisions)),
        _bullets("Action items", (task_line(a).removeprefix("- ") for a in minutes.actions)),
        _bullets("Concerns", (_concern(c) for c in minutes.concerns)),
        _bullets("Customer insights", (_insight(i) for i in minutes.insights)),
        _bullets("Parked for next time", (_parked(p) for p in minutes.parked)),
        _bullets(
            "Proposals taken up", (f"{escape_text(p.segment)} ({escape_text(p.id)})" for p in minutes.proposals_taken)
        ),
        _bullets("Proposals declined", (_declined(p) for p in minutes.proposals_declined)),
        _bullets("Updates to earlier actions", (_update(u) for u in minutes.action_updates)),
        _balance(report),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _header(minutes: Minutes, report: MeetingReport) -> str:
    start, end = minutes.started_at, minutes.ended_at.astimezone(minutes.started_at.tzinfo)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    span = int((minutes.ended_at - minutes.started_at).total_seconds())
    length = format_duration(span)
    run = report.actual
    if minutes.segments and run != span:  # pauses (and dropped fractions of seconds) are not agenda time
        length += f", agenda time {format_duration(run)}"
    facts = [
        f"- **Date:** {minutes.date.isoformat()}",
        f"- **Time:** {start:%H:%M}–{until} {_utc_offset(start)} ({length})",
    ]
    if minutes.facilitator:
        facts.append(f"- **Facilitator:** {escape_text(minutes.facilitator)}")
    facts.append(f"- **Agenda:** {escape_text(minutes.agenda)}")
    return f"# {_heading(minutes.title)}\n\n" + "\n".join(facts)


def _heading(text: str) -> str:
    # A heading's trailing "#"s would be read as its closing sequence and vanish.
    return re.sub(r"(?<!\\)#$", r"\\#", escape_text(text, ONE_LINE))


def _utc_offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    if not offset:
        return "UTC"
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _attendees(minutes: Minutes) -> str:
    lines = []
    for team, label in TEAM_LABELS.items():
        names = [escape_text(a.name) for a in minutes.attendees if a.present and a.team == team]
        if names:
            lines.append(f"- **{label}:** {', '.join(names)}")
    absent = [f"{escape_text(a.name)} ({TEAM_LABELS[a.team]})" for a in minutes.attendees if not a.present]
    if absent:
        lines.append(f"- **Absent:** {', '.join(absent)}")
    return "## Attendees\n\n" + "\n".join(lines) if lines else ""


def _agenda(minutes: Minutes, report: MeetingReport) -> str:
    if not minutes.segments:
        return ""
    rows = [
        "| Segment | Team | Owner | Planned | Actual | Over/under | Status |",
        "|---|---|---|--:|--:|--:|---|",
    ]
    for line, record in zip(report.segments, minutes.segments, strict=True):
        owner = escape_text(line.owner, ONE_LINE) if line.owner else "—"
        title = escape_text(line.title, ONE_LINE)
        if record.proposed_by:
            title += f" (proposed by {escape_text(record.proposed_by, ONE_LINE)})"
        rows.append(
            f"| {title} | {TEAM_LABELS[line.team]} | {owner} "
            f"| {format_duration(line.planned)} | {format_duration(line.actual)} | {format_over(line.over)} "
            f"| {line.status.value} |"
        )
    for total in report.total_rows():  # the done segments' total (it adds up), then those not run, apart
        label = f"**{total.label}**" if total.over is not None else f"*{total.label}*"
        rows.append(
            f"| {label} | | | {format_duration(total.planned)} | {format_duration(total.actual)} "
            f"| {format_over(total.over)} | |"
        )
    return "## Agenda\n\n" + "\n".join(rows)


def _notes(minutes: Minutes) -> str:
    blocks = []
    for segment in minutes.segments:
        paragraphs = re.split(r"\n\s*\n", segment.notes.replace("\r\n", "\n"))
        body = "\n\n".join(filter(None, (escape_text(paragraph) for paragraph in paragraphs)))
        if body:
            blocks.append(f"### {_heading(segment.title)}\n\n{body}")
    return "## Notes\n\n" + "\n\n".join(blocks) if blocks else ""


def _bullets(heading: str, items: Iterable[str]) -> str:
    lines = [f"- {item}" for item in items]
    return f"## {heading}\n\n" + "\n".join(lines) if lines else ""


def _with_segment(text: str, segment: str | None) -> str:
    return f"{text} · *{_escaped_name(segment)}*" if segment else text


@functools.lru_cache(maxsize=256)
def _escaped_name(name: str) -> str:
    """:func:`escape_text` of a name items repeat (their segment's title, an owner): a big meeting's Markdown
    names a dozen segments and a few owners hundreds of times."""
    return escape_text(name)


def task_line(action: ActionItem) -> str:
    """``- [ ] text — owner (team), due 2026-12-04 · id``; parts that are missing are left out.

    Done and dropped actions are checked off; dropped ones are also struck through.
    """
    who = _escaped_name(action.owner) if action.owner else ""
    if action.team:
        who = f"{who} ({action.team.value})" if who else action.team.value
    details = ", ".join(part for part in (who, f"due {action.due.isoformat()}" if action.due else "") if part)
    text = escape_text(action.text)
    if action.status == ActionStatus.DROPPED:
        text = f"~~{text}~~"
    line = f"- [{' ' if action.status == ActionStatus.OPEN else 'x'}] {text}"
    if details:
        line += f" — {details}"
    line += f" · {escape_text(action.id)}"
    return line + " (dropped)" if action.status == ActionStatus.DROPPED else line


def _concern(concern: Concern) -> str:
    if concern.from_team is None and concern.to_team is None:
        return _with_segment(escape_text(concern.text), concern.segment)
    ends = (TEAM_LABELS[team] if team else "—" for team in (concern.from_team, concern.to_team))
    route = "**" + " → ".join(ends) + ":**"
    return _with_segment(f"{route} {escape_text(concern.text)}", concern.segment)


def _insight(insight: Insight) -> str:
    line = escape_text(insight.text)
    if insight.source:
        line += f" (source: {escape_text(insight.source)})"
    if insight.content_idea:
        line += f" — **content idea:** {escape_text(insight.content_idea)}"
    return _with_segment(line, insight.segment)


def _declined(declined: ProposalDeclined) -> str:
    line = f"{escape_text(declined.title)} ({escape_text(declined.id)})"
    return f"{line} — {escape_text(declined.reason)}" if declined.reason else line


def _parked(parked: Parked) -> str:
    facts = TEAM_LABELS[parked.team]
    if parked.planned_seconds:
        facts += f", {format_duration(parked.planned_seconds)}"
    line = f"{escape_text(parked.title)} ({facts})"
    return f"{line} — {escape_text(parked.reason)}" if parked.reason else line


def _update(update: ActionUpdate) -> str:
    what = escape_text(update.text or update.id)
    if update.owned_by:
        what += f" — {escape_text(update.owned_by)}"  # as the summary says it
    if update.text:
        what += f" · {escape_text(update.id)}"
    line = f"{what} → **{update.status.value}**"
    if update.owner:
        line += f", owner now {escape_text(update.owner)}"
    return f"{line} — {escape_text(update.note)}" if update.note else line


def _balance(report: MeetingReport) -> str:
    rows = ["| Team | Planned | Share of plan | Actual | Share of time |", "|---|--:|--:|--:|--:|"]
    for line in report.teams:
        if line.planned or line.actual:
            rows.append(
                f"| {TEAM_LABELS[line.team]} | {format_duration(line.planned)} | {format_share(line.share_of_plan)} "
                f"| {format_duration(line.actual)} | {format_share(line.share_of_time)} |"
            )
    if len(rows) == 2:
        return ""
    plan_total = "100%" if report.planned else "—"
    time_total = "100%" if report.actual else "—"
    rows.append(
        f"| **Total** | {format_duration(report.planned)} | {plan_total} "
        f"| {format_duration(report.actual)} | {time_total} |"
    )
    return "## Time balance\n\n" + "\n".join(rows)
