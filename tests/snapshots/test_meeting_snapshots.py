"""Screen snapshots of the meeting's main states at 80x24 and 120x40, with the clock frozen."""

from __future__ import annotations

import pytest

from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from tests.clock import ManualClock
from tests.snapshots.conftest import steady_cursors

SIZES = [(80, 24), (120, 40)]


def build(repo_root, clock: ManualClock):
    repo = MinutesRepo(repo_root)
    name, agenda = resolve_agenda("weekly-sync", repo)
    return make_app(
        repo,
        agenda_name=name,
        agenda=agenda,
        options=SessionOptions(commit=False, quiet=True),
        clock=clock.now,
        wall=clock.wall,
    )


async def run_for(pilot, clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()


async def capture_some(pilot) -> None:
    meeting = pilot.app.session.meeting
    meeting.capture("actions", text="One-pager on the pricing objection", owner="Dana", team="marketing")
    meeting.capture("decisions", text="Comparison page ships before the campaign")
    meeting.capture("concerns", text="Leads arrive without context", from_team="sales", to_team="marketing")
    await pilot.pause()


STATES = {
    "before-start": [],
    "on-time": [("key", "space"), ("run", 100)],
    "warning": [("key", "space"), ("run", 250)],
    "overrun": [("key", "space"), ("run", 375), ("capture",)],
    "second-segment": [("key", "space"), ("run", 290), ("key", "n"), ("run", 61), ("capture",)],
    "captured-selected": [
        *[("key", "space"), ("run", 290), ("key", "n"), ("run", 61), ("capture",)],
        *[("key", "tab"), ("key", "up")],  # tab: the Captured list (the newest item); up: the decision
    ],
    "notes-editing": [("key", "space"), ("run", 60), ("key", "e"), ("type", "Two MQL sources dried up")],
    "action-dialog": [("key", "space"), ("run", 60), ("key", "a"), ("type", "Share call notes")],
    "summary": [("key", "space"), ("run", 320), ("capture",), ("key", "n"), ("run", 200), ("key", "q")],
    "help": [("key", "question_mark")],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_meeting_states(snap_compare, git_repo, state: str, size: tuple[int, int]) -> None:
    clock = ManualClock()

    async def run_before(pilot) -> None:
        await pilot.app.screen.complete.wait()
        for step in STATES[state]:
            if step[0] == "key":
                await pilot.press(step[1])
            elif step[0] == "run":
                await run_for(pilot, clock, step[1])
            elif step[0] == "type":
                await pilot.press(*[{" ": "space"}.get(c, c) for c in step[1]])
            else:
                await capture_some(pilot)
        await pilot.pause()
        await steady_cursors(pilot)

    assert snap_compare(build(git_repo, clock), terminal_size=size, run_before=run_before)
