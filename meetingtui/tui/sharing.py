"""The app's part that shares the meeting with followers: the follower page's server, its bar and its dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from meetingtui.tui.workers import WorkDone

if TYPE_CHECKING:
    from textual.app import App

    from meetingtui.session import MeetingSession
    from meetingtui.share.sharing import Sharing
    from meetingtui.tui.screens.share import FollowersChanged

    _AppBase = App[int]
else:
    _AppBase = object


class SharingStarted(WorkDone["Sharing"]):
    """The follower page's server, listening (or why it could not)."""


class FollowerSharing(_AppBase):
    """Serve the follower page (``run --share``, ``resume --share`` or the palette). The app sets these attributes."""

    session: MeetingSession | None
    sharing: Sharing | None

    def share(self, host: str | None = None, port: int | None = None) -> None:
        """Serve the follower page (or show its link when it is served already)."""
        from meetingtui.tui.screens.share import ShareScreen

        if self.sharing is not None and not self.sharing.ended:
            self.push_screen(ShareScreen(self.sharing))
        elif self.session is not None and self.session.saved is None:
            self._start_sharing(host, port)

    @work(thread=True, exclusive=True, group="share", description="Start the follower page", exit_on_error=False)
    def _start_sharing(self, host: str | None, port: int | None) -> None:
        self.post_message(SharingStarted.of(self._serve, host, port))

    def on_sharing_started(self, message: SharingStarted) -> None:
        if message.ok:
            # Not awaited here: it waits for the meeting screen's panels, which wait for messages behind this one.
            self.run_worker(self._sharing_started(message.value), group="share-shown", description="Show sharing")
        else:
            self.notify(f"Could not share the meeting: {message.error}", severity="error", markup=False)

    def _serve(self, host: str | None, port: int | None) -> Sharing:
        # aiohttp's import and the bind happen here, off the UI thread: the meeting does not wait for them.
        from meetingtui.share.sharing import Sharing
        from meetingtui.tui.screens.share import FollowersChanged

        assert self.session is not None
        sharing = Sharing(self.session, host, port, on_count=lambda count: self.post_message(FollowersChanged(count)))
        sharing.start_server()
        return sharing

    async def _sharing_started(self, sharing: Sharing) -> None:
        from meetingtui.tui.screens.meeting import MeetingScreen
        from meetingtui.tui.screens.share import ShareBar, ShareScreen

        self.sharing = sharing
        sharing.attach()
        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen) and not screen.query(ShareBar):
                await screen.complete.wait()  # a dialog over a screen still mounting its panels would race them
                await screen.mount(ShareBar(sharing), after="#main")
        self.push_screen(ShareScreen(sharing))

    def on_followers_changed(self, message: FollowersChanged) -> None:
        from meetingtui.tui.screens.share import ShareBar, ShareScreen

        for screen in self.screen_stack:
            if isinstance(screen, ShareScreen):
                screen.show()
            for bar in screen.query(ShareBar):
                bar.show()

    def on_unmount(self) -> None:
        if self.sharing is not None:
            self.sharing.close()
