"""The built-in agenda templates keep the house rules: review first, open floor, both teams, fit the slot."""

from __future__ import annotations

import pytest

from meetingtui.domain.agenda import SegmentKind, Team
from meetingtui.store.agendas import agenda_warnings, builtin_agendas_dir, list_agendas

REQUIRED = {
    "weekly-sync": "weekly",
    "campaign-preview": "monthly",
    "win-loss-review": "biweekly",
    "ride-along-debrief": None,
    "content-co-creation": None,
    "funnel-review": "monthly",
    "quarterly-alignment": "quarterly",
}


def test_every_template_keeps_the_house_rules() -> None:
    entries = list_agendas(None)
    assert len(entries) >= 7
    problems = []
    for entry in entries:
        if entry.agenda is None:
            problems.append(f"{entry.name}: {entry.error}")
            continue
        agenda, name = entry.agenda, entry.name
        shares = agenda.team_seconds()
        kinds = [segment.kind for segment in agenda.segments]
        checks = {
            "is built in": entry.source == "built-in",
            "has a description": bool(agenda.description),
            "books a slot": agenda.duration is not None,
            "fits its slot": agenda.planned_seconds <= agenda.slot_seconds,
            "gives sales time": shares[Team.SALES] > 0,
            "gives marketing time": shares[Team.MARKETING] > 0,
            "starts by reviewing actions": kinds[0] is SegmentKind.REVIEW_ACTIONS,
            "reviews actions once": kinds.count(SegmentKind.REVIEW_ACTIONS) == 1,
            "has an open floor": SegmentKind.OPEN_FLOOR in kinds,
            "names an owner for every segment": all(segment.owner for segment in agenda.segments),
            "asks 2-4 prompts per segment": all(2 <= len(segment.prompts) <= 4 for segment in agenda.segments),
            "asks questions": all(
                prompt.rstrip().endswith(("?", ".")) for segment in agenda.segments for prompt in segment.prompts
            ),
            "has no warnings": not agenda_warnings(agenda),
        }
        problems += [f"{name}: fails {rule!r}" for rule, ok in checks.items() if not ok]
    assert problems == []


@pytest.mark.parametrize(("name", "cadence"), REQUIRED.items())
def test_the_promised_templates_ship(name: str, cadence: str | None) -> None:
    entry = {entry.name: entry for entry in list_agendas(None)}[name]
    assert entry.agenda is not None
    assert entry.agenda.cadence is not None
    if cadence:
        assert entry.agenda.cadence == cadence
    assert entry.agenda.slot_seconds >= 30 * 60, "a real meeting, not a rehearsal"


def test_weekly_sync_is_the_45_minute_handoff_meeting() -> None:
    agenda = {entry.name: entry for entry in list_agendas(None)}["weekly-sync"].agenda
    assert agenda is not None
    assert agenda.duration == 45 * 60
    assert agenda.cadence == "weekly"
    assert any("handoff" in segment.title.lower() for segment in agenda.segments)


def test_campaign_preview_hands_marketing_the_largest_single_slot() -> None:
    agenda = {entry.name: entry for entry in list_agendas(None)}["campaign-preview"].agenda
    assert agenda is not None
    longest = max(agenda.segments, key=lambda segment: segment.duration)
    assert longest.team is Team.MARKETING


def test_ride_along_debrief_gives_marketing_the_floor_first() -> None:
    agenda = {entry.name: entry for entry in list_agendas(None)}["ride-along-debrief"].agenda
    assert agenda is not None
    assert agenda.segments[1].team is Team.MARKETING


def test_rehearsal_is_seconds_long() -> None:
    agenda = {entry.name: entry for entry in list_agendas(None)}["rehearsal"].agenda
    assert agenda is not None
    assert agenda.planned_seconds <= 120
    assert all(segment.duration == 20 for segment in agenda.segments)
    assert agenda.warn_seconds(20) < 20


def test_templates_read_the_same_with_a_second_toml_parser() -> None:
    tomlkit = pytest.importorskip("tomlkit")
    from meetingtui.store.toml_io import read_toml

    for path in sorted(builtin_agendas_dir().glob("*.toml")):
        assert tomlkit.parse(path.read_text(encoding="utf-8")).unwrap() == read_toml(path), path.name
