"""Sharing from the facilitator's screen: run --share, the palette command, the bar, the QR dialog, the end."""

from __future__ import annotations

import socket

import pytest

from meetingtui.session import SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.tui.app import make_app
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.screens.share import ShareScreen
from meetingtui.tui.screens.summary import SummaryScreen
from meetingtui.tui.widgets.footer import FittedFooter
from meetingtui.tui.widgets.share_bar import ShareBar
from tests.share.helpers import Stream
from tests.tui.conftest import advance, settled, shown_text


def shared_app(repo, clock, share=("127.0.0.1", 0)):
    name, agenda = resolve_agenda("weekly-sync", repo)
    return make_app(
        repo,
        agenda_name=name,
        agenda=agenda,
        options=SessionOptions(commit=False),
        clock=clock.now,
        wall=clock.wall,
        share=share,
    )


async def until_shared(pilot) -> None:
    for _ in range(500):
        screen = pilot.app.screen
        if isinstance(screen, ShareScreen) and screen.is_mounted and screen.query("#share-url"):
            return  # pushed and composed (a loaded machine can show the one before the other)
        await pilot.pause(0.01)
    raise AssertionError("sharing did not start")


async def wait_until(pilot, condition) -> None:
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def test_run_share_serves_the_meeting_and_the_screen_says_where(repo, clock) -> None:
    app = shared_app(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_shared(pilot)
        sharing = app.share_controller.sharing
        dialog = app.screen
        assert sharing.url.startswith("http://127.0.0.1:") and sharing.server.token in sharing.url
        assert str(dialog.query_one("#share-url").content) == sharing.url
        qr = shown_text(dialog.query_one("#share-qr"), 80)
        assert "█" in qr and "▀" in qr
        assert "This computer only" in shown_text(dialog.query_one("#share-reach"), 40)
        server = sharing.server
        limits = f"Up to {server.max_followers:,} followers and {server.max_connections:,} connections at once."
        assert shown_text(dialog.query_one("#share-limits"), 200).strip() == limits
        assert dialog.query_one("#share-limits").region.height >= 1  # on screen, not squeezed out
        assert 0 < server.max_followers < server.max_connections
        assert dialog.query_one("#share-dialog").region.height <= 24  # fits at 80×24
        stream = Stream(sharing.server)
        first = stream.snapshot()
        assert first["state"] == "waiting" and first["current"]["title"] == app.session.meeting.segments[0].title
        await wait_until(pilot, lambda: "1 person follows" in str(dialog.query_one("#share-count").content))
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)
        await settled(pilot)
        bar = app.screen.query_one(ShareBar)
        assert "1 following" in shown_text(bar, 200)
        # Its own line, between the panels and the footer: nothing covers it, it covers nothing.
        footer = app.screen.query_one(FittedFooter).region
        assert bar.region.y == footer.y - 1 and bar.region.height == 1
        assert max(panel.region.bottom for panel in app.screen.query("#left, #right")) == bar.region.y

        await pilot.press("space")
        assert stream.snapshot()["state"] == "running"
        await advance(pilot, clock, 30)
        await pilot.press("a", *"<b>hi</b>", "enter")
        view = stream.until(lambda v: v["captured"]["actions"])
        assert view["captured"]["actions"][0]["text"] == "<b>hi</b>"

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        ended = stream.until(lambda v: v["state"] == "ended")
        assert ended["summary"]["counts"]["actions"] == 1
        sharing.server.join()
        assert not sharing.server.running
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", sharing.server.port), timeout=2)
        stream.close()


async def test_the_palette_shares_mid_meeting_and_shows_the_link_again(meeting_app, clock) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("space")
        await advance(pilot, clock, 10)
        assert app.share_controller.sharing is None
        assert not app.screen.query_one(ShareBar).display  # no line for sharing before it starts
        await pilot.press("ctrl+p", *"share", "enter")
        await until_shared(pilot)
        server = app.share_controller.sharing.server
        await pilot.press("escape")
        assert app.screen.query_one(ShareBar).display
        stream = Stream(server)
        view = stream.snapshot()
        assert view["state"] == "running" and view["clock"]["elapsed"] == 10
        await pilot.press("ctrl+p", *"share", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)
        assert app.share_controller.sharing.server is server  # the same server, shown again
    closed = stream.until(lambda v: v["state"] == "closed")  # quit without saving: followers are told
    assert closed["clock"]["running"] is False
    stream.close()
    assert not server.running  # quitting the app released the port


async def test_a_host_other_than_localhost_is_said_on_the_screen(repo, clock) -> None:
    app = shared_app(repo, clock, share=("127.0.0.2", 0))  # loopback, but not "this computer only" by name
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shared(pilot)
        assert app.share_controller.sharing.url.startswith("http://127.0.0.2:")
        assert "On the network" in shown_text(app.screen.query_one("#share-reach"), 60)
        await pilot.press("escape")
        assert "on the network" in shown_text(app.screen.query_one(ShareBar), 200)


async def test_a_port_in_use_is_reported_and_the_meeting_goes_on(repo, clock) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        app = shared_app(repo, clock, share=("127.0.0.1", taken.getsockname()[1]))
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(pilot)
            await wait_until(pilot, lambda: any("Could not share" in n.message for n in app._notifications))
            assert app.share_controller.sharing is None
            assert isinstance(app.screen, MeetingScreen)
            await pilot.press("space")
            assert app.session.meeting.running


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
async def test_the_link_is_one_line_that_can_be_selected_and_copied(repo, clock, size, host) -> None:
    from textual.geometry import Region

    app = shared_app(repo, clock, share=(host, 0))
    async with app.run_test(size=size) as pilot:
        await until_shared(pilot)
        await pilot.pause()
        url = app.screen.sharing.url  # the dialog's own sharing, whichever object of the app starts it
        widget = app.screen.query_one("#share-url")
        region = widget.region
        lines = [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, region.width, region.height))]
        assert [line for line in lines if line.strip()] == [url]  # one line, whole
        assert region.height == 1 and region.width >= len(url) and region.right <= size[0]
        for x in range(region.x, region.x + len(url)):  # every character on screen, nothing over it
            assert app.screen.get_widget_at(x, region.y)[0] is widget
        dialog = app.screen.query_one("#share-dialog").region
        assert dialog.bottom <= size[1] and dialog.right <= size[0]  # the dialog fits: QR code included
        widget.text_select_all()
        assert app.screen.get_selected_text() == url  # a selection is the link, with no line break in it
        await pilot.press("c")
        assert app.clipboard == url
