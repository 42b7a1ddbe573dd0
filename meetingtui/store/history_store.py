"""What the minutes of a repository add up to, fast: asked of the content-keyed history index.

Each file is known by its content (git's blob id), never by its size or time
(:mod:`history_index`); a file whose content has no rows yet is parsed and its
rows added (:mod:`history_rows`), rows of contents no file has any more are
dropped, and what the changed files touch is folded again (:mod:`history_fold`).
Commands then ask for the parts they print (:mod:`history_query`): no command
and no meeting holds every minutes model. The minutes files stay the source of
truth: an index that is missing, damaged or of another version is rebuilt from
them, and without one every file is read and folded whole (the reference path).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from meetingtui.domain.agenda import Team
from meetingtui.domain.errors import InputError
from meetingtui.domain.history import History, build_history
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.slug import slugify
from meetingtui.store import history_parse
from meetingtui.store import history_query as query
from meetingtui.store.collector import collector_paused
from meetingtui.store.digests import sha256
from meetingtui.store.history_fold import Later, file_order, sync, sync_changes
from meetingtui.store.history_git import GitListing, Stamp, changes_since, git_listing, index_blobs
from meetingtui.store.history_index import HistoryIndex, content_key, damaged, problems_error
from meetingtui.store.history_query import PARTS
from meetingtui.store.history_rows import Rows
from meetingtui.store.minutes_store import minutes_file_names, minutes_file_place, minutes_files
from meetingtui.store.recent_writes import being_written, listed, upcoming_names, upcoming_relative
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import MAX_TOML_BYTES

T = TypeVar("T")


def load_history(
    repo: MinutesRepo,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    index_of: Path | None = None,
    parts: Iterable[str] = PARTS,
) -> History:
    """What the minutes of ``repo`` add up to: the ``parts`` of a :class:`History` asked for (see
    :data:`~meetingtui.store.history_query.PARTS`; the others are left empty), asked of the index.

    Files that cannot be read are skipped; their :class:`InputError` messages come first in
    ``History.warnings``, followed by the fold's own warnings. Without an index (``use_cache=False``, or
    none can be kept) every file is read and folded whole (:func:`build_history`), with the same result.
    ``index_of``: see :func:`load_all_minutes`.
    """
    warnings: list[str] = []
    roster = _roster(repo, warnings)
    if use_cache:
        answer = functools.partial(_query, parts=frozenset(parts), roster=roster, warnings=warnings)
        found = _asked(repo, cache_dir, index_of, roster, answer)
        if found is not None:
            return found
    minutes, unread = load_all_minutes(repo, use_cache=False)
    return build_history(minutes, roster=roster, warnings=[*unread, *warnings])


PathsOf = Callable[[Iterable[str]], dict[str, Path | None]]
""":func:`minutes_paths` of some minutes ids, asked of the state a history was read from."""


def load_history_then(
    repo: MinutesRepo,
    then: Callable[[History, PathsOf], T],
    *,
    index_of: Path | None = None,
    parts: Iterable[str] = PARTS,
) -> T:
    """``then(history, paths_of)`` of what :func:`load_history` gives, called inside the index transaction that
    answered, *before* the index's changes are committed: the commit syncs them to disk (~20 ms of a save's report
    on a disk, which no answer needs), so work that does not wait for it goes first. ``paths_of``: the files of
    minutes ids, as :func:`minutes_paths` (``{}`` without an index). A failed commit loses only the index's update
    (the next read makes it again): what ``then`` made from the files stands."""
    warnings: list[str] = []
    roster = _roster(repo, warnings)
    wanted = frozenset(parts)

    def answer(db: sqlite3.Connection, told: list[str]) -> tuple[T]:
        history = _query(db, told, parts=wanted, roster=roster, warnings=warnings)
        return (then(history, functools.partial(_paths_in, repo, db)),)

    found = _asked(repo, None, index_of, roster, answer)
    if found is not None:
        return found[0]
    minutes, unread = load_all_minutes(repo, use_cache=False)
    return then(build_history(minutes, roster=roster, warnings=[*unread, *warnings]), lambda ids: {})


def open_action_records(
    repo: MinutesRepo, team: Team | None = None, due_before: dt.date | None = None, *, cache_dir: Path | None = None
) -> tuple[list[str], list[str]] | None:
    """The JSON record of every open action (of ``team``, due before ``due_before``), in the order
    ``History.open_actions`` gives, and the warnings :func:`load_history` gives, asked of the index alone: no
    model is built. ``None`` when there is no index to ask (then use :func:`load_history`)."""
    due = due_before.isoformat() if due_before is not None else None
    return _records(repo, cache_dir, lambda db: query.open_action_records(db, team.value if team else None, due))


def entry_records(
    repo: MinutesRepo, part: str, since: dt.date | None = None, *, cache_dir: Path | None = None
) -> tuple[list[str], list[str]] | None:
    """The JSON record of every decision or insight (``part``) from ``since`` on, newest meeting first (as
    ``History.decisions`` and ``History.insights``), and the warnings; ``None`` when there is no index to ask."""
    day = since.isoformat() if since is not None else None
    return _records(repo, cache_dir, lambda db: query.entry_records(db, part, day))


def _records(
    repo: MinutesRepo, cache_dir: Path | None, ask: Callable[[sqlite3.Connection], list[str]]
) -> tuple[list[str], list[str]] | None:
    warnings: list[str] = []
    roster = _roster(repo, warnings)

    def answer(db: sqlite3.Connection, told: list[str]) -> tuple[list[str], list[str]]:
        return ask(db), [*told, *warnings, *query.fold_warnings(db)]

    return _asked(repo, cache_dir, None, roster, answer, records=True)


def _roster(repo: MinutesRepo, warnings: list[str]) -> dict[str, Team]:
    try:
        return {person.name: person.team for person in repo.people.people}
    except InputError as exc:
        warnings.append(f"{exc} (teams of re-assigned owners come from attendees only)")
        return {}


def _asked(
    repo: MinutesRepo,
    cache_dir: Path | None,
    index_of: Path | None,
    roster: dict[str, Team],
    answer: Callable[..., T],
    records: bool = False,
) -> T | None:
    """``answer(db, told)`` of the index brought up to date (``told``: the unreadable files, said first);
    ``None`` when there is no index to ask (none can be kept, busy, read-only). ``records``: the answer reads the
    open actions' records (:func:`~.history_fold.sync`'s ``later``)."""
    index = HistoryIndex.open(cache_path(index_of or repo.minutes_dir, cache_dir))
    if index is None:
        return None
    try:
        with collector_paused(freeze=True):
            return _from_index(repo, index, roster, answer, records)
    finally:
        index.close()


def _from_index(
    repo: MinutesRepo, index: HistoryIndex, roster: dict[str, Team], answer: Callable[..., T], records: bool
) -> T | None:
    """The history from the index brought up to date; ``None`` when the index cannot be used now (busy, read-only).
    ``records``: the answer reads the open actions' records; else their update waits until it is made."""
    root = repo.minutes_dir
    for attempt in range(2):
        db = index.db
        if db is None:
            return None
        errors: dict[str, InputError] = {}
        skipped: list[Path] = []
        later: Later | None = None if records else []
        try:
            rows = Rows(db)
            parse = functools.partial(history_parse.parse_all, rows, root, errors)
            if not _sync_changes(db, root, roster, parse, rows.write, later):
                names = minutes_file_names(repo, skipped)
                listing, tracked = _listing(root, upcoming_names(names, str(root)), errors)
                listed()  # a save may intent-add its files now (git's index is not read again)
                stamp = functools.partial(_stamp_text, tracked if not skipped else None, errors)
                sync(db, listing, roster, parse, rows.write, stamp, later)
            try:
                return answer(db, _told(db, root, errors, skipped))
            finally:
                for step in later or ():  # what the answer did not read, off its path (a save's report)
                    step()
                db.execute("COMMIT")  # the transaction sync left open: the answers are of the state it made
        except sqlite3.Error as exc:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            if not damaged(exc) or attempt:
                return None
            index.rebuild()  # a damaged database: start again from the files
    return None


