"""What the App and its screens may ask of each other, declared: no contract hides in an attribute's name.

The App talks to a screen only where it must (its first frame, quitting during a save), through these
runtime-checkable Protocols. Screens reach the App's shared state through :func:`app_state`; app-wide state
that changes (the history's sync state, sharing and its followers) reaches them as a Textual ``Signal`` of
the App's collaborators (:mod:`~meetingtui.tui.history_sync`, :mod:`~meetingtui.tui.sharing`), to which
they subscribe when they mount. ``tests/tui/test_contracts.py`` checks that the classes really provide
these, so renaming a method fails a test instead of silently turning a feature off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App

    from meetingtui.session import MeetingSession
    from meetingtui.tui.git_guard import GitGuard
    from meetingtui.tui.history_sync import HistorySyncService
    from meetingtui.tui.preparation import Preparation
    from meetingtui.tui.sharing import ShareController
    from meetingtui.tui.typing_pause import TypingPause


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
class AppState(Protocol):
    """What screens read of the App they run in (the MeetingApp)."""

    session: MeetingSession | None
    history_sync: HistorySyncService
    share_controller: ShareController
    preparation: Preparation
    git_guard: GitGuard
    typing: TypingPause


def app_state(app: App) -> AppState:
    """``app`` as the state screens may read; the MeetingApp provides it (a test keeps it so)."""
    return cast(AppState, app)
