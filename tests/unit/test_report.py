"""One computation of a meeting's numbers: the engine, the report, the TOML and the Markdown agree exactly."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.durations import format_clock, format_duration, format_signed_duration
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import Minutes, Parked, SegmentRecord, SegmentStatus
from meetingtui.domain.report import (
    MeetingReport,
    build_report,
    countdown_seconds,
    format_over,
    meeting_report,
    minutes_report,
    whole_percentages,
    whole_seconds,
)
from meetingtui.store.markdown import render_markdown
from meetingtui.store.toml_io import dumps, parse_toml
from tests.clock import ManualClock


def agenda(*durations: int, teams: tuple[str, ...] = ("sales", "marketing", "joint")) -> Agenda:
    segments = [
        {"title": f"Segment {i + 1}", "team": teams[i % len(teams)], "duration": f"{seconds}s"}
        for i, seconds in enumerate(durations)
    ]
    return Agenda.model_validate({"title": "Rehearsal", "segments": segments})


def run(durations: tuple[int, ...], script: list[tuple[str, float]]) -> tuple[Meeting, Minutes]:
    clock = ManualClock()
    meeting = Meeting(agenda(*durations), "rehearsal", "2026-11-27-rehearsal", clock=clock.now, wall=clock.wall)
    added = 0
    for op, step in script:
        clock.advance(step)
        if op == "space":
            meeting.toggle()
        elif op == "next":
            meeting.next()
        elif op == "back":
            meeting.previous()
        elif op == "skip":
            meeting.skip()
        elif op == "park":
            meeting.park("no time")
        elif op == "plus":
            meeting.adjust(60)
        elif op == "minus":
            meeting.adjust(-60)
        elif op == "add":
            added += 1
            meeting.add_segment(f"Added {added}", Team.JOINT, 30)
        elif op == "accept":  # a parked topic: one the template has too (never doubled), or a new one
            title = "Segment 1" if added % 2 else "Parked topic"
            added += 1
            meeting.take_parked(Parked(title=title, team=Team.SALES, planned_seconds=45, minutes_id="earlier"))
    asked = clock.wall()  # q stops the clock and opens the summary, read for a while before saving
    meeting.pause()
    clock.advance(37.5)
    meeting.end(asked)
    return meeting, meeting.to_minutes()


def markdown_table(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the table under ``## heading``, cells stripped and bold marks removed."""
    block = markdown.split(f"## {heading}\n\n", 1)[1].split("\n\n", 1)[0]
    rows = block.splitlines()[2:]
    return [[cell.strip().strip("*") for cell in row.strip("|").split("|")] for row in rows]


def check_report(report: MeetingReport) -> None:
    """Totals are the sums of their columns; shares add up to 100."""
    assert report.planned == sum(line.planned for line in report.segments) == sum(t.planned for t in report.teams)
    assert report.actual == sum(line.actual for line in report.segments) == sum(t.actual for t in report.teams)
    assert report.over == sum(line.over for line in report.segments if line.over is not None)
    for line in report.segments:
        assert (line.over is None) == (line.status is not SegmentStatus.DONE)
        if line.over is not None:
            assert line.over == line.actual - line.planned
    for shares, total in (
        ([t.share_of_time for t in report.teams], report.actual),
        ([t.share_of_plan for t in report.teams], report.planned),
    ):
        if total:
            assert sum(shares) == 100 and all(0 <= share <= 100 for share in shares)
        else:
            assert shares == [None] * len(shares)


