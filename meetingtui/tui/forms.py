"""The meeting's forms: their fields, and which domain function reads their strings into a command.

The rules (defaults, completion, the past-due warning) are the domain's (:mod:`meetingtui.domain.entries`);
here only what each dialog asks and how its fields map onto those functions.
"""

from __future__ import annotations

import datetime as dt

from meetingtui.domain import entries
from meetingtui.domain.entries import ItemEntry, NewSegment, ParkReason, Reassignment
from meetingtui.domain.events import CapturedItem, CaptureKind
from meetingtui.session import MeetingSession
from meetingtui.tui.screens.form import TEAM_WORDS, Builder, FieldSpec, Form

CAPTURE_FORMS: dict[CaptureKind, Form] = {
    CaptureKind.ACTIONS: Form(
        "Action item",
        (
            FieldSpec("text", "Action", "what will be done", required=True),
            FieldSpec("owner", "Owner", "who does it (tab completes)", completes_names=True),
            FieldSpec("team", "Team", "sales / marketing / joint — default: the owner's team", TEAM_WORDS),
            FieldSpec("due", "Due", "2026-12-04, +3d, +2w, fri"),
        ),
    ),
    CaptureKind.DECISIONS: Form("Decision", (FieldSpec("text", "Decision", "what the room agreed", required=True),)),
    CaptureKind.CONCERNS: Form(
        "Concern",
        (
            FieldSpec("text", "Concern", "the problem, said out loud", required=True),
            FieldSpec("from_team", "From team", "sales / marketing — default: this segment's team", TEAM_WORDS),
            FieldSpec("to_team", "To team", "default: the other team", TEAM_WORDS),
        ),
    ),
    CaptureKind.INSIGHTS: Form(
        "Customer insight",
        (
            FieldSpec("text", "Insight", "what customers said or asked", required=True),
            FieldSpec("source", "Source", "e.g. call with ACME, 2026-11-25"),
            FieldSpec("content_idea", "Content idea", "what marketing could make of it"),
        ),
    ),
}
"""The capture dialogs, one per kind; each field is named as the item's field it fills."""
REASSIGN_FORM = Form(
    "Re-assign action",
    (FieldSpec("owner", "New owner", "who takes it over (tab completes)", required=True, completes_names=True),),
)
PARK_FORM = Form(
    "Park this segment", (FieldSpec("reason", "Reason", "optional: why it waits (enter parks it either way)"),)
)
"""``z``: the reason lands in the minutes' ``[[parked]]`` and is shown when the next meeting offers the topic."""
SEGMENT_FORM = Form(
    "Add a segment",
    (
        FieldSpec("title", "Title", "what the segment is about", required=True),
        FieldSpec("team", "Team", "sales / marketing / joint", TEAM_WORDS),
        FieldSpec("duration", "Duration", "5m, 90s, 1h15m (default 5m)"),
    ),
)


def item_builder(kind: CaptureKind, session: MeetingSession) -> Builder[ItemEntry]:
    """The builder for a capture dialog of ``kind``: its strings as the kind's entry."""

    def build(raw: dict[str, str]) -> ItemEntry:
        if kind is CaptureKind.ACTIONS:
            return entries.action_entry(
                raw["text"],
                raw["owner"],
                raw["team"],
                raw["due"],
                canonical=session.roster().canonical,
                team_of=session.team_of,
                today=session.today(),
            )
        if kind is CaptureKind.CONCERNS:
            return entries.concern_entry(raw["text"], raw["from_team"], raw["to_team"], segment=session.meeting.current)
        if kind is CaptureKind.INSIGHTS:
            return entries.insight_entry(raw["text"], raw["source"], raw["content_idea"])
        return entries.DecisionEntry(text=raw["text"].strip())

    return build


def owner_builder(session: MeetingSession) -> Builder[Reassignment]:
    """The builder for the re-assign dialog: the name as typed (the flow names the person: capture_flows.with_owner)."""
    return lambda raw: Reassignment(owner=" ".join(raw["owner"].split()))


def park_builder() -> Builder[ParkReason]:
    """The builder for the park dialog: the reason, ``None`` when none was typed (the dialog's own ``None`` means
    escape: not parked)."""
    return lambda raw: ParkReason(reason=raw["reason"].strip() or None)


def segment_builder() -> Builder[NewSegment]:
    """The builder for the add-a-segment dialog."""
    return lambda raw: entries.segment_entry(raw["title"], raw["team"], raw["duration"])


def item_values(kind: CaptureKind, item: CapturedItem) -> dict[str, str]:
    """A captured item's fields as its dialog shows them (to edit it, or fix it in the summary)."""
    values = {}
    for spec in CAPTURE_FORMS[kind].fields:
        value = getattr(item, spec.name, None)
        values[spec.name] = "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
    return values
