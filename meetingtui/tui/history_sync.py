"""The history-sync service the App owns: the sync before the meeting, the history's state, the earlier minutes.

The service runs two thread workers: the sync (fetch and fast-forward, bounded by ``fetch_timeout``) and the
read of a meeting's earlier minutes, which it runs again when a sync brings new ones. The workers report back to
the App as typed messages (:class:`HistorySyncing`, :class:`HistorySynced`, :class:`HistoryRead`), and the App
hands each to the service on the UI thread. What follows is published as Textual ``Signal``s: screens that show
the state (picker, meeting) read :attr:`HistorySyncService.state` when they mount and subscribe to
:attr:`HistorySyncService.changed`; the meeting screen subscribes to :attr:`HistorySyncService.read` for the
earlier minutes. The service never calls into a screen.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.message import Message
from textual.signal import Signal

from meetingtui.domain.lean import frozen
from meetingtui.store.report_replay import regenerate_report
from meetingtui.tui.sync_state import HistoryState, history_state, pending_notice
from meetingtui.tui.workers import WorkDone

READ_WAITS_AT_MOST = 1.0
"""Seconds a read told to wait (``read_history``'s ``not_before``) waits at most: the pause it waits for is shorter."""

if TYPE_CHECKING:
    from textual.app import App

    from meetingtui.domain.clock import WallClock
    from meetingtui.session import MeetingSession
    from meetingtui.store.git.sync import SyncStatus
    from meetingtui.store.history_review import EarlierMinutes
    from meetingtui.store.repo import MinutesRepo
    from meetingtui.tui.git_guard import GitGuard


class HistorySyncing(Message):
    """Posted from the sync worker once it knows the repository has a remote (the fetch starts)."""

    def __init__(self, remote: str) -> None:
        super().__init__()
        self.remote = remote

    @property
    def state(self) -> HistoryState:
        """What the line says while the sync runs."""
        return HistoryState(f"syncing with {self.remote}…", "syncing…")


class HistorySynced(WorkDone["SyncStatus"]):
    """What the sync before the meeting found (fetch, fast-forward, unpushed minutes)."""


class HistoryRead(WorkDone["EarlierMinutes"]):
    """A meeting's earlier minutes, read off the UI thread (its session keeps them too)."""

    early: ClassVar[bool] = False
    """Posted before the files were checked (:class:`HistoryGlimpsed`): to show, not yet to act on."""


class HistoryGlimpsed(HistoryRead):
    """What the history index held as the last read left it, posted before the files are checked (git's index has
    not changed since): the review list shows it at once; the :class:`HistoryRead` that follows corrects it."""

    early: ClassVar[bool] = True


@frozen
class HistoryUpdate:
    """What subscribers of :attr:`HistorySyncService.changed` hear: the history's new state."""

    state: HistoryState
    status: SyncStatus | None = None
    """The sync's result when it has just ended (``came_in``: new files to read again); None while it runs."""


class HistorySyncService:
    """Syncs the history before the meeting, holds its state and publishes every change of it."""

    def __init__(self, app: App[int], repo: MinutesRepo, wall: WallClock, git_guard: GitGuard) -> None:
        self._app = app
        self.repo = repo
        self.wall = wall
        self.git_guard = git_guard
        self.state = HistoryState()
        """Is the history current, offline, not pushed? (empty: no remote, or not known yet)."""
        self.status: SyncStatus | None = None
        """What the sync found (None until it is done)."""
        self.changed: Signal[HistoryUpdate] = Signal(app, "history-changed")
        """Published on the UI thread whenever :attr:`state` changes."""
        self.read: Signal[HistoryRead] = Signal(app, "history-read")
        """Published on the UI thread when a meeting's earlier minutes are read (or could not be)."""
        self._reader: MeetingSession | None = None
        """The meeting whose earlier minutes were asked for (read again when a sync brings new ones)."""
        self._reading = False
        self._stale = False

    def start(self) -> None:
        """Fetch and fast-forward in a thread (quitting stops its git instead of waiting for it)."""
        self._app.run_worker(
            self._sync_worker,
            thread=True,
            exclusive=True,
            group="sync",
            exit_on_error=False,
            description="Sync before the meeting",
        )

    def _sync_worker(self) -> None:
        self._app.post_message(HistorySynced.of(self._sync))

    def _sync(self) -> SyncStatus:
        from meetingtui.store.git.sync import has_remote, update_before_meeting  # in the sync worker

        settings = self.repo.settings
        with self.git_guard.work():
            if has_remote(self.repo.root, settings.remote):
                self._app.post_message(HistorySyncing(settings.remote))
            return update_before_meeting(
                self.repo.root,
                remote=settings.remote,
                timeout=settings.fetch_timeout,
                minutes_dir=settings.minutes_dir,
                regenerate=regenerate_report,
            )

    def syncing(self, message: HistorySyncing) -> None:
        """The fetch has started (the worker found a remote): say so, unless the sync has ended meanwhile."""
        if self.status is None:
            self._publish(message.state)

    def synced(self, message: HistorySynced) -> None:
        """The sync ended: keep its status, publish the state (with what is not pushed yet, if anything)."""
        if not message.ok:  # update_before_meeting never raises; a bug must not stop a meeting
            self._publish(HistoryState(f"history not updated: {message.error}", "not updated"))
            return
        status = message.value
        assert status is not None  # ok: the worker returned a SyncStatus
        self.status = status
        # What waits to be pushed is a line in the status area (its tooltip says how to push), not a toast.
        state = history_state(status, self.wall())
        self._publish(replace(state, detail=pending_notice(status, self.repo.root) or ""), status)
        if status.came_in and self._reader is not None:  # before any read is asked for, the first one sees them
            self.read_history(self._reader)

    def read_history(self, session: MeetingSession, *, not_before: threading.Event | None = None) -> None:
        """Read ``session``'s earlier minutes in a thread (with a read under way: once more, after it); the thread
        waits for ``not_before`` first (at most a second)."""
        self._reader = session
        if self._reading:
            self._stale = True  # the read under way may have missed new files: read again when it ends
            return
        self._reading = True
        self._app.run_worker(
            lambda: self._read_worker(session, not_before),
            thread=True,
            exclusive=False,  # one at a time already; exclusive would cancel a read that has reported but not ended
            group="history",
            exit_on_error=False,
            description="Read earlier minutes",
        )

    def _read_worker(self, session: MeetingSession, not_before: threading.Event | None) -> None:
        if not_before is not None:
            not_before.wait(READ_WAITS_AT_MOST)

        def early(glimpse: EarlierMinutes) -> None:
            self._app.post_message(HistoryGlimpsed(ok=True, value=glimpse))

        self._app.post_message(HistoryRead.of(session.load_history, early))
        session.tidy_minutes()  # after the read is on its way: the review list does not wait for the walk

    def glimpsed(self, message: HistoryGlimpsed) -> None:
        """A read's early answer: publish it (the read goes on; its end is published as ever)."""
        if not self._stale:
            self.read.publish(message)

    def history_read(self, message: HistoryRead) -> None:
        """A read ended: publish it, unless new files came in meanwhile (then read again first)."""
        self._reading = False
        if self._stale and self._reader is not None:
            self._stale = False
            self.read_history(self._reader)
            return
        self.read.publish(message)

    def _publish(self, state: HistoryState, status: SyncStatus | None = None) -> None:
        self.state = state
        self.changed.publish(HistoryUpdate(state, status))