OPS = st.sampled_from(["space", "space", "next", "next", "back", "skip", "park", "plus", "minus", "add", "accept"])
STEPS = st.one_of(st.just(0.0), st.floats(0, 90, allow_nan=False), st.integers(0, 120).map(float))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    durations=st.lists(st.sampled_from([20, 30, 45, 60, 90, 300]), min_size=1, max_size=6).map(tuple),
    script=st.lists(st.tuples(OPS, STEPS), max_size=30),
)
@example(durations=(20, 20), script=[("space", 0.001), ("next", 1.748), ("space", 23.0)])  # showed +0:02, saved 23 s
@example(durations=(20,), script=[("next", 3.743528803803729), ("space", 0.0), ("space", 21.0)])
def test_engine_report_toml_and_markdown_agree(durations: tuple[int, ...], script: list[tuple[str, float]]) -> None:
    meeting, minutes = run(durations, script)
    report = minutes_report(minutes)
    assert meeting_report(meeting) == report  # what the screen shows is what is saved
    check_report(report)

    # The engine: each segment's saved seconds are its clock time rounded once, and the countdown agrees.
    for index, line in enumerate(report.segments):
        elapsed = meeting.elapsed(index)
        assert line.actual == whole_seconds(elapsed)
        assert countdown_seconds(line.planned, elapsed) == line.planned - line.actual
    if meeting.current is not None:  # the countdown on screen says what will be saved
        assert format_clock(meeting.countdown()) == format_clock(
            meeting.current.planned - whole_seconds(meeting.elapsed())
        )
    assert [line.status.value for line in report.segments] == [s.status.value for s in minutes.segments]
    # Parking is a state: the parked topics are exactly the parked segments, each saying where it came from.
    parked_lines = [
        (i + 1, line.title) for i, line in enumerate(report.segments) if line.status is SegmentStatus.PARKED
    ]
    assert [(p.segment, p.title) for p in minutes.parked] == parked_lines
    assert all(p.minutes_id == minutes.id and p.agenda == minutes.agenda for p in minutes.parked)
    titles = [line.title.casefold() for line in report.segments]
    assert titles.count("segment 1") == 1 and titles.count("parked topic") <= 1  # accepting never doubles

    # JSON: the same figures, keyed as in the TOML.
    data = report.to_json()
    assert [s["actual_seconds"] for s in data["segments"]] == [s.actual_seconds for s in minutes.segments]
    assert data["actual_seconds"] == report.actual and data["over_seconds"] == report.over

    # The TOML: what is saved reads back to the same figures.
    reloaded = Minutes.model_validate(parse_toml(dumps(minutes.to_document())))
    assert minutes_report(reloaded) == report

    # ended_at is when q was pressed, not when the minutes were saved, in the TOML and the Markdown alike.
    assert meeting.ended_at is not None
    asked = meeting.ended_at
    assert meeting.wall_now() - asked == dt.timedelta(seconds=37.5)
    assert minutes.ended_at == max(asked.replace(microsecond=0), minutes.started_at) == reloaded.ended_at

    # The Markdown: every cell is the report's figure, exactly.
    markdown = render_markdown(reloaded)
    assert f"–{minutes.ended_at:%H:%M} " in markdown
    span = format_duration(int((minutes.ended_at - minutes.started_at).total_seconds()))
    header = re.search(r"- \*\*Time:\*\* .* \((.*)\)\n", markdown)
    assert header and header.group(1) in (span, f"{span}, agenda time {format_duration(report.actual)}")
    rows = markdown_table(markdown, "Agenda")
    totals = report.total_rows()
    assert len(rows) == len(report.segments) + len(totals)
    for row, line in zip(rows, report.segments, strict=False):
        assert row[0] == line.title
        assert row[3:] == [
            format_duration(line.planned),
            format_duration(line.actual),
            "—" if line.over is None else format_signed_duration(line.over),
            line.status.value,
        ]
    # The Total row adds up: plan, actual and over/under over the same (done) segments; the rest apart.
    done = [line for line in report.segments if line.status is SegmentStatus.DONE]
    total = totals[0]
    assert (total.label, total.planned, total.actual) == (
        "Total",
        sum(line.planned for line in done),
        sum(line.actual for line in done),
    )
    assert total.over == total.actual - total.planned == report.over
    rest = [line for line in report.segments if line.status is not SegmentStatus.DONE]
    assert len(totals) == 1 + bool(rest)
    if rest:
        assert (totals[1].planned, totals[1].actual, totals[1].over) == (
            sum(line.planned for line in rest),
            sum(line.actual for line in rest),
            None,
        )
        assert totals[0].planned + totals[1].planned == report.planned
        for status in (SegmentStatus.SKIPPED, SegmentStatus.PARKED, SegmentStatus.NOT_REACHED):
            assert (f"{report.count(status)} {status.value}" in totals[1].label) == bool(report.count(status))
    for row, line in zip(rows[len(report.segments) :], totals, strict=True):
        assert row[0] == line.label
        assert row[3:6] == [format_duration(line.planned), format_duration(line.actual), format_over(line.over)]
    if not (report.planned or report.actual):  # nothing planned nor run: no balance to show
        assert "## Time balance" not in markdown
        return
    balance = {row[0]: row[1:] for row in markdown_table(markdown, "Time balance")}
    for team in report.teams:
        if team.planned or team.actual:
            label = team.team.value.capitalize()
            assert balance[label] == [
                format_duration(team.planned),
                "—" if team.share_of_plan is None else f"{team.share_of_plan}%",
                format_duration(team.actual),
                "—" if team.share_of_time is None else f"{team.share_of_time}%",
            ]
    assert balance["Total"][0] == format_duration(report.planned) and balance["Total"][2] == format_duration(
        report.actual
    )


