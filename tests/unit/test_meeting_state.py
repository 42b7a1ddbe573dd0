"""The engine's parts are plain functions over one state: folding its events over a bare state rebuilds it."""

from __future__ import annotations

import random
import typing

import pytest

from meetingtui.domain.agenda import Agenda, SegmentKind
from meetingtui.domain.events import CaptureKind, MeetingEvent
from meetingtui.domain.meeting import HANDLERS, Meeting
from meetingtui.domain.meeting_state import MeetingState, StateField
from meetingtui.domain.minutes import Parked
from tests.clock import ManualClock

AGENDA = Agenda.model_validate(
    {
        "title": "Weekly sync",
        "duration": "40m",
        "segments": [
            {"title": "Actions", "team": "joint", "duration": "5m"},
            {"title": "Pipeline", "team": "sales", "duration": "10m"},
            {"title": "Campaigns", "team": "marketing", "duration": "10m"},
            {"title": "Open floor", "team": "joint", "duration": "5m", "kind": SegmentKind.OPEN_FLOOR},
        ],
    }
)


def run_script(seed: int, meeting: Meeting, clock: ManualClock) -> None:
    """Random commands, each valid or refused by the engine itself, with time passing between them."""
    rng = random.Random(seed)
    commands = [
        meeting.toggle,
        meeting.next,
        meeting.previous,
        meeting.skip,
        meeting.heartbeat,
        lambda: meeting.adjust(rng.choice([-60, 60, 120])),
        lambda: meeting.move(rng.randrange(len(meeting.segments)), rng.choice([-1, 1])),
        lambda: meeting.add_segment("Ad hoc", "joint", 120),
        lambda: meeting.park("later"),
        lambda: meeting.capture(rng.choice(list(CaptureKind)), text=f"item {rng.random():.3f}"),
        lambda: meeting.items(CaptureKind.ACTIONS) and meeting.remove_item(CaptureKind.ACTIONS, 0),
        lambda: meeting.items(CaptureKind.DECISIONS) and meeting.edit_item(CaptureKind.DECISIONS, 0, text="edited"),
        lambda: meeting.set_notes(0, f"notes {rng.random():.3f}"),
        lambda: meeting.update_action("2026-11-20-weekly-sync#1", "done", text="Old action"),
        lambda: meeting.take_parked(Parked(title="Pricing", team="sales", planned_seconds=300)),
    ]
    for _ in range(60):
        rng.choice(commands)()
        clock.advance(rng.choice([0, 1, 7.5, 45, 200]))
    meeting.end()


@pytest.mark.parametrize("seed", range(8))
def test_folding_the_events_over_a_bare_state_rebuilds_the_engines_state(seed: int) -> None:
    clock = ManualClock()
    meeting = Meeting(AGENDA, "weekly-sync", "2026-11-27-weekly-sync", clock=clock.now, wall=clock.wall)
    recorded: list[MeetingEvent] = []
    meeting.record = recorded.append
    run_script(seed, meeting, clock)

    state = MeetingState.opening(AGENDA, "weekly-sync", "2026-11-27-weekly-sync", None)
    for event in recorded:
        HANDLERS[type(event)](state, event)  # no engine, no clock: each handler takes its time from the event

    assert len(recorded) > 20
    assert state == meeting.state
    assert [kind for kind, _ in meeting.captured()] == state.taken


def test_every_handler_is_declared_for_the_event_class_it_is_filed_under() -> None:
    for cls, handler in HANDLERS.items():
        hints = typing.get_type_hints(handler)
        assert hints["state"] is MeetingState, handler.__name__
        assert hints["event"] is cls, f"{handler.__name__} applies {hints['event']}, filed under {cls.__name__}"


def test_a_read_only_field_the_state_does_not_have_fails_when_the_class_is_built() -> None:
    with pytest.raises((TypeError, RuntimeError)) as raised:  # Python 3.11 wraps it in a RuntimeError

        class Broken:
            segmnets = StateField[list[int]]()

    assert "MeetingState has no attribute 'segmnets'" in str(raised.value.__cause__ or raised.value)

    assert Meeting.segments.__get__(None, Meeting) is Meeting.segments  # the descriptor itself, on the class


def test_the_engines_fields_are_read_only_views_of_its_state() -> None:
    meeting = Meeting(AGENDA, "weekly-sync", "2026-11-27-weekly-sync", clock=ManualClock().now)
    meeting.capture(CaptureKind.ACTIONS, text="Send the deck")
    assert meeting.actions is meeting.state.actions and meeting.current is meeting.state.segments[0]
    with pytest.raises(AttributeError):
        meeting.index = 3  # type: ignore[misc]  # the state changes by events only
