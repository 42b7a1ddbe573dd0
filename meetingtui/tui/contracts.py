"""What the App and its screens may ask of each other, declared: no contract hides in an attribute's name.

The App talks to whichever screens are open through these runtime-checkable Protocols, and screens reach
the App's shared state through :func:`app_state`. ``tests/tui/test_contracts.py`` checks that the classes
really provide them, so renaming a method fails a test instead of silently turning a feature off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App

    from meetingtui.session import MeetingSession
    from meetingtui.store.git.sync import SyncStatus
    from meetingtui.tui.git_guard import GitGuard
    from meetingtui.tui.preparation import Preparation
    from meetingtui.tui.sync_state import HistoryState


@runtime_checkable
class StartsAfterFirstFrame(Protocol):
    """A screen with work that must wait until the first frame is on the terminal."""

    def start_after_first_frame(self) -> None: ...


@runtime_checkable
class LeavesWhileSaving(Protocol):
    """A screen that may take care of quitting itself (a save in progress)."""

    def leave_while_saving(self) -> bool:
        """True when the screen quits the app itself (once its save is done)."""
        ...


@runtime_checkable
class ShowsHistoryState(Protocol):
    """A screen that shows how current the team's history is."""

    def history_synced(self, status: SyncStatus | None) -> None:
        """The App's history state changed; ``status`` when a sync has just ended."""
        ...


@runtime_checkable
class AppState(Protocol):
    """What screens read of the App they run in (the MeetingApp)."""

    session: MeetingSession | None
    history_state: HistoryState
    preparation: Preparation
    git_guard: GitGuard


def app_state(app: App) -> AppState:
    """``app`` as the state screens may read; the MeetingApp provides it (a test keeps it so)."""
    return cast(AppState, app)
