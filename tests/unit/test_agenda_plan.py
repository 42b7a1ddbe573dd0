"""Editing an agenda before the meeting, and how its plan fits the slot: rules without a screen."""

from __future__ import annotations

import pytest

from meetingtui.domain.agenda import Agenda, Segment, Team
from meetingtui.domain.agenda_plan import EditRefused, SlotFit, added, moved, removed, retimed, slot_fit
from meetingtui.domain.entries import NewSegment

SEGMENTS = [
    Segment(title="Actions", team=Team.JOINT, duration="5m"),
    Segment(title="Pipeline", team=Team.SALES, duration="10m"),
    Segment(title="Campaigns", team=Team.MARKETING, duration="10m"),
]


def titles(segments: list[Segment]) -> list[str]:
    return [segment.title for segment in segments]


def test_the_fit_says_what_is_over_or_spare_and_nothing_without_a_slot() -> None:
    agenda = Agenda(title="Weekly", duration="30m", segments=SEGMENTS)
    assert slot_fit(agenda) == SlotFit(1500, 1800) and slot_fit(agenda).spare == 300 and slot_fit(agenda).over == 0
    assert slot_fit(agenda).plus(600) == SlotFit(2100, 1800) and slot_fit(agenda).plus(600).over == 300
    assert SlotFit(1500, 1500).spare == SlotFit(1500, 1500).over == 0
    assert SlotFit(9000, None).over == SlotFit(9000, None).spare == 0


def test_edits_return_a_new_list_and_leave_the_old_one_alone() -> None:
    before = list(SEGMENTS)
    assert [s.duration for s in retimed(SEGMENTS, 1, 60)] == [300, 660, 600]
    assert titles(moved(SEGMENTS, 2, -1) or []) == ["Actions", "Campaigns", "Pipeline"]
    assert moved(SEGMENTS, 0, -1) is None and moved(SEGMENTS, 2, 1) is None  # past an end: nothing to do
    assert titles(removed(SEGMENTS, 0)) == ["Pipeline", "Campaigns"]
    assert titles(added(SEGMENTS, 0, NewSegment("Pricing", Team.SALES, 90))) == [
        "Actions",
        "Pricing",
        "Pipeline",
        "Campaigns",
    ]
    assert added(SEGMENTS, 2, NewSegment("Pricing", Team.SALES, 90))[3].duration == 90  # seconds, not minutes
    assert before == SEGMENTS  # the screen keeps the old list until it takes the new one


def test_refused_edits_say_why() -> None:
    with pytest.raises(EditRefused, match="as short as it gets"):
        retimed([Segment(title="Short", team=Team.JOINT, duration="1m")], 0, -60)
    with pytest.raises(EditRefused, match="at least one segment"):
        removed(SEGMENTS[:1], 0)
    with pytest.raises(EditRefused, match=r"^Not added: "):
        added(SEGMENTS, 0, NewSegment("", Team.SALES, 90))