def _sync_changes(db: sqlite3.Connection, root: Path, roster: dict[str, Team], parse, stored, later) -> bool:
    """The shortcut (:func:`~meetingtui.store.history_git.changes_since`): when git's index is the one the last run
    saw, only the files git reports changed are looked at. ``False`` when it does not apply (the full listing runs),
    ``True`` with the transaction :func:`~meetingtui.store.history_fold.sync_changes` leaves open."""
    (text,) = db.execute("SELECT stamp FROM meta").fetchone()
    stamp = Stamp.of(text)
    paths = changes_since(root, stamp) if stamp is not None else None
    if stamp is None or paths is None:
        return False
    changes: dict[str, str | None] = {}
    for relative in upcoming_relative(paths, str(root)):
        key = _key_now(root / relative)
        if key is False:
            return False  # a folder, a symlink, an unreadable or huge file: the full listing tells it
        changes[relative] = key
    # Files the last run found different from git's index that git no longer reports: as git's index has them.
    back = sorted(stamp.overrides.keys() - changes.keys())
    blobs = index_blobs(root, back)
    if blobs is None:
        return False
    listed()  # a save may intent-add its files now (git's index is not read again)
    now = Stamp(stamp.index, stamp.checksum, stamp.began_ns, stamp.rehash, dict(changes))
    changes.update((path, blobs.get(path)) for path in back)
    return sync_changes(db, changes, roster, parse, stored, (text, now.text()), later)


