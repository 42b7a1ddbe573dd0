"""What a running meeting reads of the earlier minutes: a page of open actions at a time, asked of the index.

A meeting shows the open actions in its review list, offers its agenda's recent parked topics and the open
proposals. At 50,000 minutes files that is tens of thousands of open actions: the meeting keeps only the pages
its review list has shown (:data:`PAGE` at a time, the next one read when the cursor comes near the end), the
count of all of them, this agenda's parked topics and last meetings, and the proposal outcomes — never a model
of every action or meeting (issue 24). Without an index (none can be kept) every file is read, as
:func:`~meetingtui.store.history_store.load_history` does, and the pages come from what that read built.
"""

from __future__ import annotations

import bisect
import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from meetingtui.domain.agenda import Team
from meetingtui.domain.errors import InputError
from meetingtui.domain.history import ActionState, History
from meetingtui.domain.proposals import Outcome
from meetingtui.store import history_query as query
from meetingtui.store.history_git import Stamp, index_unchanged
from meetingtui.store.history_index import HistoryIndex
from meetingtui.store.history_refresh import CHILD_FROM, big_enough, refresh_in_child
from meetingtui.store.history_store import cache_path, load_history
from meetingtui.store.repo import MinutesRepo

PAGE = 50
"""Open actions read at a time: more than a screen shows, so the list scrolls before it has to wait."""


def review_key(state: ActionState) -> tuple[dt.date, str]:
    """The order the review list shows open actions in: the day their minutes created them, then their id."""
    return state.created, state.id


class OpenPages(Protocol):
    """Where the next pages of open actions come from."""

    def after(self, last: ActionState | None, limit: int) -> tuple[ActionState, ...]:
        """Up to ``limit`` open actions just after ``last`` in :func:`review_key` order (from the first: None)."""
        ...


@dataclass(frozen=True)
class IndexPages:
    """Pages asked of the index as the last read left it (no file is read): one short query each."""

    path: Path

    def after(self, last: ActionState | None, limit: int) -> tuple[ActionState, ...]:
        index = HistoryIndex.open(self.path)
        if index is None or index.db is None:
            return ()
        try:
            return query.open_after(index.db, review_key(last) if last is not None else None, limit)
        except sqlite3.Error:
            return ()  # busy or gone since: the list keeps what it has
        finally:
            index.close()


@dataclass(frozen=True)
class MemoryPages:
    """Pages of open actions already in memory (read without an index), in :func:`review_key` order."""

    states: Sequence[ActionState]

    def after(self, last: ActionState | None, limit: int) -> tuple[ActionState, ...]:
        start = bisect.bisect_right(self.states, review_key(last), key=review_key) if last is not None else 0
        return tuple(self.states[start : start + limit])


@dataclass(frozen=True)
class Page:
    """Open actions read after the first ``follows`` of an :class:`OpenActions` (in a worker), to keep on the UI
    thread with :meth:`OpenActions.keep`."""

    of: OpenActions
    follows: int
    states: tuple[ActionState, ...]


class OpenActions:
    """The open actions a meeting has read so far, in :func:`review_key` order, and where the rest are."""

    def __init__(self, count: int, first: Sequence[ActionState], pages: OpenPages) -> None:
        self.count = count
        """Every open action, read or not."""
        self.states = list(first)
        self._pages = pages

    @property
    def complete(self) -> bool:
        """Every open action is read."""
        return len(self.states) >= self.count

    def next_page(self, limit: int = PAGE) -> Page:
        """Read the ``limit`` open actions after those read so far (off the UI thread: it asks the index)."""
        read = len(self.states)
        return Page(self, read, self._pages.after(self.states[-1] if read else None, limit))

    def keep(self, page: Page) -> bool:
        """Add ``page`` to those read; False when it is not the one that follows them (read twice, or of another
        read of the history), and then it is dropped."""
        if page.of is not self or page.follows != len(self.states):
            return False
        self.states.extend(page.states)
        if not page.states:
            self.count = len(self.states)  # the index has fewer now (changed since the count): stop asking
        return True


@dataclass(frozen=True)
class EarlierMinutes:
    """What a meeting knows of the earlier minutes: the open actions read so far and where the rest are."""

    open: OpenActions
    recent: History
    """Only the agenda's parked topics and its last meetings: what :func:`~meetingtui.domain.parked_topics.
    offered_parked` reads."""
    proposal_outcomes: Mapping[str, Outcome]
    warnings: tuple[str, ...]
    tidied: bool = False
    """The minutes folder's stray temp files were removed along the way (``tidy_before``: by the child)."""


