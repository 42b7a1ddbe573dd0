"""Before the meeting, a clone with a remote catches up in the background and says how current its history is."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import time
from pathlib import Path

import pytest

from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.git import run as git_run
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.app import MeetingApp, make_app
from meetingtui.tui.widgets.review import ReviewPanel
from meetingtui.tui.widgets.schedule import SchedulePanel
from tests.clock import ManualClock
from tests.team_git import commit_minutes, git, make_team, minutes, refused_url, silent_listener

CURRENT = re.compile(r"history current \(synced \d\d:\d\d\)")


def app_in(root: Path, agenda: str | None = "weekly-sync") -> MeetingApp:
    repo, clock = MinutesRepo(root), ManualClock(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
    if agenda is None:
        return make_app(repo, options=SessionOptions(), clock=clock.now, wall=clock.wall)
    name, loaded = resolve_agenda(agenda, repo)
    return make_app(repo, agenda_name=name, agenda=loaded, options=SessionOptions(), clock=clock.now, wall=clock.wall)


async def synced(pilot) -> None:
    """Until the sync has ended and every history read it caused is done."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.history_sync.status is not None and not app.workers._workers:
            return
    raise AssertionError("the sync never ended")


def schedule_line(app: MeetingApp) -> str:
    return str(app.screen.query_one(SchedulePanel).border_subtitle or "")


def review_texts(app: MeetingApp) -> list[str]:
    panel = app.screen.query_one(ReviewPanel)
    return [str(panel.get_row_at(i)[2]).rsplit(" — ", 1)[0] for i in range(panel.row_count)]  # without the owner


async def test_a_stale_clone_reviews_the_actions_a_colleague_pushed(tmp_path: Path) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    commit_minutes(theirs, minutes(dt.date(2026, 11, 24), actions=2))
    git(theirs, "push", "-q", "origin", "main")
    app = app_in(ours)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.complete.wait()
        await synced(pilot)
        assert review_texts(app) == ["Action 1 of the 10:00 meeting", "Action 2 of the 10:00 meeting"]
        assert CURRENT.fullmatch(schedule_line(app)), schedule_line(app)
        assert app.history_sync.status.came_in
    assert (ours / "minutes" / "2026" / "2026-11-24-weekly-sync.toml").exists()


@pytest.mark.parametrize(
    ("size", "line"), [((120, 40), "offline — history as of {}"), ((80, 24), "offline · as of {}")]
)
async def test_offline_says_how_old_the_history_is(tmp_path: Path, size: tuple[int, int], line: str) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    as_of = dt.datetime.fromisoformat(git(ours, "log", "-1", "--format=%cI", "origin/main")).astimezone(dt.UTC).date()
    git(ours, "remote", "set-url", "origin", refused_url())  # the server is down: refused at once
    app = app_in(ours)
    async with app.run_test(size=size) as pilot:
        await app.screen.complete.wait()
        await synced(pilot)
        assert schedule_line(app) == line.format(as_of.isoformat())
        assert review_texts(app) == ["Nothing open from earlier meetings."]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_offline_with_minutes_not_pushed_fits_the_schedule_border(tmp_path: Path, size: tuple[int, int]) -> None:
    from textual.geometry import Region

    _bare, (ours,) = make_team(tmp_path, 1)
    commit_minutes(ours, minutes(dt.date(2026, 11, 24)))
    git(ours, "remote", "set-url", "origin", refused_url())  # the server is down: refused at once
    app = app_in(ours)
    async with app.run_test(size=size) as pilot:
        await app.screen.complete.wait()
        await synced(pilot)
        panel = app.screen.query_one(SchedulePanel)
        width, height = panel.outer_size
        border = panel.render_lines(Region(0, 0, width, height))[-1].text
        # the date goes first (the tooltip keeps it), then nothing: every word whole, nothing cut
        assert " offline · 1 not pushed " in border and "…" not in border, border
        assert str(panel.tooltip).startswith("offline — history as of ")
        assert str(panel.tooltip).splitlines()[0].endswith(" · 1 meeting's minutes not pushed yet")
        assert "meetingtui sync --repo" in str(panel.tooltip).splitlines()[1]  # how to push it, in the tooltip


