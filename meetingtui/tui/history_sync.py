"""The app's sync before the meeting, and how leaving stops git (network, commit, hooks) instead of waiting for it."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from meetingtui.tui.contracts import ShowsHistoryState
from meetingtui.tui.git_guard import GitGuard
from meetingtui.tui.sync_state import HistoryState, HistorySyncing
from meetingtui.tui.workers import WorkDone

if TYPE_CHECKING:
    from textual.app import App

    from meetingtui.domain.clock import WallClock
    from meetingtui.store.git.sync import SyncStatus
    from meetingtui.store.repo import MinutesRepo

    _AppBase = App[int]
else:
    _AppBase = object


class HistorySynced(WorkDone["SyncStatus"]):
    """What the sync before the meeting found (fetch, fast-forward, unpushed minutes)."""


class HistorySync(_AppBase):
    """The app's part that fetches and fast-forwards before the meeting and shows the history's state.

    The app sets these attributes.
    """

    repo: MinutesRepo
    wall: WallClock
    history_state: HistoryState
    sync_status: SyncStatus | None
    git_guard: GitGuard

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False, description="Sync before the meeting")
    def sync_history(self) -> None:
        """Fetch and fast-forward before the meeting (bounded by the ``fetch_timeout`` setting)."""
        self.post_message(HistorySynced.of(self._sync_history))

    def _sync_history(self) -> SyncStatus:
        from meetingtui.store.git.sync import has_remote, update_before_meeting
        from meetingtui.store.report_file import replay_report

        settings = self.repo.settings
        with self.git_work():
            if has_remote(self.repo.root, settings.remote):
                self.post_message(HistorySyncing(settings.remote))
            return update_before_meeting(
                self.repo.root,
                remote=settings.remote,
                timeout=settings.fetch_timeout,
                minutes_dir=settings.minutes_dir,
                regenerate=replay_report,
            )

    def git_work(self) -> contextlib.AbstractContextManager[None]:
        """Around a worker's git work (fetch, commit, push): quitting stops it instead of waiting."""
        return self.git_guard.work()

    def on_history_syncing(self, message: HistorySyncing) -> None:
        if self.sync_status is None:
            self._show_history_state(message.state)

    def on_history_synced(self, message: HistorySynced) -> None:
        if message.ok:
            self._history_synced(message.value)
        else:  # update_before_meeting never raises; a bug must not stop a meeting
            self._show_history_state(HistoryState(f"history not updated: {message.error}", "not updated"))

    def _history_synced(self, status: SyncStatus) -> None:
        from meetingtui.tui.sync_state import history_state, pending_notice

        self.sync_status = status
        # What waits to be pushed is a line in the status area (its tooltip says how to push), not a toast.
        state = history_state(status, self.wall())
        self._show_history_state(replace(state, detail=pending_notice(status, self.repo.root) or ""), status)

    def _show_history_state(self, state: HistoryState, status: SyncStatus | None = None) -> None:
        """Tell every open screen that shows it (picker, meeting) the new state; ``status`` when the sync ended."""
        self.history_state = state
        for screen in self.screen_stack:
            if isinstance(screen, ShowsHistoryState):
                screen.history_synced(status)

    def on_unmount(self) -> None:
        # Leaving must not wait for git: a fetch, commit or push still running is stopped (it stays pending).
        self.git_guard.close()
