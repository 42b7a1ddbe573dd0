"""Attendance, driven through the real app: roster, recent minutes, named owners, ticking, adding, ``t``."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Label, Static

from meetingtui.domain.attendance import looks_like_name
from meetingtui.domain.minutes import Attendee
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.attendance import AttendanceScreen
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.screens.meeting import MeetingScreen
from tests.clock import ManualClock
from tests.session_save import save

PEOPLE = """[[people]]
name = "Dana"
team = "marketing"
role = "Content lead"

[[people]]
name = "Sam"
team = "sales"

[[people]]
name = "Priya"
team = "sales"
"""

TEAM_AGENDA = """title = "Team sync"
duration = "15m"

[[segments]]
title = "Campaigns"
team = "marketing"
duration = "5m"
owner = "Morgan"

[[segments]]
title = "Pipeline"
team = "sales"
duration = "5m"
owner = "Sales lead"

[[segments]]
title = "Open floor"
team = "joint"
duration = "5m"
owner = "Dana"
"""


def plain(renderable: object) -> str:
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def setup_repo(root: Path, clock: ManualClock) -> MinutesRepo:
    (root / "people.toml").write_text(PEOPLE)
    (root / "agendas").mkdir()
    (root / "agendas" / "team.toml").write_text(TEAM_AGENDA)
    repo = MinutesRepo(root)
    # Last week's minutes bring Alex, who is not on the roster; a broken file next to them is skipped.
    name, agenda = resolve_agenda("team", repo)
    earlier = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    earlier.meeting.set_attendees([Attendee(name="Alex", team="sales"), Attendee(name="Dana", team="marketing")])
    save(earlier)
    (repo.minutes_dir / "2026" / "2026-11-28-broken.toml").write_text("this is not = = toml")
    clock.advance(7 * 86400)
    return repo


async def loaded(pilot) -> AttendanceScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AttendanceScreen)
    return screen


async def tick(pilot, name: str) -> None:
    screen = pilot.app.screen
    screen.query_one(DataTable).move_cursor(row=[p.name for p in screen.people].index(name))
    await pilot.press("space")


def counts(screen: AttendanceScreen) -> str:
    return plain(screen.query_one("#attendance-counts", Static).content)


def test_owner_names_versus_roles() -> None:
    assert looks_like_name("Morgan") and looks_like_name("Dana Lee")
    assert not any(
        map(
            looks_like_name,
            [
                "Sales lead",
                "Facilitator",
                "Marketing ops lead",
                "Account executive",
                "everyone",
                "",
                "SDR team",
                "Team 2",
            ],
        )
    )


async def test_attendance_before_the_meeting(git_repo: Path) -> None:
    clock = ManualClock()
    repo = setup_repo(git_repo, clock)
    app = make_app(MinutesRepo(git_repo), options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = app.screen
        picker.query_one(DataTable).move_cursor(row=[e.name for e in picker.entries].index("team"))
        await pilot.press("enter")
        screen = await loaded(pilot)

        listed = {p.name: (p.team.value, p.present) for p in screen.people}
        assert listed == {
            "Alex": ("sales", False),
            "Priya": ("sales", False),
            "Sam": ("sales", False),
            "Dana": ("marketing", False),
            "Morgan": ("marketing", False),
        }
        assert [p.name for p in screen.people] == ["Alex", "Priya", "Sam", "Dana", "Morgan"]  # grouped by team
        notes = {p.name: p.note for p in screen.people}
        assert notes["Morgan"] == "leads “Campaigns”" and notes["Dana"] == "leads “Open floor”"
        assert notes["Alex"] == "came 27 Nov"
        assert "0 here" in counts(screen)

        await tick(pilot, "Dana")
        assert "No one from Sales is marked present" in counts(screen)
        await tick(pilot, "Sam")
        assert "No one from" not in counts(screen)

        await pilot.press("a")
        await pilot.press(*"Jo", "enter")  # the team is required
        assert isinstance(app.screen, FormDialog)
        assert "team" in str(app.screen.query_one("#dialog-error", Label).content).lower()
        assert app.screen.focused is app.screen.query_one("#field-team")  # the cursor goes to what is missing
        await pilot.press("m", "enter")
        assert app.screen is screen
        assert screen.people[screen.query_one(DataTable).cursor_row].name == "Jo"
        assert "1 of 3" in counts(screen) and "2 of 3" in counts(screen) and "3 here" in counts(screen)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    attendees = {a.name: (a.team.value, a.present) for a in app.session.meeting.attendees}
    assert attendees == {
        "Alex": ("sales", False),
        "Priya": ("sales", False),
        "Sam": ("sales", True),
        "Dana": ("marketing", True),
        "Morgan": ("marketing", False),
        "Jo": ("marketing", True),
    }
    assert app.session.meeting.agenda_name == "team"
    assert repo.people.people[0].name == "Dana"  # people.toml is only read, never written


async def test_attendance_during_the_meeting_keeps_the_flags(git_repo: Path) -> None:
    clock = ManualClock()
    (git_repo / "people.toml").write_text(PEOPLE)
    repo = MinutesRepo(git_repo)
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    session.meeting.set_attendees(
        [Attendee(name="Sam", team="sales", present=True), Attendee(name="Dana", team="marketing", present=False)]
    )
    app = make_app(repo, session=session, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        screen = await loaded(pilot)
        assert {p.name: p.present for p in screen.people} == {"Sam": True, "Priya": False, "Dana": False}
        assert "Sam" in counts(screen)  # the wide layout names who is here per team
        await tick(pilot, "Dana")
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingScreen)
        assert {a.name: a.present for a in session.meeting.attendees} == {"Sam": True, "Priya": False, "Dana": True}

        await pilot.press("t")
        await loaded(pilot)
        await tick(pilot, "Sam")
        await pilot.press("escape")  # cancelled: nothing changes
        assert isinstance(app.screen, MeetingScreen)
        assert {a.name: a.present for a in session.meeting.attendees} == {"Sam": True, "Priya": False, "Dana": True}
