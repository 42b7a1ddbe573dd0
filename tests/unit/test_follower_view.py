"""The follower page's snapshot: what it shows, and a clock anchor that lets the browser count on alone."""

from __future__ import annotations

import json

from meetingtui.domain.durations import format_clock
from meetingtui.domain.follower_view import snapshot
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock


def new_session(git_repo, clock: ManualClock) -> MeetingSession:
    repo = MinutesRepo(git_repo)
    name, agenda = resolve_agenda("weekly-sync", repo)
    return MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )


def countdown(view: dict, seconds_later: float) -> float:
    """What the page shows ``seconds_later`` after it received ``view`` (the page's arithmetic)."""
    clock = view["clock"]
    elapsed = clock["elapsed"] + (seconds_later if clock["running"] else 0.0)
    return clock["planned"] - elapsed


def test_subscribers_see_every_change_after_it_is_applied_and_journaled(git_repo) -> None:
    clock = ManualClock()
    session = new_session(git_repo, clock)
    seen: list[tuple[str, bool, int]] = []
    unsubscribe = session.subscribe(lambda event: seen.append((event.wire_name, session.meeting.running, len(lines()))))

    def lines() -> list[str]:
        return session.journal.path.read_text().splitlines()

    session.meeting.toggle()
    session.meeting.capture("decisions", text="Go")
    unsubscribe()
    session.meeting.toggle()
    assert [(op, running) for op, running, _ in seen] == [("clock.started", True), ("item.captured", True)]
    assert seen[1][2] == seen[0][2] + 1  # the journal had the event before the subscriber ran


def test_snapshot_is_json_with_segment_clock_agenda_and_captured(git_repo) -> None:
    clock = ManualClock()
    session = new_session(git_repo, clock)
    meeting = session.meeting
    view = snapshot(meeting)
    assert view["state"] == "waiting" and view["clock"]["running"] is False
    meeting.toggle()
    clock.advance(70)
    meeting.capture("actions", text="<script>alert(1)</script>", owner="Ana")
    view = json.loads(json.dumps(snapshot(meeting)))
    assert view["state"] == "running"
    assert view["title"] == meeting.agenda.title
    assert view["current"]["title"] == meeting.segments[0].title
    assert view["current"]["team"] == meeting.segments[0].team.value
    assert view["clock"] == {
        "planned": meeting.segments[0].planned,
        "elapsed": 70,
        "running": True,
        "warn": meeting.agenda.warn_seconds(meeting.segments[0].planned),
    }
    assert view["at"] == clock.wall().timestamp()
    assert [s["status"] for s in view["segments"][:2]] == ["current", "pending"]
    assert view["captured"]["actions"][0]["text"] == "<script>alert(1)</script>"
    projected = view["at"] + max(0, countdown(view, 0)) + view["pending_after"]
    assert projected == meeting.projected_end().timestamp()


def test_the_anchor_agrees_with_the_engine_through_pauses_for_half_an_hour(git_repo) -> None:
    clock = ManualClock()
    session = new_session(git_repo, clock)
    meeting = session.meeting
    meeting.toggle()
    view, received = snapshot(meeting), clock.t
    for step in range(1, 31):  # a pause or resume (a new snapshot) every few minutes, ticking in between
        clock.advance(60)
        assert abs(countdown(view, clock.t - received) - meeting.remaining()) < 1e-6
        if step % 7 == 0:
            meeting.toggle()
            view, received = snapshot(meeting), clock.t


def test_ended_meeting_carries_the_summary(git_repo) -> None:
    clock = ManualClock()
    session = new_session(git_repo, clock)
    meeting = session.meeting
    meeting.toggle()
    clock.advance(120)
    meeting.capture("decisions", text="Ship it")
    meeting.end()
    view = snapshot(meeting)
    assert view["state"] == "ended" and view["current"] is None
    assert view["summary"]["duration"] == 120
    assert view["summary"]["counts"]["decisions"] == 1


def test_after_the_end_no_segment_is_current(git_repo) -> None:
    clock = ManualClock()
    session = new_session(git_repo, clock)
    meeting = session.meeting
    meeting.toggle()
    clock.advance(20)
    meeting.next()
    clock.advance(5)
    meeting.end()
    statuses = [(s["status"], s["actual"]) for s in snapshot(meeting)["segments"][:3]]
    assert statuses == [("done", 20), ("done", 5), ("not-reached", None)]


def test_the_page_summary_has_the_minutes_figures(git_repo) -> None:
    from meetingtui.domain.report import minutes_report

    clock = ManualClock()
    meeting = new_session(git_repo, clock).meeting
    meeting.toggle()
    clock.advance(29.9999999999)  # saved as 30 s: the page must not say 29 or 31
    meeting.next()
    clock.advance(61.4)
    meeting.park("next week")
    clock.advance(10)
    meeting.skip()
    meeting.end()
    summary = snapshot(meeting)["summary"]
    report = minutes_report(meeting.to_minutes())
    for line in report.teams:
        shown = summary["teams"][line.team.value]
        assert (shown["actual"], shown["planned"], shown["share_of_time"]) == (
            line.actual,
            line.planned,
            line.share_of_time,
        )
    assert summary["teams"]["marketing"]["text"] == "1:01 of 9:00 planned (60% of the time)"  # the page's M:SS
    assert summary["segments_text"] == "1 done, 1 skipped, 1 parked, 4 not-reached"
    lines = summary["segments"]
    assert len(lines) == len(report.segments) == len(meeting.segments)
    for shown, line in zip(lines, report.segments, strict=True):  # the minutes' numbers, segment by segment
        assert (shown["title"], shown["status"]) == (line.title, line.status.value)
        assert shown["planned_text"] == format_clock(line.planned) and shown["actual_text"] == format_clock(line.actual)
    first_over = report.segments[0].over
    assert lines[0]["over_text"] == ("+" if first_over > 0 else "-") + format_clock(abs(first_over))
    assert [line["over_text"] for line in lines[1:4]] == ["parked", "skipped", "not reached"]
    assert [s["actual"] for s in snapshot(meeting)["segments"][:3]] == [30, 61, 10]


def test_time_per_team_is_the_balance_panels_and_does_not_move_with_time_alone(git_repo) -> None:
    from meetingtui.domain.report import meeting_report

    clock = ManualClock()
    meeting = new_session(git_repo, clock).meeting
    meeting.toggle()
    clock.advance(70.6)
    meeting.next()
    clock.advance(12.5)
    view = snapshot(meeting)
    current = meeting.current.team.value
    for line in meeting_report(meeting).teams:  # the page adds the running segment's whole seconds
        team = view["teams"][line.team.value]
        running = int(view["clock"]["elapsed"]) if line.team.value == current else 0
        assert (team["planned"], team["actual"] + running) == (line.planned, line.actual)
    clock.advance(30)
    assert snapshot(meeting)["teams"] == view["teams"]  # only the clock anchor moved: nothing to send again
    meeting.end()
    assert snapshot(meeting)["teams"] is None  # the end view has the minutes' figures instead
