"""The meeting engine under a manual clock: no sleeps, exact arithmetic."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.durations import adjusted_duration
from meetingtui.domain.events import MeetingEvent as Event
from meetingtui.domain.meeting import LiveStatus, Meeting, Phase
from meetingtui.domain.minutes import Parked, SegmentStatus
from meetingtui.domain.report import meeting_report, minutes_report, whole_seconds
from meetingtui.domain.schedule import overrun_bell
from meetingtui.store.journal_records import event_record, read_event
from tests.clock import ManualClock


def agenda(*segments: tuple[str, str, str], slot: str | None = None, warn_at: str = "1m") -> Agenda:
    doc = {
        "title": "Weekly sync",
        "warn_at": warn_at,
        "segments": [{"title": t, "team": team, "duration": d} for t, team, d in segments],
    }
    if slot:
        doc["duration"] = slot
    return Agenda.model_validate(doc)


WEEKLY = agenda(
    ("Actions", "joint", "5m"),
    ("Pipeline", "sales", "10m"),
    ("Campaigns", "marketing", "10m"),
    ("Open floor", "joint", "5m"),
    slot="30m",
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def events() -> list[Event]:
    return []


@pytest.fixture
def meeting(clock: ManualClock, events: list[Event]) -> Meeting:
    meeting = Meeting(WEEKLY, "weekly-sync", "2026-11-27-weekly-sync", clock=clock.now, wall=clock.wall)
    meeting.subscribe(events.append)
    return meeting


def test_clock_is_stopped_until_started(meeting: Meeting, clock: ManualClock) -> None:
    clock.advance(120)
    assert meeting.elapsed() == 0
    assert not meeting.started
    meeting.toggle()
    clock.advance(30)
    assert meeting.elapsed() == 30
    assert meeting.started_at == clock.wall() - dt.timedelta(seconds=30)


def test_pauses_are_excluded(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(60)
    meeting.toggle()  # pause
    clock.advance(600)
    meeting.toggle()  # resume
    clock.advance(15)
    assert meeting.elapsed() == 75


def test_two_hour_meeting_with_pauses_and_suspends_has_no_drift(clock: ManualClock) -> None:
    """Random pauses, segment changes and long jumps (a suspended laptop): elapsed equals the sum of run time."""
    long = agenda(*[(f"S{i}", ["sales", "marketing", "joint"][i % 3], "10m") for i in range(12)])
    meeting = Meeting(long, "long", "x", clock=clock.now, wall=clock.wall)
    rng = random.Random(7)
    expected = [0.0] * 12
    running = False
    index = 0
    spent = 0.0
    while spent < 7200:
        step = rng.choice([0.001, 0.25, 1, 7.5, 60, 900])  # 900 s: the lid closed
        clock.advance(step)
        spent += step
        if running:
            expected[index] += step
        action = rng.random()
        if action < 0.05:
            meeting.toggle()
            running = not running
        elif action < 0.08 and index < 11:
            meeting.next()
            index += 1
    for i in range(12):
        assert meeting.elapsed(i) == pytest.approx(expected[i], abs=1e-6)
    assert meeting_report(meeting).actual == sum(whole_seconds(meeting.elapsed(i)) for i in range(12))


def test_warning_then_overrun_rings_once(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(239)
    assert meeting.phase() is Phase.ON_TIME
    clock.advance(1)
    assert meeting.phase() is Phase.WARNING
    clock.advance(61)
    assert meeting.phase() is Phase.OVERRUN
    assert meeting.remaining() == -1
    ring, rung = overrun_bell(meeting.state, meeting.now(), frozenset())
    assert ring is True
    clock.advance(30)
    assert overrun_bell(meeting.state, meeting.now(), rung) == (False, rung)
    clock.advance(60)
    meeting.adjust(+60)  # still over after the extra minute: no second bell
    assert overrun_bell(meeting.state, meeting.now(), rung) == (False, rung)


def test_warn_at_share(clock: ManualClock) -> None:
    meeting = Meeting(agenda(("A", "sales", "10m"), warn_at="20%"), "a", "x", clock=clock.now, wall=clock.wall)
    meeting.toggle()
    clock.advance(479)
    assert meeting.phase() is Phase.ON_TIME
    clock.advance(1)
    assert meeting.phase() is Phase.WARNING


def test_next_previous_keep_each_segments_time(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(100)
    assert meeting.next()
    clock.advance(50)
    assert meeting.previous()
    assert meeting.index == 0
    assert meeting.segments[1].status is LiveStatus.PENDING
    clock.advance(10)
    assert meeting.elapsed(0) == 110
    assert meeting.elapsed(1) == 50
    assert not Meeting(WEEKLY, "w", "x", clock=clock.now, wall=clock.wall).previous()


def test_extend_and_shorten(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(310)
    assert meeting.phase() is Phase.OVERRUN
    ring, rung = overrun_bell(meeting.state, meeting.now(), frozenset())
    assert ring
    meeting.adjust(+60)
    assert meeting.segments[0].planned == 360
    assert meeting.phase() is Phase.WARNING
    ring, rung = overrun_bell(meeting.state, meeting.now(), rung)  # back within its time: the bell can ring again
    assert not ring
    clock.advance(60)
    assert overrun_bell(meeting.state, meeting.now(), rung)[0] is True  # a new overrun after that minute rings again
    refused = [meeting.adjust(-60) for _ in range(10)]
    assert meeting.segments[0].planned == 60  # never below what the agenda editor allows (it refuses 0m)
    assert refused == [True] * 5 + [False] * 5
    assert adjusted_duration(60, -60) is None and adjusted_duration(20, +60) == 80


def test_skip_and_park(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(30)
    assert meeting.skip()
    assert meeting.segments[0].status is LiveStatus.SKIPPED
    assert meeting.park("ran out of time")
    assert meeting.current.title == "Campaigns"
    assert [p.title for p in meeting.parked] == ["Pipeline"]
    assert meeting.parked[0].planned_seconds == 600
    minutes = meeting.to_minutes()
    assert [s.status for s in minutes.segments] == [
        SegmentStatus.SKIPPED,
        SegmentStatus.PARKED,  # parked is its own status in the files, as on the screen
        SegmentStatus.NOT_REACHED,
        SegmentStatus.NOT_REACHED,
    ]
    assert minutes.segments[0].actual_seconds == 30  # time spent before skipping still counts


def test_skip_last_segment_ends_the_agenda(meeting: Meeting) -> None:
    meeting.toggle()
    for _ in range(3):
        assert meeting.next()
    assert meeting.is_last
    assert not meeting.next()
    assert meeting.skip()
    assert meeting.current is None
    assert not meeting.running


def test_projected_end_and_segments_at_risk(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    start = clock.wall()
    assert meeting.scheduled_end() == start + dt.timedelta(minutes=30)
    assert meeting.projected_over() == 0
    clock.advance(420)  # 2 minutes over in the first segment
    assert meeting.projected_over() == 120
    assert meeting.at_risk() == [3]
    meeting.adjust(-60)  # shortening an overrun segment changes nothing: it is already over
    assert meeting.projected_over() == 120
    meeting.next()
    meeting.adjust(-180)
    assert meeting.projected_over() == -60
    assert meeting.at_risk() == []


def test_move_and_add_segments(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    assert not meeting.move(0, 1)  # the current segment stays put
    assert not meeting.move(1, -1)  # nothing moves above the current one
    assert meeting.move(3, -2)
    assert [s.title for s in meeting.segments] == ["Actions", "Open floor", "Pipeline", "Campaigns"]
    index = meeting.add_segment("Pricing objection", Team.SALES, 180)
    assert index == 1 and meeting.segments[1].added
    clock.advance(60)
    assert meeting.projected_over() == 180
    meeting.next()
    assert meeting.current.title == "Pricing objection"


def test_team_balance(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(300)
    meeting.next()
    clock.advance(700)
    meeting.next()
    clock.advance(200)
    report = meeting_report(meeting)
    assert {line.team: line.actual for line in report.teams} == {Team.JOINT: 300, Team.SALES: 700, Team.MARKETING: 200}
    assert {line.team: line.planned for line in report.teams} == {Team.JOINT: 600, Team.SALES: 600, Team.MARKETING: 600}


def test_capture_assigns_ids_and_segments(meeting: Meeting) -> None:
    meeting.toggle()
    first = meeting.capture(
        "actions", text="One-pager on pricing", owner="Dana", team="marketing", due=dt.date(2026, 12, 4)
    )
    meeting.next()
    second = meeting.capture("actions", text="Share call recordings")
    meeting.remove_item("actions", 1)
    third = meeting.capture("actions", text="Again")
    assert [first.id, second.id, third.id] == [
        "2026-11-27-weekly-sync#1",
        "2026-11-27-weekly-sync#2",
        "2026-11-27-weekly-sync#3",
    ]
    assert first.segment == "Actions" and third.segment == "Pipeline"
    meeting.capture("decisions", text="Ship the comparison page")
    meeting.capture("concerns", text="Leads arrive without context", from_team="sales", to_team="marketing")
    meeting.capture("insights", text="Asked about X", source="ACME call", content_idea="X vs us page")
    minutes = meeting.to_minutes()
    assert len(minutes.actions) == 2 and minutes.decisions[0].segment == "Pipeline"
    assert minutes.concerns[0].from_team is Team.SALES
    with pytest.raises(ValueError):
        meeting.capture("actions", text="")


def test_replay_rebuilds_the_same_meeting(meeting: Meeting, clock: ManualClock, events: list[Event]) -> None:
    meeting.toggle()
    clock.advance(130)
    meeting.capture("actions", text="A1", owner="Sam", team="sales")
    meeting.set_notes(0, "first notes")
    meeting.next()
    meeting.adjust(60)
    clock.advance(45)
    meeting.add_segment("Ad hoc", "joint", 120)
    meeting.move(3, 1)
    meeting.update_action("2026-11-20-weekly-sync#3", "done", note="shipped")
    meeting.take_parked(Parked(title="Pricing page", team="marketing", planned_seconds=420), "2026-11-20-weekly-sync")
    meeting.park("later")
    meeting.park("also later")
    meeting.previous()  # un-parks the second one: replay must agree
    clock.advance(20)
    restored, down = Meeting.replay(
        WEEKLY,
        "weekly-sync",
        meeting.minutes_id,
        [read_event(event_record(e), 2) for e in events],
        clock=clock.now,
        wall=clock.wall,
    )
    assert down == 20
    assert restored.to_minutes() == meeting.to_minutes()
    assert [p.title for p in restored.parked] == [meeting.segments[1].title]
    assert any(s.parked_from == "2026-11-20-weekly-sync" for s in restored.to_minutes().segments)
    assert restored.index == meeting.index and restored.running
    clock.advance(5)
    assert restored.elapsed() == meeting.elapsed() == 25
    next_action = restored.capture("actions", text="after resume")
    assert next_action.id.endswith("#2")


def test_replay_without_counting_downtime(meeting: Meeting, clock: ManualClock, events: list[Event]) -> None:
    meeting.toggle()
    clock.advance(100)
    meeting.heartbeat()
    clock.advance(500)  # the laptop died here
    restored, down = Meeting.replay(
        WEEKLY, "weekly-sync", meeting.minutes_id, events, clock=clock.now, wall=clock.wall, count_downtime=False
    )
    assert down == 500
    assert restored.elapsed() == 100
    counted, _ = Meeting.replay(WEEKLY, "weekly-sync", meeting.minutes_id, events, clock=clock.now, wall=clock.wall)
    assert counted.elapsed() == 600


def test_minutes_of_a_finished_meeting(meeting: Meeting, clock: ManualClock) -> None:
    meeting.toggle()
    clock.advance(300)
    meeting.next()
    clock.advance(720)
    meeting.end()
    clock.advance(1000)
    minutes = meeting.to_minutes()
    assert minutes.started_at.tzinfo is not None
    assert (minutes.ended_at - minutes.started_at).total_seconds() == 1020
    assert [s.actual_seconds for s in minutes.segments] == [300, 720, 0, 0]
    assert [s.status for s in minutes.segments][:2] == [SegmentStatus.DONE, SegmentStatus.DONE]
    assert minutes_report(minutes).team(Team.SALES).actual == 720
