"""The history-sync service on its own: it syncs in a worker, holds the state and publishes each change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.app import App

from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.git import sync as git_sync
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.git_guard import GitGuard
from meetingtui.tui.guard import error_log_path
from meetingtui.tui.history_sync import HistoryRead, HistorySynced, HistorySyncing, HistorySyncService, HistoryUpdate
from tests.clock import ManualClock
from tests.team_git import commit_minutes, git, make_team, minutes


class Host(App[None]):
    """The smallest app that owns the service and hands it its worker's messages, as the MeetingApp does."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        clock = ManualClock(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
        self.repo = MinutesRepo(root)
        self.history_sync = HistorySyncService(self, self.repo, clock.wall, GitGuard())
        self.heard: list[HistoryUpdate] = []
        self.reads: list[HistoryRead] = []
        name, agenda = resolve_agenda("weekly-sync", self.repo)
        options = SessionOptions(commit=False)
        self.session = MeetingSession.new(self.repo, name, agenda, options=options, clock=clock.now, wall=clock.wall)

    def on_mount(self) -> None:
        self.history_sync.changed.subscribe(self, self.heard.append)
        self.history_sync.read.subscribe(self, self.reads.append)

    def on_history_syncing(self, message: HistorySyncing) -> None:
        self.history_sync.syncing(message)

    def on_history_synced(self, message: HistorySynced) -> None:
        self.history_sync.synced(message)

    def on_history_read(self, message: HistoryRead) -> None:
        self.history_sync.history_read(message)


async def sync(app: Host, pilot) -> None:
    app.history_sync.start()
    for _ in range(300):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.heard and (app.heard[-1].status is not None or app.heard[-1].state.short == "not updated"):
            return
    raise AssertionError("the sync never ended")


async def test_a_sync_that_brings_minutes_is_announced_while_it_runs_and_when_it_ends(tmp_path: Path) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    commit_minutes(theirs, minutes(dt.date(2026, 11, 24)))
    git(theirs, "push", "-q", "origin", "main")
    app = Host(ours)
    async with app.run_test() as pilot:
        assert app.history_sync.state.line == "" and app.history_sync.status is None  # nothing known yet
        await sync(app, pilot)
        running, ended = app.heard
        assert running.state.line == "syncing with origin…" and running.status is None
        assert ended.status is app.history_sync.status and ended.status.came_in
        assert ended.state is app.history_sync.state and ended.state.line.startswith("history current (synced ")


async def test_without_a_remote_the_state_stays_empty_and_nothing_is_said_while_syncing(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    git(ours, "remote", "remove", "origin")
    app = Host(ours)
    async with app.run_test() as pilot:
        await sync(app, pilot)
        [ended] = app.heard
        assert ended.status is not None and ended.status.remote is None and not ended.status.came_in
        assert ended.state.line == "" and ended.state.short == ""


async def test_minutes_not_pushed_are_shown_with_how_to_push_them_and_no_toast(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    commit_minutes(ours, minutes(dt.date(2026, 11, 24)))
    app = Host(ours)
    async with app.run_test(notifications=True) as pilot:
        await sync(app, pilot)
        assert app.history_sync.state.line.endswith(" · 1 meeting's minutes not pushed yet")
        # A line in the status area (its tooltip, the detail, says how to push), not a toast at every start.
        assert app.heard[-1].state.detail.startswith("1 meeting's minutes are not on origin yet: ")
        assert not [n for n in app._notifications if "not on origin" in str(n.message)]


async def test_a_failing_sync_says_so_logs_its_traceback_and_leaves_no_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the sync")

    monkeypatch.setattr(git_sync, "update_before_meeting", broken)
    _bare, (ours,) = make_team(tmp_path, 1)
    app = Host(ours)
    async with app.run_test() as pilot:
        await sync(app, pilot)
        assert app.heard[-1].state.line == "history not updated: a bug in the sync"
        assert app.history_sync.state.short == "not updated" and app.history_sync.status is None
    logged = error_log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: a bug in the sync" in logged


async def test_the_syncing_line_does_not_replace_a_sync_that_has_ended(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    app = Host(ours)
    async with app.run_test() as pilot:
        await sync(app, pilot)
        ended = app.history_sync.state
        app.history_sync.syncing(HistorySyncing("origin"))  # a late message from the worker
        await pilot.pause()
        assert app.history_sync.state is ended and app.heard[-1].state is ended


async def settle(pilot) -> None:
    for _ in range(3):  # a read asked again runs after the first one's message
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def open_read(app: Host) -> list[int]:
    """How many open actions each read found (each minutes made here has one)."""
    return [read.value.open.count for read in app.reads if read.ok and read.value is not None]


async def test_earlier_minutes_are_read_in_a_thread_and_published(tmp_path: Path) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    commit_minutes(ours, minutes(dt.date(2026, 11, 24)))
    app = Host(ours)
    async with app.run_test() as pilot:
        app.history_sync.read_history(app.session)
        await settle(pilot)
        [read] = app.reads
        assert read.ok and read.value is app.session.earlier and read.value.open.count == 1


async def test_a_sync_that_brings_minutes_has_them_read_again(tmp_path: Path) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    commit_minutes(theirs, minutes(dt.date(2026, 11, 24)))
    git(theirs, "push", "-q", "origin", "main")
    app = Host(ours)
    async with app.run_test() as pilot:
        app.history_sync.read_history(app.session)
        await settle(pilot)
        await sync(app, pilot)
        await settle(pilot)
        assert open_read(app) == [0, 1]  # before the fetch, then with the colleague's minutes


async def test_a_sync_before_any_read_starts_none(tmp_path: Path) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    commit_minutes(theirs, minutes(dt.date(2026, 11, 24)))
    git(theirs, "push", "-q", "origin", "main")
    app = Host(ours)
    async with app.run_test() as pilot:
        await sync(app, pilot)
        await settle(pilot)
        assert app.heard[-1].status.came_in and app.reads == []  # the first read, when asked, sees the new files


async def test_a_read_asked_while_one_runs_is_published_once_after_reading_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bare, (ours,) = make_team(tmp_path, 1)
    app = Host(ours)
    calls: list[int] = []
    read = app.session.load_history

    def counted(early=None):
        calls.append(1)
        return read(early)

    monkeypatch.setattr(app.session, "load_history", counted)
    async with app.run_test() as pilot:
        app.history_sync.read_history(app.session)
        app.history_sync.read_history(app.session)  # the first has not reported yet: it may miss new files
        await settle(pilot)
        assert len(calls) == 2 and len(app.reads) == 1 and app.reads[0].ok
