"""The share controller on its own: it serves in a worker, publishes each change and opens the link's dialog."""

from __future__ import annotations

import asyncio
import socket

from textual.app import App

from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.share.sharing import Sharing
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.screens.share import ShareScreen
from meetingtui.tui.sharing import FollowersChanged, ShareController, SharingStarted
from tests.clock import ManualClock
from tests.share.helpers import Stream


class Host(App[None]):
    """The smallest app that owns the controller and hands it its messages, as the MeetingApp does."""

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session
        self.may_show = asyncio.Event()
        self.share_controller = ShareController(self, ready=self.may_show.wait)
        self.heard: list[tuple[int, bool]] = []
        """(followers, ended) at each change published."""

    def on_mount(self) -> None:
        self.share_controller.changed.subscribe(self, self._heard)

    def _heard(self, sharing: Sharing) -> None:
        self.heard.append((sharing.followers, sharing.ended))

    def on_sharing_started(self, message: SharingStarted) -> None:
        self.share_controller.started(message)

    def on_followers_changed(self, message: FollowersChanged) -> None:
        self.share_controller.followers_changed(message)

    def on_unmount(self) -> None:
        self.share_controller.close()


def host(repo: MinutesRepo, clock: ManualClock) -> Host:
    name, agenda = resolve_agenda("weekly-sync", repo)
    options = SessionOptions(commit=False)
    return Host(MeetingSession.new(repo, name, agenda, options=options, clock=clock.now, wall=clock.wall))


async def until(pilot, condition) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def test_sharing_is_published_at_once_and_its_dialog_waits_until_the_screens_are_ready(repo, clock) -> None:
    app = host(repo, clock)
    async with app.run_test() as pilot:
        app.share_controller.share(app.session, "127.0.0.1", 0)
        await until(pilot, lambda: app.heard)
        sharing = app.share_controller.sharing
        assert sharing is not None and sharing.url.startswith("http://127.0.0.1:")
        assert app.heard == [(0, False)]
        await pilot.pause(0.05)
        assert not isinstance(app.screen, ShareScreen)  # not over screens still mounting their panels
        app.may_show.set()
        await until(pilot, lambda: isinstance(app.screen, ShareScreen) and app.screen.query("#share-count"))
        dialog = app.screen
        assert dialog.sharing is sharing
        stream = Stream(sharing.server)
        assert stream.snapshot()["current"]["title"] == app.session.meeting.segments[0].title  # it follows the meeting
        await until(pilot, lambda: (1, False) in app.heard)
        await until(pilot, lambda: str(dialog.query_one("#share-count").content) == "1 person follows")
    stream.close()


async def test_sharing_again_shows_the_same_link_without_a_second_server(repo, clock) -> None:
    app = host(repo, clock)
    app.may_show.set()
    async with app.run_test() as pilot:
        app.share_controller.share(app.session, "127.0.0.1", 0)
        await until(pilot, lambda: isinstance(app.screen, ShareScreen))
        first = app.share_controller.sharing
        app.pop_screen()
        await pilot.pause()
        app.share_controller.share(app.session)
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen) and app.screen.sharing is first
        assert app.share_controller.sharing is first and app.heard == [(0, False)]
        assert not [worker for worker in app.workers if worker.group == "share"]


async def test_nothing_is_shared_without_a_meeting(repo, clock) -> None:
    app = host(repo, clock)
    async with app.run_test() as pilot:
        app.share_controller.share(None, "127.0.0.1", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.share_controller.sharing is None and app.heard == []


async def test_a_port_in_use_is_said_and_nothing_is_published(repo, clock) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        app = host(repo, clock)
        async with app.run_test(notifications=True) as pilot:
            app.share_controller.share(app.session, "127.0.0.1", taken.getsockname()[1])
            await until(pilot, lambda: app._notifications)
            [note] = app._notifications
            assert note.message.startswith("Could not share the meeting: ") and note.severity == "error"
            assert app.share_controller.sharing is None and app.heard == []


async def test_closing_tells_followers_and_releases_the_port(repo, clock) -> None:
    app = host(repo, clock)
    async with app.run_test() as pilot:
        app.share_controller.share(app.session, "127.0.0.1", 0)
        await until(pilot, lambda: app.share_controller.sharing is not None)
        server = app.share_controller.sharing.server
        stream = Stream(server)
        stream.snapshot()
    assert stream.until(lambda view: view["state"] == "closed")["clock"]["running"] is False
    stream.close()
    assert not server.running
    assert app.share_controller.sharing.ended
