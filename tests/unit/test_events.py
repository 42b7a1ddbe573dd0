"""Typed events: every class is registered, handled and round-trips; journals of release 1 still replay."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import typing
from pathlib import Path

import pytest

import meetingtui.domain.events as events_module
from meetingtui.domain.agenda import Agenda
from meetingtui.domain.events import (
    EVENT_TYPES,
    WIRE_NAMES,
    ActionReviewed,
    AttendanceSet,
    CaptureKind,
    ClockPaused,
    ClockStarted,
    ItemCaptured,
    ItemEdited,
    ItemRemoved,
    ItemRestored,
    MeetingEnded,
    MeetingEvent,
    MinutesRenumbered,
    NotesSet,
    ParkedTopicTaken,
    ReviewCleared,
    SegmentAdded,
    SegmentMoved,
    SegmentParked,
    TimeAdjusted,
    stamp,
)
from meetingtui.domain.meeting import HANDLERS, Meeting
from meetingtui.domain.minutes import ActionStatus, ActionUpdate, Attendee, Concern, Team
from meetingtui.store.journal import read_journal
from meetingtui.store.journal_records import event_record, read_event
from meetingtui.store.markdown import render_markdown
from meetingtui.store.toml_io import dumps
from tests.clock import ManualClock

FIXTURES = Path(__file__).parents[1] / "fixtures" / "journals"
WALL = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

SAMPLES: list[MeetingEvent] = [
    SegmentParked(reason="later"),
    TimeAdjusted(seconds=-60),
    SegmentMoved(index=3, delta=-1),
    SegmentAdded(title="Ad hoc", team=Team.JOINT, seconds=120, owner="Sam"),
    ParkedTopicTaken(title="Pricing page", team=Team.MARKETING, seconds=420, parked_from="2026-11-20-weekly-sync"),
    MinutesRenumbered(minutes_id="2026-11-27-weekly-sync-2"),
    NotesSet(index=1, text="naïve “quotes”\nline two"),
    AttendanceSet(attendees=(Attendee(name="Ana", team=Team.SALES), Attendee(name="Ben", team=Team.MARKETING))),
    ItemCaptured(kind=CaptureKind.CONCERNS, item=Concern(text="No phones", from_team="sales", to_team="marketing")),
    ItemEdited(
        kind=CaptureKind.CONCERNS, index=0, item=Concern(text="No phone numbers", from_team="sales", to_team="joint")
    ),
    ItemRemoved(kind=CaptureKind.DECISIONS, index=2),
    ItemRestored(kind=CaptureKind.CONCERNS, place=3, item=Concern(text="No phones", from_team="sales")),
    MeetingEnded(at=WALL),
    ActionReviewed(update=ActionUpdate(id="x#1", status=ActionStatus.DROPPED, note="moot")),
    ReviewCleared(action_id="x#1"),
]


def test_every_event_class_has_one_stable_wire_name_and_a_handler() -> None:
    classes = {
        cls
        for cls in vars(events_module).values()
        if isinstance(cls, type) and issubclass(cls, MeetingEvent) and cls is not MeetingEvent
    }
    assert classes == set(WIRE_NAMES) == set(HANDLERS)
    assert len(set(WIRE_NAMES.values())) == len(WIRE_NAMES) == len(EVENT_TYPES)
    for cls in classes:
        assert dataclasses.is_dataclass(cls)


def test_events_are_immutable_and_built_by_keyword_like_frozen_kw_only_dataclasses() -> None:
    """``__init__`` and immutability are written once on MeetingEvent (cheaper to start): same rules as generated."""
    for event in SAMPLES:
        for spec in dataclasses.fields(event):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(event, spec.name, None)
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(event, spec.name)
        assert type(event)(**{f.name: getattr(event, f.name) for f in dataclasses.fields(event)}) == event
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'index'"):
        SegmentMoved(delta=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'secs'"):
        TimeAdjusted(seconds=1, secs=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        TimeAdjusted(60)  # type: ignore[misc]
    assert SegmentParked().reason is None and ClockStarted().t == 0.0 and ClockStarted().wall is None
    assert MeetingEnded(at=WALL, t=5.0) == MeetingEnded(t=5.0, at=WALL)


def test_events_compare_hash_and_show_like_generated_dataclasses() -> None:
    """``==``, ``hash`` and ``repr`` are written once on MeetingEvent (cheaper to start): same meaning as generated."""
    a, same = TimeAdjusted(seconds=60, t=2.0), TimeAdjusted(seconds=60, t=2.0)
    assert a == same and hash(a) == hash(same) and len({a, same}) == 1
    assert a != TimeAdjusted(seconds=-60, t=2.0) and a != stamp(a, 3.0, WALL)
    assert ClockStarted(t=1.0) != ClockPaused(t=1.0)  # same fields, another event
    assert ClockStarted() != "ClockStarted()" and (ClockStarted() == object()) is False
    assert repr(a) == "TimeAdjusted(t=2.0, wall=None, seconds=60)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.seconds = 1  # type: ignore[misc]
    assert {type(e) for e in SAMPLES} <= set(WIRE_NAMES)
    for event in SAMPLES:
        assert event == dataclasses.replace(event) and event == stamp(event, 0.0, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("unstamped", SAMPLES, ids=lambda e: type(e).__name__)
def test_events_round_trip_through_a_journal_line(unstamped: MeetingEvent) -> None:
    event = stamp(unstamped, 1234.5, WALL)
    line = json.dumps(event_record(event))
    assert read_event(json.loads(line), 2) == event


def test_events_without_fields_round_trip() -> None:
    for cls in WIRE_NAMES:
        hints = typing.get_type_hints(cls)
        if set(hints) == {"t", "wall"}:
            event = stamp(cls(), 1.0, WALL)
            assert read_event(event_record(event), 2) == event


def test_an_unknown_event_or_a_newer_format_is_refused() -> None:
    record = event_record(stamp(ClockStarted(), 1.0, WALL))
    with pytest.raises(ValueError):
        read_event({**record, "event": "clock.exploded"}, 2)
    with pytest.raises(ValueError):
        read_event(record, 3)


@pytest.mark.parametrize("name", ["v1-whole-meeting", "v1-interrupted", "v1-skipped-to-end"])
def test_journals_of_release_1_replay_into_the_same_minutes(name: str) -> None:
    found = read_journal(FIXTURES / f"{name}.jsonl")
    assert found is not None
    lines = (FIXTURES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(found.events) == len(lines) - 1, "every format-1 record was migrated"
    last = found.events[-1]
    clock = ManualClock(start_wall=last.wall)
    meeting, _ = Meeting.replay(
        found.agenda,
        found.agenda_name,
        found.minutes_id,
        found.events,
        facilitator=found.facilitator,
        clock=clock.now,
        wall=clock.wall,
        count_downtime=False,
    )
    meeting.end()
    minutes = meeting.to_minutes()
    assert dumps(minutes.to_document()) == (FIXTURES / f"{name}.toml").read_text(encoding="utf-8")
    assert render_markdown(minutes) == (FIXTURES / f"{name}.md").read_text(encoding="utf-8")


def test_space_after_the_last_segment_does_nothing(tmp_path: Path) -> None:
    agenda = Agenda.model_validate({"title": "T", "segments": [{"title": "Only", "team": "joint", "duration": "1m"}]})
    clock = ManualClock()
    meeting = Meeting(agenda, "t", "2026-11-27-t", clock=clock.now, wall=clock.wall)
    heard: list[MeetingEvent] = []
    meeting.subscribe(heard.append)
    meeting.toggle()
    clock.advance(30)
    meeting.skip()
    assert meeting.current is None and not meeting.running
    before = len(heard)
    meeting.toggle()  # used to journal a start here; elapsed() then raised IndexError
    assert len(heard) == before and not meeting.running
    assert meeting.elapsed(0) == 30


def test_unsubscribe_stops_the_calls() -> None:
    agenda = Agenda.model_validate({"title": "T", "segments": [{"title": "Only", "team": "joint", "duration": "1m"}]})
    clock = ManualClock()
    meeting = Meeting(agenda, "t", "2026-11-27-t", clock=clock.now, wall=clock.wall)
    heard: list[MeetingEvent] = []
    stop = meeting.subscribe(heard.append)
    meeting.start()
    stop()
    meeting.pause()
    assert [type(e) for e in heard] == [ClockStarted]


def test_a_journal_of_release_1_resumed_keeps_both_formats_readable(git_repo: Path, tmp_path: Path) -> None:
    from meetingtui.session import MeetingSession, SessionOptions
    from meetingtui.store.journal import JOURNAL_NAME, find_interrupted
    from meetingtui.store.repo import MinutesRepo

    repo = MinutesRepo(git_repo)
    repo.state_dir.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "v1-interrupted.jsonl", repo.state_dir / JOURNAL_NAME)
    found = find_interrupted(repo.state_dir)
    assert found is not None
    clock = ManualClock(start_wall=found.events[-1].wall)
    session = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    session.meeting.capture(CaptureKind.ACTIONS, text="After the upgrade")
    clock.advance(30)
    session.close()
    again = find_interrupted(repo.state_dir)
    assert again is not None
    assert len(again.events) == len(found.events) + 2  # the capture and the closing heartbeat, in format 2
    replayed, _ = Meeting.replay(again.agenda, again.agenda_name, again.minutes_id, again.events)
    assert [a.text for a in replayed.actions] == ["After the upgrade"]
    assert [d.text for d in replayed.decisions] == ["Try the rehearsal"]
