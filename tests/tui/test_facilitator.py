"""The facilitator is always recorded: given, git's user name on the roster, or the last one of this clone."""

from __future__ import annotations

from pathlib import Path

from meetingtui.domain.facilitator import choose_facilitator
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import find_interrupted
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.meeting import MeetingScreen
from tests.clock import ManualClock
from tests.session_save import save
from tests.tui.test_attendance import loaded

ROSTER = """[[people]]
name = "Test Facilitator"
team = "sales"

[[people]]
name = "Dana Lee"
team = "marketing"
"""


def test_the_order_of_the_sources() -> None:
    roster = ["Dana Lee", "Sam Roe"]
    assert choose_facilitator(given="dana", git_name="sam", last="Kim", roster=roster) == "Dana Lee"
    assert choose_facilitator(given="Morgan", git_name="sam", last="Kim", roster=roster) == "Morgan"
    assert choose_facilitator(given=None, git_name="Sam Roe", last="Kim", roster=roster) == "Sam Roe"
    assert choose_facilitator(given=" ", git_name="jdoe", last="Kim", roster=roster) == "Kim"  # a login, not a person
    assert choose_facilitator(given=None, git_name=None, last=None, roster=roster) is None


async def test_the_picker_path_records_git_s_user_on_the_roster_ticked_present(git_repo: Path) -> None:
    (git_repo / "people.toml").write_text(ROSTER)
    clock = ManualClock()
    app = make_app(MinutesRepo(git_repo), options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first template
        screen = await loaded(pilot)
        listed = {p.name: (p.team.value, p.present) for p in screen.people}
        assert listed["Test Facilitator"] == ("sales", True)
        assert listed["Dana Lee"] == ("marketing", False)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        meeting = app.session.meeting
        assert meeting.facilitator == "Test Facilitator"
        assert [(a.name, a.present) for a in meeting.attendees if a.present] == [("Test Facilitator", True)]


def test_the_last_facilitator_of_this_clone_is_remembered(git_repo: Path) -> None:
    repo = MinutesRepo(git_repo)  # git's "Test Facilitator" is on no roster here
    clock = ManualClock()
    name, agenda = resolve_agenda("weekly-sync", repo)
    options = SessionOptions(commit=False)
    first = MeetingSession.new(repo, name, agenda, facilitator="Dana", options=options, clock=clock.now)
    save(first)
    second = MeetingSession.new(MinutesRepo(git_repo), name, agenda, options=options, clock=clock.now)
    assert second.meeting.facilitator == "Dana"
    save(second)


def test_asked_once_in_a_terminal_then_remembered(git_repo: Path) -> None:
    """Nothing names a facilitator: `run` asks in the terminal, the journal records the answer, nobody asks again."""
    from tests.e2e.helpers_pty import START_TIMEOUT, PtyApp, app_env, meetingtui_argv
    from tests.saving_agenda import SHORT

    state_dir = MinutesRepo(git_repo).state_dir
    argv = meetingtui_argv("run", SHORT, "--no-attendance", "--no-commit", "--repo", str(git_repo))
    with PtyApp(argv, env=app_env(), cwd=git_repo, size=(100, 30)) as app:
        app.wait_for("recorded as the facilitator (asked once)", timeout=START_TIMEOUT)
        app.send("Kim\r")
        app.wait_for("Start/pause", timeout=START_TIMEOUT)
        assert find_interrupted(state_dir).facilitator == "Kim"
        app.send("q")
        app.wait_for("Save & commit", timeout=START_TIMEOUT)  # a loaded machine is slow, not dead
        app.send("\r")
        app.wait_for("Press q to quit", timeout=START_TIMEOUT)
        app.send("q")
        app.wait_exit()
    with PtyApp(argv, env=app_env(), cwd=git_repo, size=(100, 30)) as app:
        shown = app.wait_for("Start/pause", timeout=START_TIMEOUT)
        assert "asked once" not in shown
        assert find_interrupted(state_dir).facilitator == "Kim"
