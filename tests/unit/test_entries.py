"""What people type into the meeting's forms becomes typed commands, with the domain's defaults filled in."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.domain.entries import (
    ActionEntry,
    ConcernEntry,
    DecisionEntry,
    InsightEntry,
    NewSegment,
    action_entry,
    concern_entry,
    insight_entry,
    item_changes,
    item_fields,
    past_due_warning,
    segment_entry,
)
from meetingtui.domain.events import CaptureKind
from meetingtui.domain.live import LiveSegment
from meetingtui.domain.minutes import ActionItem, Decision
from meetingtui.domain.roster import Roster

FRIDAY = dt.date(2026, 11, 27)
TEAMS = {"Maria Lopez": Team.MARKETING, "Mark Chen": None, "Ana": Team.SALES}
ROSTER = Roster.of(TEAMS.items())


def action(owner: str = "", team: str = "", due: str = "") -> ActionEntry:
    return action_entry(
        " Send the deck ", owner, team, due, canonical=ROSTER.canonical, team_of=ROSTER.team_of, today=FRIDAY
    )


def test_the_owner_is_named_by_the_roster_rule_and_anything_else_stays_as_typed() -> None:
    assert action("mari").owner == "Maria Lopez"
    assert action("MAR").owner == "MAR"  # Maria and Mark: the capture flow asks which
    assert action(" Zoe ").owner == "Zoe" and action("  ").owner is None


def test_an_actions_team_follows_its_owner_unless_given() -> None:
    assert action("mari") == ActionEntry("Send the deck", "Maria Lopez", Team.MARKETING, None)
    assert action("mari", team="s").team is Team.SALES
    assert action("Zoe").team is None and action().owner is None and action().team is None
    assert action(due="+3d").due == FRIDAY + dt.timedelta(days=3)
    with pytest.raises(ValueError, match="not a team"):
        action(team="finance")


def test_a_concern_goes_from_the_segments_side_to_the_other_unless_told() -> None:
    sales = LiveSegment("Pipeline", Team.SALES, 600)
    joint = LiveSegment("Open floor", Team.JOINT, 300)
    assert concern_entry("Leads are cold", "", "", segment=sales) == ConcernEntry(
        "Leads are cold", Team.SALES, Team.MARKETING
    )
    assert concern_entry("x", "", "", segment=joint) == ConcernEntry("x", None, None)  # joint says nothing
    assert concern_entry("x", "m", "", segment=joint) == ConcernEntry("x", Team.MARKETING, Team.SALES)
    assert concern_entry("x", "j", "s", segment=None) == ConcernEntry("x", Team.JOINT, Team.SALES)


def test_a_segment_is_joint_and_five_minutes_unless_told_and_never_empty() -> None:
    assert segment_entry(" Pricing ", "", "") == NewSegment("Pricing", Team.JOINT, 300)
    assert segment_entry("Pricing", "mkt", "90s") == NewSegment("Pricing", Team.MARKETING, 90)
    with pytest.raises(ValueError, match="is not a duration"):
        segment_entry("Pricing", "", "soon")
    with pytest.raises(ValueError, match="needs some time"):
        segment_entry("Pricing", "", "0m")


def test_an_entry_captures_what_was_given_and_an_edit_empties_what_was_cleared() -> None:
    insight = insight_entry("Asked for SSO", " call with ACME ", "  ")
    assert item_fields(insight) == {"text": "Asked for SSO", "source": "call with ACME"}
    assert item_changes(insight) == {"text": "Asked for SSO", "source": "call with ACME", "content_idea": None}
    assert item_fields(DecisionEntry("Ship it")) == {"text": "Ship it"}


@pytest.mark.parametrize("entry", [ActionEntry, DecisionEntry, ConcernEntry, InsightEntry])
def test_every_entry_field_is_a_field_of_its_kinds_item(entry: type) -> None:
    kind: CaptureKind = entry.kind
    assert {f.name for f in dataclasses.fields(entry)} <= set(kind.model.model_fields)


def test_the_past_due_warning() -> None:
    late = ActionItem(id="m#1", text="t", due=FRIDAY - dt.timedelta(days=1))
    assert past_due_warning(late, FRIDAY) == "The due date Thu 26 Nov 2026 is in the past (kept as typed)."
    assert past_due_warning(late.model_copy(update={"due": FRIDAY}), FRIDAY) is None
    assert past_due_warning(Decision(text="t"), FRIDAY) is None