def _key_now(path: Path) -> str | bool | None:
    """The content key of a plain file at ``path``, ``None`` when there is none, ``False`` when only the full
    listing can say what it is (a symlink, a folder, a file that cannot be read or is too large to keep)."""
    try:
        if being_written(path) is None and not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except FileNotFoundError:
        return None
    except OSError:
        return False
    data = history_parse.read_bytes(path)
    if not isinstance(data, bytes) or len(data) > MAX_TOML_BYTES:
        return None if data is None else False
    return content_key(data)


def _stamp_text(tracked: GitListing | None, errors: dict, listing: Mapping[str, str | None]) -> str:
    """What the next run's shortcut needs (:class:`~meetingtui.store.history_git.Stamp`), or nothing (no git, or
    something only the full listing tells: a symlink, a file that cannot be read or kept)."""
    if tracked is None or tracked.stamp is None or errors or None in listing.values():
        return ""
    stamp, blobs = tracked.stamp, tracked.blobs
    overrides = {path: key for path, key in listing.items() if blobs.get(path) != key}
    overrides.update((path, None) for path in blobs.keys() - listing.keys())  # tracked, and gone
    stamp.overrides = overrides
    return stamp.text()


def _told(db: sqlite3.Connection, root: Path, errors: dict[str, InputError], skipped: list[Path]) -> list[str]:
    """What is said of files that are not read: unreadable ones (by path), then symlinks."""
    for path, problems in query.unreadable(db):
        errors[path] = problems_error(root / path, problems)
    told = [str(errors[path]) for path in sorted(errors, key=file_order)]
    told += [f"{path}: a symlink, not read — minutes are plain files inside the repository" for path in sorted(skipped)]
    return told


def _query(
    db: sqlite3.Connection, told: list[str], *, parts: frozenset[str], roster: dict[str, Team], warnings: list[str]
) -> History:
    """The ``parts`` of the history asked for, with every warning (unreadable files, the roster's, the fold's)."""
    wanted = parts & {"open", "actions"}
    actions = query.action_states(db, "actions" not in parts, "trail" in parts) if wanted else ()
    return History(
        actions=actions,
        decision_log=query.entries(db, "decisions") if "decisions" in parts else (),
        concern_log=query.entries(db, "concerns") if "concerns" in parts else (),
        insight_log=query.entries(db, "insights") if "insights" in parts else (),
        parked=query.parked(db) if "parked" in parts else {},
        meetings=(
            query.meetings(db, segments="meetings" in parts, figures="figures" in parts)
            if parts & {"meetings", "figures", "dates"}
            else ()
        ),
        warnings=(*told, *warnings, *query.fold_warnings(db)),
        proposal_outcomes=query.outcomes(db, roster) if "outcomes" in parts else {},
    )


