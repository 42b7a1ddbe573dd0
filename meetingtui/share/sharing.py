"""The meeting shared with followers: the server, fed by the session's events (no Textual here)."""

from __future__ import annotations

from collections.abc import Callable

from meetingtui.domain.follower_view import snapshot
from meetingtui.domain.live import Event
from meetingtui.session import MeetingSession
from meetingtui.share.server import LOCALHOST, FollowerServer

QUIET_OPS = frozenset({"heartbeat", "set_notes"})
"""Changes the page does not show: no snapshot for them (notes change as the facilitator types)."""
END_GRACE = 3.0
"""Seconds followers have to receive "meeting ended" before the port is released."""


class Sharing:
    """Starts the server, publishes a snapshot after each change, stops when the meeting ends."""

    def __init__(
        self,
        session: MeetingSession,
        host: str | None = None,
        port: int | None = None,
        *,
        on_count: Callable[[int], None] | None = None,
    ) -> None:
        self.session = session
        self.server = FollowerServer(host or LOCALHOST, port or 0, on_count=on_count)
        self._unsubscribe: Callable[[], None] | None = None

    def start_server(self) -> None:
        """Bind and serve (any thread; raises ``OSError`` when the port cannot be had)."""
        self.server.start()

    def attach(self) -> None:
        """Follow the meeting; call it on the thread that drives the meeting."""
        if self._unsubscribe is None:
            self._unsubscribe = self.session.subscribe(self._changed)
            self.publish()

    def start(self) -> None:
        """Both steps, on the meeting's thread."""
        self.start_server()
        self.attach()

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def followers(self) -> int:
        return self.server.followers

    @property
    def exposed(self) -> bool:
        return self.server.exposed

    @property
    def ended(self) -> bool:
        """True once the server is closing or closed."""
        return not self.server.running or self.server.closing

    def publish(self) -> None:
        """Send the meeting as it stands now (never blocks)."""
        self.server.publish(snapshot(self.session.meeting))

    def _changed(self, event: Event) -> None:
        if event.op in QUIET_OPS:
            return
        self.publish()
        if event.op == "end":
            self.stop(grace=END_GRACE)

    def close(self) -> None:
        """The app is closing before the meeting ended: tell followers (it can be resumed), then stop."""
        if not self.ended:
            view = snapshot(self.session.meeting)
            view["state"] = "closed"
            if view["clock"] is not None:
                view["clock"]["running"] = False  # the page's countdown stops where the screen left it
            self.server.publish(view)
        self.stop(grace=0.5, wait=True)

    def stop(self, *, grace: float = 0.0, wait: bool = False) -> None:
        """Stop following and release the port once followers had ``grace`` seconds to read the last snapshot."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.server.stop(grace=grace)
        if wait:
            self.server.join()
