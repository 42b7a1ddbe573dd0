"""What a person enters in the meeting's forms, as typed commands, and the rules that fill in what was left out.

A form (``tui/forms.py``) turns its typed strings into one of these frozen
objects with the functions here; the screen hands the object to the engine.
The rules are the domain's, tested without a screen: an action's team follows
its owner, a concern goes from the segment's side to the other one, a segment
takes five minutes unless told, a due date in the past is kept but warned about.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from meetingtui.domain.agenda import Team, parse_team
from meetingtui.domain.duedates import parse_due
from meetingtui.domain.durations import DurationError, parse_duration
from meetingtui.domain.events import CapturedItem, CaptureKind
from meetingtui.domain.live import MINUTE, LiveSegment
from meetingtui.domain.minutes import ActionItem

OTHER_TEAM = {Team.SALES: Team.MARKETING, Team.MARKETING: Team.SALES, Team.JOINT: Team.JOINT}
"""Whom a concern raised by a team is raised with, unless it says."""
SEGMENT_DEFAULT_SECONDS = 5 * MINUTE


@dataclass(frozen=True)
class ActionEntry:
    """A new or edited action: ``owner`` is a name as entered (completed from known names)."""

    kind: ClassVar[CaptureKind] = CaptureKind.ACTIONS
    text: str
    owner: str | None = None
    team: Team | None = None
    due: dt.date | None = None


@dataclass(frozen=True)
class DecisionEntry:
    kind: ClassVar[CaptureKind] = CaptureKind.DECISIONS
    text: str


@dataclass(frozen=True)
class ConcernEntry:
    kind: ClassVar[CaptureKind] = CaptureKind.CONCERNS
    text: str
    from_team: Team | None = None
    to_team: Team | None = None


@dataclass(frozen=True)
class InsightEntry:
    kind: ClassVar[CaptureKind] = CaptureKind.INSIGHTS
    text: str
    source: str | None = None
    content_idea: str | None = None


ItemEntry = ActionEntry | DecisionEntry | ConcernEntry | InsightEntry
"""A captured item as entered: each names its :class:`CaptureKind` and holds fields of that kind's model."""


def item_fields(entry: ItemEntry) -> dict[str, Any]:
    """What capturing ``entry`` sets: its fields that were given (the engine fills in id and segment)."""
    return {key: value for key, value in dataclasses.asdict(entry).items() if value is not None}


def item_changes(entry: ItemEntry) -> dict[str, Any]:
    """What editing an item to ``entry`` sets: every field the form shows, ``None`` where it was emptied."""
    return dataclasses.asdict(entry)


@dataclass(frozen=True)
class Reassignment:
    """An earlier action goes to ``owner`` (a name as entered, completed from known names)."""

    owner: str


@dataclass(frozen=True)
class NewSegment:
    """A segment to add: to the running meeting, or to the agenda before it starts."""

    title: str
    team: Team
    seconds: int


@dataclass(frozen=True)
class ParkReason:
    """Why the current segment waits for the next meeting (``z``); ``None``: no reason given (parked all the same)."""

    reason: str | None


# -- the rules that fill in what was left out ------------------------------------------


def _optional(value: str) -> str | None:
    return value.strip() or None


def action_entry(
    text: str,
    owner: str,
    team: str,
    due: str,
    *,
    canonical: Callable[[str], str],
    team_of: Callable[[str], Team | None],
    today: dt.date,
) -> ActionEntry:
    """An action from what was typed: the owner as ``canonical`` names them (the roster's rule: a unique part
    gives the full name); no team given, the owner's team; the due date read relative to ``today``. Raises
    ValueError (said for people) on a bad team or date."""
    name = canonical(owner.strip()) if owner.strip() else ""
    return ActionEntry(
        text=text.strip(),
        owner=name or None,
        team=parse_team(team) or (team_of(name) if name else None),
        due=parse_due(due, today),
    )


def raising_side(segment: LiveSegment | None) -> Team | None:
    """Who raises a concern by default: the current segment's team when it is one side (joint says nothing)."""
    return segment.team if segment is not None and segment.team is not Team.JOINT else None


def concern_entry(text: str, from_team: str, to_team: str, *, segment: LiveSegment | None) -> ConcernEntry:
    """A concern from what was typed: from the segment's side unless given, to the other side unless given."""
    raised_by = parse_team(from_team) or raising_side(segment)
    raised_with = parse_team(to_team) or (OTHER_TEAM[raised_by] if raised_by else None)
    return ConcernEntry(text=text.strip(), from_team=raised_by, to_team=raised_with)


def insight_entry(text: str, source: str, content_idea: str) -> InsightEntry:
    """An insight from what was typed; empty fields are left out."""
    return InsightEntry(text=text.strip(), source=_optional(source), content_idea=_optional(content_idea))


def segment_entry(title: str, team: str, duration: str) -> NewSegment:
    """A segment from what was typed: joint and five minutes unless told; never zero time."""
    try:
        seconds = parse_duration(duration.strip()) if duration.strip() else SEGMENT_DEFAULT_SECONDS
    except DurationError as exc:
        raise ValueError(str(exc)) from None
    if seconds <= 0:
        raise ValueError("A segment needs some time: 5m, 90s …")
    return NewSegment(title=title.strip(), team=parse_team(team) or Team.JOINT, seconds=seconds)


def past_due_warning(item: CapturedItem, today: dt.date) -> str | None:
    """A warning when an action's due date is already past (accepted: it may be a late record)."""
    if isinstance(item, ActionItem) and item.due is not None and item.due < today:
        return f"The due date {item.due:%a %d %b %Y} is in the past (kept as typed)."
    return None
