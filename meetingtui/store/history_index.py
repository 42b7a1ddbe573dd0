"""The history index: every minutes file's validated data, kept by content in one SQLite database per repository.

A row is keyed by the file's *content*: git's blob id of its bytes. For a file
that git tracks and reports unmodified, the id comes from git's own index (one
``git ls-files`` call for the whole folder, no file read); for anything else —
untracked, modified, assume-unchanged, or no git at all — the bytes are read and
hashed the way ``git hash-object`` does. Size and modification time are never
trusted, so an edit that keeps both (``touch -r``, ``rsync -t``) still changes
the key, and a ``git checkout`` simply finds the rows of the older contents (or
parses them once). A file whose key has no row is parsed, validated and added;
rows no file has any more are dropped: the update is incremental, one changed
file costs one parse and one row.

The minutes files stay the source of truth: a database that is missing,
unreadable, corrupt, or written by another format or other models is rebuilt
from them, and a row that no longer validates is treated as missing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pydantic
from pydantic import ValidationError

from meetingtui import __version__
from meetingtui.domain import agenda as agenda_module
from meetingtui.domain import minutes as minutes_module
from meetingtui.domain.errors import InputError
from meetingtui.domain.minutes import Minutes

FORMAT = 1
"""The database layout; bumped when it changes (a database of another format is rebuilt)."""

BUSY_SECONDS = 5.0
"""How long to wait for another process writing the index before reading the files without it."""

Result = Minutes | InputError
Row = tuple[bool, bytes]
"""A stored result: (validated, payload): minutes JSON, or ``[message, where]`` of the file's error."""

_SCHEMA = """
CREATE TABLE meta (fingerprint TEXT NOT NULL);
CREATE TABLE minutes (key TEXT PRIMARY KEY, ok INTEGER NOT NULL, payload BLOB NOT NULL) WITHOUT ROWID;
"""


def content_key(data: bytes) -> str:
    """git's blob id of ``data`` (what ``git hash-object`` prints in a SHA-1 repository)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def tracked_keys(folder: Path) -> dict[str, str]:
    """Path (relative to ``folder``, with ``/``) → blob id of every file under ``folder`` whose work-tree
    content git vouches for: tracked, stage 0, not assume-unchanged or skip-worktree, not modified, and
    not changed around or after git last wrote its index (see below).

    Empty when ``folder`` is not in a git work tree or git fails: every file is then hashed by the caller.
    """
    from meetingtui.store.git.run import GitError, run_git

    # git sees a change by size, mtime, ctime and inode (and re-reads files changed in the second it
    # wrote its index). mtime can be set back (`touch -r`, `rsync -t`); ctime cannot, so force its check
    # on, and make git look at the files themselves rather than ask a file-system monitor.
    strict = ("-c", "core.trustctime=true", "-c", "core.checkStat=default", "-c", "core.fsmonitor=false")
    try:
        staged = run_git(folder, *strict, "ls-files", "-s", "-v", "-z", step="list the minutes", timeout=60)
        modified = run_git(folder, *strict, "ls-files", "-m", "-z", step="list changed minutes", timeout=60)
        where = run_git(folder, "rev-parse", "--git-path", "index", step="find git's index", timeout=60)
        written = (folder / where.stdout.strip()).stat().st_mtime_ns
    except (GitError, OSError):  # no git, a time-out: hashing every file is always correct
        return {}
    if staged.returncode or modified.returncode or where.returncode:
        return {}
    # git compares ctime to the second only: an edit in the second git recorded the file, with size and
    # mtime put back, looks unchanged to it. As git does for mtime ("racy clean"), files whose ctime is not
    # clearly older than git's index are hashed instead (a second of slack for the command that wrote it).
    racy_from = (written // 1_000_000_000 - 1) * 1_000_000_000
    changed = set(modified.stdout.split("\0"))
    base = os.path.join(folder, "")
    keys: dict[str, str] = {}
    for record in staged.stdout.split("\0"):
        info, tab, path = record.partition("\t")
        parts = info.split(" ")
        # "H 100644 <blob id> 0": cached (H), a plain file, stage 0 (no conflict).
        plain = tab and len(parts) == 4 and parts[0] == "H" and parts[1] in ("100644", "100755")
        if plain and parts[3] == "0" and path.endswith(".toml") and path not in changed:
            try:
                if os.stat(base + path).st_ctime_ns < racy_from:
                    keys[path] = parts[2]
            except OSError:
                continue
    return keys


@functools.cache
def fingerprint() -> str:
    """Format, versions and a digest of the model sources: any change to them means a rebuild."""
    digest = hashlib.sha256(f"{FORMAT} {__version__} {pydantic.VERSION}".encode())
    for module in (agenda_module, minutes_module):  # the files that define the models
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:24]


Problems = tuple[tuple[str, str | None], ...]
Stored = Minutes | Problems
"""What a row gives back: validated minutes, or a file's problems (message, where), to be told with its path."""