def test_four_twenty_second_segments_plan_one_minute_twenty() -> None:
    _, minutes = run((20, 20, 20, 20), [("space", 0), ("next", 21.4), ("skip", 5), ("park", 3), ("next", 0)])
    markdown = render_markdown(minutes)
    rows = markdown_table(markdown, "Agenda")
    assert [row[3:] for row in rows] == [
        ["20s", "21s", "+1s", "done"],
        ["20s", "5s", "—", "skipped"],
        ["20s", "3s", "—", "parked"],
        ["20s", "0s", "—", "not-reached"],  # zero in seconds, as its neighbours
        ["20s", "21s", "+1s", ""],  # the Total adds up: the done segment's plan, actual and over/under
        ["1m", "8s", "—", ""],  # the segments not run, apart: their plan and the time spent before leaving them
    ]
    assert [row[0] for row in rows[-2:]] == ["Total", "Not run: 1 skipped, 1 parked, 1 not-reached"]


def test_a_skipped_segment_reads_the_same_everywhere() -> None:
    _, minutes = run((60, 60), [("space", 0), ("skip", 8), ("minus", 1)])
    line = minutes_report(minutes).segments[0]
    assert (line.status, line.actual, line.over) == (SegmentStatus.SKIPPED, 8, None)


def test_old_minutes_with_a_parked_segment_as_skipped_still_load() -> None:
    old = SegmentRecord.model_validate(
        {"title": "X", "team": "sales", "planned_seconds": 60, "actual_seconds": 0, "status": "skipped"}
    )
    new = old.model_copy(update={"status": SegmentStatus("parked")})
    report = build_report([old, new])
    assert (report.count(SegmentStatus.SKIPPED), report.count(SegmentStatus.PARKED), report.over) == (1, 1, 0)


def test_whole_percentages_add_up() -> None:
    assert whole_percentages([1, 1, 1]) == [34, 33, 33]
    assert whole_percentages([49, 0, 1]) == [98, 0, 2]
    assert whole_percentages([0, 0]) == [None, None]
    assert sum(whole_percentages([7, 11, 13])) == 100


def test_whole_seconds_rounds_down_like_the_countdown() -> None:
    assert [whole_seconds(x) for x in (0, 0.4, 15.6, 15.9999999999, 16.0)] == [0, 0, 15, 16, 16]
    assert format_clock(60 - 15.6) == "0:45" and 60 - whole_seconds(15.6) == 45


def test_labels_say_which_share() -> None:
    report = build_report(run((20, 20), [("space", 0), ("next", 49), ("next", 1)])[1].segments)
    sales = report.team(Team.SALES)
    assert (sales.actual, sales.planned, sales.share_of_time, sales.share_of_plan) == (49, 20, 98, 50)
    assert re.search(
        r"\| Sales \| 20s \| 50% \| 49s \| 98% \|",
        render_markdown(run((20, 20), [("space", 0), ("next", 49), ("next", 1)])[1]),
    )


def test_going_back_to_a_parked_segment_unparks_it() -> None:
    _, minutes = run((20, 20), [("space", 0), ("park", 5), ("back", 1), ("next", 10)])
    assert minutes_report(minutes).segments[0].status is SegmentStatus.DONE
    assert minutes.parked == []


def test_a_parked_topic_remembers_where_it_came_from_and_is_taken_once() -> None:
    _, minutes = run((20, 20), [("space", 0), ("park", 5), ("next", 3)])
    assert minutes.parked == [
        Parked(
            title="Segment 1",
            team=Team.SALES,
            reason="no time",
            planned_seconds=20,
            agenda="rehearsal",
            minutes_id="2026-11-27-rehearsal",
            segment=1,
        )
    ]
    clock = ManualClock()
    later = Meeting(agenda(20, 20), "rehearsal", "2026-12-04-rehearsal", clock=clock.now, wall=clock.wall)
    assert later.take_parked(minutes.parked[0]) == 0  # the template has it: that segment carries it
    assert later.take_parked(Parked(title="Pricing", team=Team.MARKETING), parked_from="2026-11-20-rehearsal") == 1
    records = later.to_minutes().segments
    assert [(s.title, s.parked_from) for s in records] == [
        ("Segment 1", "2026-11-27-rehearsal"),
        ("Pricing", "2026-11-20-rehearsal"),
        ("Segment 2", None),
    ]
    assert [s.planned_seconds for s in records] == [20, 300, 20]