def read_earlier(
    repo: MinutesRepo,
    agenda: str,
    meetings: int,
    *,
    first: int = PAGE,
    cache_dir: Path | None = None,
    child_from: int = CHILD_FROM,
    early: Callable[[EarlierMinutes], None] | None = None,
    tidy_before: float | None = None,
) -> EarlierMinutes:
    """Bring the index up to date with the files, then ask it for the first ``first`` open actions, the count of
    all, ``agenda``'s parked topics and its last ``meetings`` meetings, and the proposal outcomes.

    From ``child_from`` minutes files on, the index is brought up to date in a child process
    (:mod:`~meetingtui.store.history_refresh`): this process only asks it questions. With ``tidy_before``, the child
    also removes the stray temp files written before it (the answer says ``tidied``; else it is the caller's job).

    ``early``: when git's index is byte for byte the one the last read saw (:func:`~meetingtui.store.history_git.
    index_unchanged`: no process), it is first handed the open actions the index holds as that read left them
    (:func:`_glimpse`: nothing else), before the files are checked — almost always the answer. What is returned
    comes after the check; when the check changed none of those open actions (:func:`same_answer`), it keeps the
    early answer's :class:`OpenActions` (the same object, with any pages read meanwhile), so a caller can tell
    there is nothing to correct.
    """
    path = cache_path(repo.minutes_dir, cache_dir)
    probe = HistoryIndex.open(path)
    if probe is not None:
        glimpse = _glimpse(probe.db, path, first) if early is not None else None
        probe.close()
        if glimpse is not None and early is not None:
            early(glimpse)
        big = big_enough(repo.minutes_dir, child_from)
        told = refresh_in_child(repo, cache_dir, tidy_before=tidy_before) if big else None
        tidied = told is not None and tidy_before is not None
        outcomes: Mapping[str, Outcome] | None = None
        if told is None:  # here, then: the sync and what it told, with the outcomes (nothing per action)
            synced = load_history(repo, cache_dir=cache_dir, parts={"outcomes"})
            told, outcomes = list(synced.warnings), synced.proposal_outcomes
        index = HistoryIndex.open(path)
        if index is not None and index.db is not None:
            try:
                found = _asked(index.db, path, agenda, meetings, first, (tuple(told), outcomes), _roster(repo))
            except sqlite3.Error:
                pass  # busy or damaged since: read the files as without an index
            else:
                shown = glimpse.open if glimpse is not None and same_answer(glimpse, found) else found.open
                return replace(found, open=shown, tidied=tidied)
            finally:
                index.close()
    return _from_files(repo, agenda, meetings, first)


def same_answer(shown: EarlierMinutes | None, checked: EarlierMinutes) -> bool:
    """``shown``'s open actions (maybe with more pages read since) are ``checked``'s: the count, and those
    ``checked`` read."""
    if shown is None:
        return False
    read = len(checked.open.states)
    return (
        shown.open.count == checked.open.count
        and len(shown.open.states) >= read
        and shown.open.states[:read] == checked.open.states
    )


def _glimpse(db: sqlite3.Connection | None, path: Path, first: int) -> EarlierMinutes | None:
    """The open actions as the last read left them in the index, when git's index has not changed since (else
    ``None``): only what the review list shows (the count and the first page, two short queries); no parked topics,
    meetings or outcomes — the offers wait for the checked answer."""
    if db is None:
        return None
    try:
        row = db.execute("SELECT stamp FROM meta").fetchone()
        stamp = Stamp.of(row[0]) if row is not None else None
        if stamp is None or not index_unchanged(stamp):
            return None
        db.execute("BEGIN")  # the count and the page of one state
        try:
            found = OpenActions(query.open_count(db), query.open_after(db, None, first), IndexPages(path))
        finally:
            db.execute("COMMIT")
    except sqlite3.Error:
        return None  # busy, or damaged: the read below says which
    return EarlierMinutes(found, History(), {}, ())


def _roster(repo: MinutesRepo) -> dict[str, Team]:
    """The roster the outcomes' teams come from, as the read has it (a broken people.toml: none; it told so)."""
    try:
        return {person.name: person.team for person in repo.people.people}
    except InputError:
        return {}


def _asked(
    db: sqlite3.Connection,
    path: Path,
    agenda: str,
    meetings: int,
    first: int,
    told: tuple[tuple[str, ...], Mapping[str, Outcome] | None],
    roster: dict[str, Team],
) -> EarlierMinutes:
    warnings, outcomes = told
    db.execute("BEGIN")  # one state for every answer, even if another process syncs meanwhile
    try:
        key = agenda.strip().casefold()
        recent = History(
            parked={key: query.parked(db, agenda).get(key, ())},
            meetings=query.last_meetings(db, agenda, meetings),
        )
        return EarlierMinutes(
            OpenActions(query.open_count(db), query.open_after(db, None, first), IndexPages(path)),
            recent,
            outcomes if outcomes is not None else query.outcomes(db, roster),
            warnings,
        )
    finally:
        db.execute("COMMIT")


def _from_files(repo: MinutesRepo, agenda: str, meetings: int, first: int) -> EarlierMinutes:
    """Without an index: every file read and folded (the reference path), the open actions kept in memory."""
    history = load_history(repo, use_cache=False, parts=query.REVIEW)
    states = sorted((state for state in history.actions if state.is_open), key=review_key)
    key = agenda.strip().casefold()
    mine = [facts for facts in history.meetings if facts.agenda.strip().casefold() == key]
    last = tuple(mine[-meetings:]) if meetings > 0 else ()
    recent = History(parked={key: history.parked.get(key, ())}, meetings=last)
    return EarlierMinutes(
        OpenActions(len(states), states[:first], MemoryPages(states)),
        recent,
        history.proposal_outcomes,
        history.warnings,
    )