async def test_unpushed_minutes_are_offered_at_start_and_shown_in_the_picker(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    commit_minutes(ours, minutes(dt.date(2026, 11, 24)))
    app = app_in(ours, agenda=None)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await synced(pilot)
        subtitle = str(app.screen.query_one("#templates").border_subtitle)
        assert re.search(CURRENT.pattern + r" · 1 meeting's minutes not pushed yet$", subtitle), subtitle
        await pilot.press("enter")  # the highlighted template; attendance, left as it is
        await pilot.pause()
        await pilot.press("escape")
        await app.screen.complete.wait()
        assert re.fullmatch(r"synced \d\d:\d\d · 1 not pushed", schedule_line(app))  # the long one does not fit
        # A line in the status area, not a toast at every start: its tooltip says how to push.
        messages = [str(n.message) for n in app._notifications] + [m for m, _, _ in app.toasts.held]
        assert not any("not on origin" in message for message in messages), messages
        hint = f"`meetingtui sync --repo {shlex.quote(str(ours))}`"
        tooltip = str(app.screen.query_one(SchedulePanel).tooltip)
        assert tooltip.endswith(f"\n1 meeting's minutes are not on origin yet: {hint} pushes them."), tooltip


async def test_a_proposal_not_pushed_is_not_called_minutes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from meetingtui.cli import main

    _bare, (ours,) = make_team(tmp_path, 1)
    commit_minutes(ours, minutes(dt.date(2026, 11, 24)))
    made = CliRunner().invoke(
        main, ["propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--no-push", "--repo", str(ours)]
    )
    assert made.exit_code == 0, made.output
    app = app_in(ours, agenda=None)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await synced(pilot)
        subtitle = str(app.screen.query_one("#templates").border_subtitle)
        assert subtitle.endswith(" · 1 meeting's minutes and 1 proposal not pushed yet"), subtitle
        assert app.history_sync.state.detail.startswith("1 meeting's minutes and 1 proposal are not on origin yet")


async def test_without_a_remote_nothing_is_said_and_nothing_is_fetched(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    git(ours, "remote", "remove", "origin")
    app = app_in(ours)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.complete.wait()
        await synced(pilot)
        assert app.history_sync.status.remote is None
        assert schedule_line(app) == ""


async def test_the_picker_lists_a_template_a_colleague_pushed(tmp_path: Path) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    (theirs / "agendas").mkdir()
    builtin = Path(__file__).resolve().parents[2] / "agendas" / "rehearsal.toml"
    (theirs / "agendas" / "team-huddle.toml").write_text(builtin.read_text().replace("Rehearsal", "Team huddle"))
    git(theirs, "add", "agendas")
    git(theirs, "commit", "-q", "-m", "A template for the team")
    git(theirs, "push", "-q", "origin", "main")
    app = app_in(ours, agenda=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await synced(pilot)
        names = [entry.name for entry in app.screen.entries]
        assert "team-huddle" in names
        assert "history current" in str(app.screen.query_one("#templates").border_subtitle)


async def test_leaving_while_the_fetch_hangs_stops_it(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    with silent_listener() as port:
        git(ours, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/minutes.git")
        app = app_in(ours, agenda=None)
        async with app.run_test(size=(120, 40)) as pilot:

            def shown() -> str:
                return str(app.screen.query_one("#templates").border_subtitle)

            for _ in range(200):  # git waits on the silent server, and the picker has heard (a deferred signal)
                if git_run._stoppable and "syncing" in shown():
                    break
                await pilot.pause(0.05)
            assert git_run._stoppable and "syncing with origin…" in shown()
            started = time.monotonic()
            await pilot.press("q")
        while (git_run._stoppable or git_run._abandoned.is_set()) and time.monotonic() - started < 5:
            time.sleep(0.05)
        assert time.monotonic() - started < 3  # the fetch's own limit is 10 s
        assert app.history_sync.status is None  # it never ended by itself
