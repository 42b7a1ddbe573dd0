"""The history index: every minutes file's validated data, kept by content in one SQLite database per repository.

A row is keyed by the file's *content*: git's blob id of its bytes. For a file
that git tracks and reports unmodified, the id comes from git's own index
(:mod:`history_git`: one ``git ls-files`` for the whole folder, no file read — or,
when git's index is the one the last run saw, only the files git reports changed);
for anything else — untracked, modified, assume-unchanged, or no git at all — the
bytes are read and hashed the way ``git hash-object`` does. Size and modification time are never
trusted, so an edit that keeps both (``touch -r``, ``rsync -t``) still changes
the key, and a ``git checkout`` simply finds the rows of the older contents (or
parses them once). A file whose key has no rows is parsed, validated and its rows
(:mod:`history_rows`: actions, updates, decisions, … of that one file) added;
rows no file has any more are dropped by key: the update is incremental, one
changed file costs one parse. What the files add up to is derived from the rows
(:mod:`history_fold`) and asked with SQL (:mod:`history_query`).

The minutes files stay the source of truth: a database that is missing,
unreadable, corrupt, or written by another format or other models is rebuilt
from them.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from pathlib import Path

import pydantic

from meetingtui import __version__
from meetingtui.domain import agenda as agenda_module
from meetingtui.domain import minutes as minutes_module
from meetingtui.domain import records as records_module
from meetingtui.domain import report as report_module
from meetingtui.domain.errors import InputError
from meetingtui.domain.minutes import Minutes
from meetingtui.store import history_figures, history_fold, history_rows
from meetingtui.store.digests import sha1, sha256
from meetingtui.store.history_rows import SCHEMA, TABLES

FORMAT = 4
"""The database layout; bumped when it changes (a database of another format is rebuilt)."""

BUSY_SECONDS = 5.0
"""How long to wait for another process writing the index before reading the files without it."""

Result = Minutes | InputError


def content_key(data: bytes) -> str:
    """git's blob id of ``data`` (what ``git hash-object`` prints in a SHA-1 repository)."""
    last = _last_key
    if last is not None and last[0] is data:  # a save's report keys the new minutes when listed and when parsed
        return last[1]
    key = sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
    _set_last(data, key)
    return key


_last_key: tuple[bytes, str] | None = None
"""The last bytes keyed, and their key (by identity: bytes cannot change)."""


def _set_last(data: bytes, key: str) -> None:
    global _last_key
    _last_key = (data, key)


@functools.cache
def fingerprint() -> str:
    """Format, versions and a digest of the sources of the models, the rows and the fold: any change to them
    means a rebuild (the derived tables hold what that code made of the files)."""
    digest = sha256(f"{FORMAT} {__version__} {pydantic.VERSION}".encode())
    modules = (
        agenda_module,
        minutes_module,
        records_module,
        report_module,
        history_rows,
        history_figures,
        history_fold,
    )
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:24]


Problems = tuple[tuple[str, str | None], ...]
"""A file's problems (message, where), stored without its path (not part of the content), told with it."""


def problems_error(path: Path, problems: Problems) -> InputError:
    """The :class:`InputError` of a file at ``path`` from its stored problems."""
    (message, where), *more = problems
    return InputError(path, message, where, [InputError(path, m, w) for m, w in more])


class HistoryIndex:
    """One repository's database (tables: :mod:`history_rows`). Open it with :meth:`open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = connection

    @classmethod
    def open(cls, path: Path) -> HistoryIndex | None:
        """The index at ``path``, created or rebuilt empty when missing, corrupt or of another format;
        ``None`` when no database can be kept there (then every file is read: only speed is lost)."""
        for _ in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
            except (OSError, sqlite3.Error):
                return None
            try:
                if cls._usable(connection):
                    return cls(path, connection)
                cls._create(connection, path)
                return cls(path, connection)
            except sqlite3.Error as exc:
                connection.close()
                if not damaged(exc):
                    return None  # busy past the time-out, read-only, a full disk: the database stays as it is
                discard(path)  # not a database, or a damaged one: start again from the files
        return None

    @staticmethod
    def _usable(connection: sqlite3.Connection) -> bool:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version != FORMAT or tables != TABLES:
            return False
        row = connection.execute("SELECT fingerprint FROM meta").fetchone()
        return row is not None and row[0] == fingerprint()

    @staticmethod
    def _create(connection: sqlite3.Connection, path: Path) -> None:
        """Empty the database and lay it out for this format, in one transaction (other readers see old or new)."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                connection.execute(f'DROP TABLE "{name}"')
            for statement in SCHEMA.strip().split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("INSERT INTO meta VALUES (?, '', '', '')", (fingerprint(),))
            connection.execute(f"PRAGMA user_version = {FORMAT}")
            connection.execute("COMMIT")
            with contextlib.suppress(OSError):  # the size-and-time keyed cache this index replaces
                path.with_suffix(".cache").unlink()
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise

    @property
    def db(self) -> sqlite3.Connection | None:
        """The open database (``None`` once closed, or when none could be kept)."""
        return self._db

    def rebuild(self) -> None:
        """Start this damaged index again, empty (without a database when none can be made: only speed is lost)."""
        self.close()
        discard(self.path)
        fresh = HistoryIndex.open(self.path)
        self._db = fresh._db if fresh is not None else None

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


_TRANSIENT = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
)


def damaged(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says the database itself is bad (so it is rebuilt), not that it is busy or unwritable now."""
    return not (getattr(exc, "sqlite_errorname", None) or "").startswith(_TRANSIENT)


def discard(path: Path) -> None:
    """Remove a database and its journals (a stale journal must not be played into a new database)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()
