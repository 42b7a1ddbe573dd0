"""A whole save in one call, for tests that run a session without a screen."""

from __future__ import annotations

from meetingtui.session import MeetingSession
from meetingtui.store.save_result import SaveResult


def save(session: MeetingSession) -> SaveResult:
    """The app's save in its order, on this thread: end the meeting and take its minutes (the UI thread's half),
    write and commit them (the worker's), push when asked; kept as the session's ``saved`` as the app keeps it."""
    session.saved = session.write_and_commit(session.finish())
    session.saved = session.push_saved(session.saved)
    return session.saved
