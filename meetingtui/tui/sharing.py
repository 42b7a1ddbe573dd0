"""The share controller the App owns: it starts and stops the follower page's server and publishes its changes.

Serving starts in a thread worker (aiohttp's import and the bind stay off the UI thread); the worker and the
server's thread report back to the App as typed messages (:class:`SharingStarted`, :class:`FollowersChanged`),
which the App hands to :meth:`ShareController.started` / :meth:`ShareController.followers_changed` on the UI
thread. The controller publishes every change on :attr:`ShareController.changed`, a Textual ``Signal``; the
widgets that show sharing own their UI and follow that signal: the meeting screen's bar
(:class:`~meetingtui.tui.widgets.share_bar.ShareBar`) and the link dialog
(:class:`~meetingtui.tui.screens.share.ShareScreen`), which is the one thing the controller opens.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual.message import Message
from textual.signal import Signal

from meetingtui.tui.workers import WorkDone

if TYPE_CHECKING:
    from textual.app import App

    from meetingtui.session import MeetingSession
    from meetingtui.share.sharing import Sharing


class SharingStarted(WorkDone["Sharing"]):
    """The follower page's server, listening (or why it could not)."""


class FollowersChanged(Message):
    """How many people follow (posted from the server's thread; Textual messages are thread-safe)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class ShareController:
    """Serve the follower page (``run --share``, ``resume --share`` or the palette) and stop it when the app ends."""

    def __init__(self, app: App[int], *, ready: Callable[[], Awaitable[None]]) -> None:
        """``ready`` returns once the screens below may have a dialog over them (their panels are mounted)."""
        self._app = app
        self._ready = ready
        self.sharing: Sharing | None = None
        """The follower page, once shared."""
        self.changed: Signal[Sharing] = Signal(app, "sharing-changed")
        """Published on the UI thread when sharing starts and whenever the followers change (or it ends)."""

    def share(self, session: MeetingSession | None, host: str | None = None, port: int | None = None) -> None:
        """Serve ``session``'s follower page (or show its link again when it is served already)."""
        if self.sharing is not None and not self.sharing.ended:
            from meetingtui.tui.screens.share import ShareScreen  # when first shown: not before the first frame

            self._app.push_screen(ShareScreen(self.sharing, self.changed))
        elif session is not None and session.saved is None:
            self._app.run_worker(
                lambda: self._app.post_message(SharingStarted.of(self._serve, session, host, port)),
                thread=True,
                exclusive=True,
                group="share",
                exit_on_error=False,
                description="Start the follower page",
            )

    def _serve(self, session: MeetingSession, host: str | None, port: int | None) -> Sharing:
        # aiohttp's import and the bind happen here, off the UI thread: the meeting does not wait for them.
        from meetingtui.share.sharing import Sharing

        sharing = Sharing(session, host, port, on_count=lambda count: self._app.post_message(FollowersChanged(count)))
        sharing.start_server()
        return sharing

    def started(self, message: SharingStarted) -> None:
        """The server listens: follow the meeting, tell the widgets, then show the link; or say why it could not."""
        if not message.ok or message.value is None:
            self._app.notify(f"Could not share the meeting: {message.error}", severity="error", markup=False)
            return
        sharing = self.sharing = message.value
        sharing.attach()
        self.changed.publish(sharing)
        # Not awaited here: the screens' panels it waits for wait for messages behind this one.
        self._app.run_worker(self._show_link(sharing), group="share-shown", description="Show sharing")

    async def _show_link(self, sharing: Sharing) -> None:
        await self._ready()  # a dialog over a screen still mounting its panels would race them
        from meetingtui.tui.screens.share import ShareScreen  # when first shown: not before the first frame

        self._app.push_screen(ShareScreen(sharing, self.changed))

    def followers_changed(self, message: FollowersChanged) -> None:
        """Someone came or left (or the server stopped): tell the widgets."""
        if self.sharing is not None:
            self.changed.publish(self.sharing)

    def close(self) -> None:
        """The app ends: tell followers and release the port."""
        if self.sharing is not None:
            self.sharing.close()
