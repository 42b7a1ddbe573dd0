"""The meeting shared with followers: the server, fed by the session's events (no Textual here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meetingtui.domain.follower_view import snapshot
from meetingtui.session import MeetingSession
from meetingtui.share.server import LOCALHOST, FollowerServer

TIME_FIELDS = ("at", "scheduled_end")
"""Fields that move with time alone: a snapshot that differs only in these is not sent again."""
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
        self._last: dict[str, Any] | None = None

    def start_server(self) -> None:
        """Bind and serve (any thread; raises ``OSError`` when the port cannot be had)."""
        self.server.start()

    def attach(self) -> None:
        """Follow the meeting; call it on the thread that drives the meeting."""
        if self._unsubscribe is None:
            self._unsubscribe = self.session.subscribe(self._changed)
            self.publish()

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

    def publish(self, *, unless_same: bool = False) -> None:
        """Send the meeting as it stands now (never blocks); ``unless_same``: not when followers would see no change."""
        view = snapshot(self.session.meeting)
        seen = _visible(view)
        if unless_same and seen == self._last:
            return
        self._last = seen
        self.server.publish(view)

    def _changed(self, event: object) -> None:
        # Whatever the event (heartbeats and notes included), only what the page shows decides: no reliance on
        # event names, so the typed events of the meeting engine can change without touching this.
        self.publish(unless_same=True)
        if self.session.meeting.ended_at is not None:
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


def _visible(view: dict[str, Any]) -> dict[str, Any]:
    """The snapshot without what moves with time alone (the page computes that itself)."""
    seen = {key: value for key, value in view.items() if key not in TIME_FIELDS}
    if seen["clock"] is not None:
        seen["clock"] = {key: value for key, value in seen["clock"].items() if key != "elapsed"}
    seen["segments"] = [{**s, "actual": None} if s["status"] == "current" else s for s in seen["segments"]]
    return seen
