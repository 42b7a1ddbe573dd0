"""Snapshots of the screens around the meeting: picker, adjust, attendance, review, stats, resume."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meetingtui.domain.minutes import ActionItem, Minutes, SegmentRecord
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.meeting import MeetingScreen
from tests.clock import ManualClock
from tests.snapshots.conftest import steady_cursors

SIZES = [(80, 24), (120, 40)]
TZ = dt.timezone(dt.timedelta(hours=1))
PEOPLE = """[[people]]
name = "Dana"
team = "marketing"
role = "Content lead"

[[people]]
name = "Sam"
team = "sales"
role = "Account executive"

[[people]]
name = "Priya"
team = "sales"
"""


def seed(root: Path) -> MinutesRepo:
    """A repository with a roster and two earlier meetings."""
    (root / "people.toml").write_text(PEOPLE)
    repo = MinutesRepo(root)
    for day, actions in (
        (13, [("Refresh the battlecard", "Sam", "sales", 16)]),
        (
            20,
            [
                ("Case study with ACME", "Dana", "marketing", 30),
                ("Share three call recordings", "Priya", "sales", None),
            ],
        ),
    ):
        start = dt.datetime(2026, 11, day, 10, tzinfo=TZ)
        save_minutes(
            repo,
            Minutes(
                id=f"2026-11-{day}-weekly-sync",
                title="Weekly sales & marketing sync",
                agenda="weekly-sync",
                date=start.date(),
                started_at=start,
                ended_at=start + dt.timedelta(minutes=47),
                segments=[
                    SegmentRecord(
                        title="Pipeline", team="sales", planned_seconds=600, actual_seconds=660, status="done"
                    ),
                    SegmentRecord(
                        title="Campaigns", team="marketing", planned_seconds=600, actual_seconds=480, status="done"
                    ),
                ],
                actions=[
                    ActionItem(
                        id=f"2026-11-{day}-weekly-sync#{n}",
                        text=text,
                        owner=owner,
                        team=team,
                        due=dt.date(2026, 11, due) if due else None,
                    )
                    for n, (text, owner, team, due) in enumerate(actions, 1)
                ],
            ),
        )
    return repo


def app_for(repo: MinutesRepo, clock: ManualClock, agenda: str | None = None):
    options = SessionOptions(commit=False, quiet=True)
    if agenda is None:
        return make_app(repo, options=options, clock=clock.now, wall=clock.wall)
    name, loaded = resolve_agenda(agenda, repo)
    return make_app(repo, agenda_name=name, agenda=loaded, options=options, clock=clock.now, wall=clock.wall)


async def settle(pilot) -> None:
    # A meeting screen under a start-up offer still fills its lower panels (in the typing's pauses): the picture
    # waits for them, or a loaded machine took it with the review list half drawn and not yet focused.
    for screen in pilot.app.screen_stack:
        if isinstance(screen, MeetingScreen):
            await screen.complete.wait()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await steady_cursors(pilot)


FLOWS = {
    "picker": [],
    "adjust": [("key", "e"), ("key", "plus")],
    "attendance": [("key", "enter"), ("key", "space"), ("key", "down"), ("key", "space")],
    "review": [("agenda", "weekly-sync"), ("key", "space"), ("key", "x")],
    "stats": [("key", "S")],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("flow", list(FLOWS))
def test_flow_screens(snap_compare, git_repo, flow: str, size: tuple[int, int]) -> None:
    clock = ManualClock()
    repo = seed(git_repo)
    steps = FLOWS[flow]
    agenda = next((step[1] for step in steps if step[0] == "agenda"), None)

    async def run_before(pilot) -> None:
        await settle(pilot)
        for step in steps:
            if step[0] == "key":
                await pilot.press(step[1])
                await settle(pilot)

    assert snap_compare(app_for(repo, clock, agenda), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_resume_prompt(snap_compare, git_repo, size: tuple[int, int]) -> None:
    clock = ManualClock()
    repo = seed(git_repo)
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(repo, name, agenda, clock=clock.now, wall=clock.wall)
    session.meeting.toggle()
    clock.advance(200)
    session.meeting.capture("decisions", text="Ship the comparison page first")
    session.journal.close()
    clock.advance(95)
    assert snap_compare(app_for(repo, clock), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_parked_offer(snap_compare, git_repo, size: tuple[int, int]) -> None:
    """The start's one compact offer: the last meeting's topics grouped, one the agenda has left out."""
    from meetingtui.domain.minutes import Parked

    clock = ManualClock()
    repo = seed(git_repo)
    start = dt.datetime(2026, 11, 24, 10, tzinfo=TZ)
    topics = [("Handoff quality", "joint", None), ("Pricing page rewrite", "marketing", "ran out of time")]
    topics += [(f"Webinar follow-up {n}", "sales", None) for n in range(1, 7)]
    save_minutes(
        repo,
        Minutes(
            id="2026-11-24-weekly-sync",
            title="Weekly sales & marketing sync",
            agenda="weekly-sync",
            date=start.date(),
            started_at=start,
            ended_at=start + dt.timedelta(minutes=45),
            parked=[Parked(title=t, team=team, reason=why, planned_seconds=300) for t, team, why in topics],
        ),
    )
    assert snap_compare(app_for(repo, clock, "weekly-sync"), terminal_size=size, run_before=settle)
