"""The meeting feeding the server: one snapshot per change followers can see, none for heartbeats or notes."""

from __future__ import annotations

from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.share.sharing import Sharing
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.share.helpers import Stream, wait_for


def test_only_visible_changes_are_sent_and_the_end_releases_the_port(git_repo) -> None:
    clock = ManualClock()
    repo = MinutesRepo(git_repo)
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    meeting = session.meeting
    sharing = Sharing(session)
    sharing.start_server()
    sharing.attach()
    try:
        stream = Stream(sharing.server)
        assert stream.snapshot()["state"] == "waiting"
        meeting.toggle()
        assert stream.snapshot()["state"] == "running"
        sent = sharing.server.published
        for _ in range(3):
            clock.advance(15)
            meeting.heartbeat()
        meeting.set_notes(0, "typing…")
        assert sharing.server.published == sent  # nothing a follower would see changed
        meeting.adjust(60)
        assert stream.snapshot()["clock"]["planned"] == meeting.current.planned
        meeting.end()
        assert stream.snapshot()["state"] == "ended"
        wait_for(lambda: not sharing.server.running, timeout=10)
        stream.close()
    finally:
        sharing.stop(wait=True)