def encode(result: Result) -> Row:
    """The row stored for one file's result (errors are stored without the path: it is not part of the content)."""
    if isinstance(result, Minutes):
        return True, result.model_dump_json(exclude_none=True).encode()
    return False, json.dumps([[problem.message, problem.where] for problem in result.problems]).encode()


def problems_error(path: Path, problems: Problems) -> InputError:
    """The :class:`InputError` of a file at ``path`` from its stored problems."""
    (message, where), *more = problems
    return InputError(path, message, where, [InputError(path, m, w) for m, w in more])


def _decode(ok: bool, payload: bytes) -> Stored | None:
    """A row's content; ``None`` when it does not validate (the file is then read again)."""
    try:
        if ok:
            return Minutes.model_validate_json(payload)
        problems = tuple((message, where) for message, where in json.loads(payload))
        if problems and all(isinstance(m, str) and (w is None or isinstance(w, str)) for m, w in problems):
            return problems
    except (ValidationError, ValueError, TypeError):
        pass
    return None


class HistoryIndex:
    """One repository's database: content key → :data:`Row`. Open it with :meth:`open`."""

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
        if version != FORMAT or tables != {"meta", "minutes"}:
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
            for statement in _SCHEMA.strip().split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("INSERT INTO meta VALUES (?)", (fingerprint(),))
            connection.execute(f"PRAGMA user_version = {FORMAT}")
            connection.execute("COMMIT")
            with contextlib.suppress(OSError):  # the size-and-time keyed cache this index replaces
                path.with_suffix(".cache").unlink()
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise

    def load(self, wanted: set[str]) -> tuple[dict[str, Stored], list[str]]:
        """What the rows of the ``wanted`` keys hold (a row that no longer validates is left out, so its file
        is read again), and the keys of the other rows.

        Nothing is found in a damaged database (it is rebuilt, empty) or a busy one (left alone for this run).
        """
        found: dict[str, Stored] = {}
        unused: list[str] = []
        if self._db is None:
            return found, unused
        try:
            # One row at a time: only the validated minutes stay in memory, not every payload.
            for key, ok, payload in self._db.execute("SELECT key, ok, payload FROM minutes"):
                if key not in wanted:
                    unused.append(key)
                    continue
                value = _decode(bool(ok), payload)
                if value is not None:
                    found[key] = value
        except sqlite3.Error as exc:
            if damaged(exc):
                self.rebuild()
            else:
                self.close()
            return {}, []
        return found, unused

    def update(self, added: dict[str, Row], dropped: Iterable[str]) -> None:
        """Add rows and drop rows no file has any more, in one transaction; a busy or read-only database only
        costs speed next time."""
        dropped = list(dropped)
        if self._db is None or (not added and not dropped):
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM minutes WHERE key = ?", ((key,) for key in dropped))
            self._db.executemany(
                "INSERT OR REPLACE INTO minutes VALUES (?, ?, ?)",
                ((key, ok, payload) for key, (ok, payload) in added.items()),
            )
            self._db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

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
