"""The meeting's forms, and what their typed strings mean: validated item fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetingtui.domain.agenda import Team, parse_team
from meetingtui.domain.duedates import parse_due
from meetingtui.domain.durations import DurationError, parse_duration
from meetingtui.domain.events import CapturedItem, CaptureKind
from meetingtui.domain.minutes import ActionItem
from meetingtui.session import MeetingSession
from meetingtui.tui.screens.form import TEAM_WORDS, Builder, FieldSpec, Form

CAPTURE_FORMS: dict[CaptureKind, Form] = {
    CaptureKind.ACTIONS: Form(
        "Action item",
        (
            FieldSpec("text", "Action", "what will be done"),
            FieldSpec("owner", "Owner", "who does it (tab completes)"),
            FieldSpec("team", "Team", "sales / marketing / joint — default: the owner's team", TEAM_WORDS),
            FieldSpec("due", "Due", "2026-12-04, +3d, +2w, fri"),
        ),
    ),
    CaptureKind.DECISIONS: Form("Decision", (FieldSpec("text", "Decision", "what the room agreed"),)),
    CaptureKind.CONCERNS: Form(
        "Concern",
        (
            FieldSpec("text", "Concern", "the problem, said out loud"),
            FieldSpec("from_team", "From team", "sales / marketing — default: this segment's team", TEAM_WORDS),
            FieldSpec("to_team", "To team", "default: the other team", TEAM_WORDS),
        ),
    ),
    CaptureKind.INSIGHTS: Form(
        "Customer insight",
        (
            FieldSpec("text", "Insight", "what customers said or asked"),
            FieldSpec("source", "Source", "e.g. call with ACME, 2026-11-25"),
            FieldSpec("content_idea", "Content idea", "what marketing could make of it"),
        ),
    ),
}
"""The capture dialogs, one per kind."""
REASSIGN_FORM = Form(
    "Re-assign action", (FieldSpec("text", "New owner", "who takes it over (tab completes)"),), frozenset({"text"})
)
PARK_FORM = Form(
    "Park this segment",
    (FieldSpec("text", "Reason", "optional: why it waits (enter parks it either way)"),),
    frozenset(),
    text_required=False,
)
"""``z``: the reason lands in the minutes' ``[[parked]]`` and is shown when the next meeting offers the topic."""
SEGMENT_FORM = Form(
    "Add a segment",
    (
        FieldSpec("text", "Title", "what the segment is about"),
        FieldSpec("team", "Team", "sales / marketing / joint", TEAM_WORDS),
        FieldSpec("duration", "Duration", "5m, 90s, 1h15m (default 5m)"),
    ),
)


OTHER_TEAM = {Team.SALES: Team.MARKETING, Team.MARKETING: Team.SALES, Team.JOINT: Team.JOINT}


def complete_name(typed: str, names: list[str]) -> str:
    """A known name when ``typed`` is its unique case-insensitive prefix; otherwise ``typed`` as is."""
    typed = typed.strip()
    if not typed:
        return ""
    exact = [n for n in names if n.casefold() == typed.casefold()]
    if exact:
        return exact[0]
    matches = [n for n in names if n.casefold().startswith(typed.casefold())]
    return matches[0] if len(matches) == 1 else typed


def _optional(value: str) -> str | None:
    return value.strip() or None


def item_builder(kind: CaptureKind, session: MeetingSession) -> Builder:
    """The builder for a capture dialog of ``kind``."""

    def build(raw: dict[str, str]) -> dict[str, Any]:
        fields: dict[str, Any] = {"text": raw["text"].strip()}
        if kind is CaptureKind.ACTIONS:
            owner = complete_name(raw["owner"], session.names())
            team = parse_team(raw["team"]) or (session.team_of(owner) if owner else None)
            fields |= {"owner": owner or None, "team": team, "due": parse_due(raw["due"], session.today())}
        elif kind is CaptureKind.CONCERNS:
            from_team = parse_team(raw["from_team"]) or _segment_team(session)
            to_team = parse_team(raw["to_team"]) or (OTHER_TEAM[from_team] if from_team else None)
            fields |= {"from_team": from_team, "to_team": to_team}
        elif kind is CaptureKind.INSIGHTS:
            fields |= {"source": _optional(raw["source"]), "content_idea": _optional(raw["content_idea"])}
        return {key: value for key, value in fields.items() if value is not None}

    return build


def _segment_team(session: MeetingSession) -> Team | None:
    """The current segment's team when it is one side (a joint segment says nothing about who raises it)."""
    segment = session.meeting.current
    return segment.team if segment is not None and segment.team is not Team.JOINT else None


def owner_builder(session: MeetingSession) -> Builder:
    """The builder for the re-assign dialog: a known name completed from its prefix."""

    def build(raw: dict[str, str]) -> dict[str, str]:
        return {"owner": complete_name(raw["text"], session.names())}

    return build


def park_builder() -> Builder:
    """The builder for the park dialog: ``{"reason": …}``, ``None`` when none was typed (the dialog's own
    ``None`` means escape: not parked)."""

    def build(raw: dict[str, str]) -> dict[str, str | None]:
        return {"reason": raw["text"].strip() or None}

    return build


def segment_builder() -> Builder:
    """The builder for the add-a-segment dialog."""

    def build(raw: dict[str, str]) -> dict[str, Any]:
        team = parse_team(raw["team"]) or Team.JOINT
        try:
            seconds = parse_duration(raw["duration"].strip() or "5m")
        except DurationError as exc:
            raise ValueError(str(exc)) from None
        if seconds <= 0:
            raise ValueError("A segment needs some time: 5m, 90s …")
        return {"title": raw["text"].strip(), "team": team, "seconds": seconds}

    return build


def item_values(kind: CaptureKind, item: CapturedItem) -> dict[str, str]:
    """A captured item's fields as its dialog shows them (to edit it, or fix it in the summary)."""
    values = {}
    for spec in CAPTURE_FORMS[kind].fields:
        value = getattr(item, spec.name, None)
        values[spec.name] = "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
    return values


def item_changes(kind: CaptureKind, fields: dict[str, Any]) -> dict[str, Any]:
    """What an edit sets: every field the dialog shows, ``None`` where it was emptied (the builder drops those)."""
    return {spec.name: fields.get(spec.name) for spec in CAPTURE_FORMS[kind].fields}


def first_missing(item: ActionItem) -> str | None:
    """The dialog field to fix first in an action: the owner, else the due date."""
    return "owner" if not item.owner else "due" if not item.due else None


def past_due_warning(item: CapturedItem, today: dt.date) -> str | None:
    """A warning when an action's due date is already past (accepted: it may be a late record)."""
    if isinstance(item, ActionItem) and item.due is not None and item.due < today:
        return f"The due date {item.due:%a %d %b %Y} is in the past (kept as typed)."
    return None
