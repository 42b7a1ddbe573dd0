"""Every topic still parked in a repository, for ``meetingtui parked``: one function the history index can answer.

Today it folds the whole history (:func:`~meetingtui.store.history_store.load_history`); the history index may
answer it with a query later, behind the same signature.
"""

from __future__ import annotations

import datetime as dt

from meetingtui.domain.parked_topics import ParkedTopic, ParkedWindow, still_parked
from meetingtui.domain.settings import RepoSettings
from meetingtui.store.repo import MinutesRepo


def parked_window(settings: RepoSettings) -> ParkedWindow:
    """The repository's window for offering parked topics (``parked_meetings``, ``parked_days``)."""
    return ParkedWindow(settings.parked_meetings, settings.parked_days)


def parked_topics(repo: MinutesRepo, today: dt.date, agenda: str | None = None) -> tuple[list[ParkedTopic], list[str]]:
    """Every topic still parked (of ``agenda``, or all), newest first, and the warnings of unreadable files."""
    from meetingtui.store.history_store import load_history  # the history code with the command that uses it

    history = load_history(repo, parts={"parked", "dates"})
    return still_parked(history, today, parked_window(repo.settings), agenda), list(history.warnings)