def minutes_paths(
    repo: MinutesRepo, ids: Iterable[str], *, index_of: Path | None = None, cache_dir: Path | None = None
) -> dict[str, Path | None]:
    """The file :func:`~meetingtui.store.minutes_store.find_minutes_file` finds for each of ``ids``, asked of
    the index as the last read left it (no file read); ids it knows no file of are left out (to be looked for)."""
    index = HistoryIndex.open(cache_path(index_of or repo.minutes_dir, cache_dir))
    if index is None or index.db is None:
        return {}
    try:
        return _paths_in(repo, index.db, ids)
    except sqlite3.Error:
        return {}
    finally:
        index.close()


def _paths_in(repo: MinutesRepo, db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Path | None]:
    wanted = sorted(set(ids))
    query = "SELECT f.mid, p.path FROM present p JOIN minutes f ON f.key = p.key WHERE f.mid IN"
    query += " (SELECT value FROM json_each(?))"
    rows = db.execute(query, (json.dumps(wanted),)).fetchall()
    found: dict[str, Path | None] = {}
    for mid, path in sorted(rows, key=lambda row: row[1]):
        folder, base = minutes_file_place(mid)
        where, _, name = path.rpartition("/")
        if mid not in found and where == folder and name.startswith(base) and name.endswith(".toml"):
            found[mid] = repo.minutes_dir / path
    return found


def _listing(
    root: Path, paths: list[str], errors: dict[str, InputError]
) -> tuple[dict[str, str | None], GitListing | None]:
    """Relative path → content key of every file (git's word for those it vouches for, else the bytes hashed),
    and what the next run may trust of git's index; files that cannot be read at all go to ``errors``."""
    tracked = git_listing(root) if paths else None
    vouched = tracked.keys if tracked is not None else {}
    prefix = len(str(root)) + 1
    listing: dict[str, str | None] = {}
    for path in paths:
        relative = path[prefix:].replace(os.sep, "/")
        key = vouched.get(relative) if being_written(path) is None else None  # git saw it before it was written
        if key is None:  # not vouched for by git: hash what is there (not kept: on a miss it is read again)
            data = history_parse.read_bytes(Path(path))
            if isinstance(data, InputError):
                errors[relative] = data
                continue
            if data is None:
                continue
            key = content_key(data) if len(data) <= MAX_TOML_BYTES else None
        listing[relative] = key
    return listing, tracked


def load_all_minutes(repo: MinutesRepo, *, use_cache: bool = False) -> tuple[list[Minutes], list[str]]:
    """Every readable minutes file of ``repo`` (in file-name order), each read and validated, and one warning per
    unreadable file: the reference path, slow on a big repository (the index keeps no whole minutes).

    ``use_cache`` is accepted for older callers and ignored. For :func:`load_history`, ``index_of`` is the minutes
    folder whose index to use instead of ``repo``'s own: a temporary work tree of the same repository holds the
    same contents (the index is keyed by content), and an index of its own would be cold and left behind.
    """
    skipped: list[Path] = []
    paths = minutes_files(repo, skipped)
    with collector_paused(freeze=True):
        results = [history_parse.read(path) for path in paths]
    minutes: list[Minutes] = []
    warnings: list[str] = []
    for result in results:
        if isinstance(result, Minutes):
            minutes.append(result)
        elif result is not None:
            warnings.append(str(result))
    for path in sorted(skipped):
        warnings.append(f"{path}: a symlink, not read — minutes are plain files inside the repository")
    return minutes, warnings


def cache_path(minutes_dir: Path, cache_dir: Path | None = None) -> Path:
    """The index database of one repository's minutes folder: readable name, keyed by the folder's resolved path."""
    if cache_dir is None:
        from platformdirs import user_cache_path  # only when no cache folder is given

        cache_dir = user_cache_path("meetingtui") / "history"
    resolved = Path(minutes_dir).resolve()
    digest = sha256(str(resolved).encode()).hexdigest()[:16]
    return cache_dir / f"{slugify(resolved.parent.name)}-{digest}.sqlite"
