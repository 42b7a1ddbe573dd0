"""Keeping the index's derived tables true to the files in the work tree, incrementally.

``present`` lists the files of the work tree (path → content key) and which of them count (``live``: the
first minutes of each id, as the fold has it). When the listing changes, only what the changed files touch
is derived again: the minutes ids of the changed contents (so which file counts for them, and their
"second minutes with this id" warnings) and every action any file of those ids creates or updates — each
such action is folded again from all its rows, across every file (see :mod:`meetingtui.domain.history` for
the rules, which this follows to the letter; ``tests/e2e/test_history_index.py`` compares the two).
A change of the roster (``people.toml``) folds every updated action again (teams of re-assigned owners).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from meetingtui.domain.agenda import Team
from meetingtui.domain.minutes import ActionItem, ActionStatus
from meetingtui.store.digests import sha1
from meetingtui.store.history_rows import create_file_indexes, delete_rows, drop_file_indexes

if TYPE_CHECKING:
    from pydantic import TypeAdapter

Parse = Callable[[list[str]], dict[str, str | None]]
"""Reads, parses and stores the files at relative paths; gives the key each one's rows were stored under (``None``:
gone)."""

_CLOSED = ("done", "dropped")

Later = list[Callable[[], None]]
"""Steps of an index update that a caller runs itself before it commits (see :func:`sync`)."""


@functools.cache
def list_adapter(item_type: Any) -> TypeAdapter:
    """The validator of a JSON list of ``item_type``, made on first use: each builds its models' schemas, which a
    meeting that never reads that kind of row would keep for nothing (~2 MB of peak RSS for all of them). A meeting
    asks for none (its pages validate each item with its model's own validator): nor does it import pydantic's
    TypeAdapter module."""
    from pydantic import TypeAdapter  # on first use: not in a meeting

    return TypeAdapter(list[item_type])


def digest(items: Iterable[tuple[str, str]]) -> str:
    """A short digest of ``items`` (a listing, a roster: pairs of strings)."""
    text = "".join(f"{len(first)}:{first}{len(second)}:{second}" for first, second in items)  # unambiguous
    return sha1(text.encode(), usedforsecurity=False).hexdigest()


def file_order(path: str) -> tuple[str, str]:
    """The order ``minutes_files`` lists a relative path in (by file name, then by path)."""
    return path.rsplit("/", 1)[-1], path


def place_of(order: str, path: str, then: str) -> str:
    """Text that sorts as the fold meets things: meeting order, then file order, then ``then``."""
    name, path = file_order(path)
    return f"{order}\x01{name}\x01{path}\x01{then}"


def sync(
    db: sqlite3.Connection,
    listing: dict[str, str | None],
    roster: Mapping[str, Team],
    parse: Parse,
    stored: Callable[[sqlite3.Connection], None],
    stamp: Callable[[Mapping[str, str | None]], str] = lambda listing: "",
    later: Later | None = None,
) -> None:
    """Bring the derived tables up to date with ``listing`` (relative path → content key, ``None``: not known),
    and leave a transaction open: the caller asks its questions of this very state, then ends it (``COMMIT``),
    so another process or work tree syncing the same index in between cannot change the answers.

    Contents the index has no rows of are parsed (through ``parse``), then their rows written (``stored``).
    ``stamp`` gives what to keep for the next run's shortcut (:func:`sync_changes`) from the final listing.
    When neither the listing, the roster nor the stamp changed since the last run, the transaction only reads.
    ``later``: where to leave what only ``actions --format json`` reads (the open actions' records, when a few
    actions are folded again), for the caller to run before it commits — after its answer, when that reads none.
    """
    roster_key = digest(sorted((name, team.value) for name, team in roster.items()))
    listed = digest(sorted(listing.items())) if None not in listing.values() else None
    kept = stamp(listing) if listed is not None else ""
    db.execute("BEGIN")
    try:
        row = db.execute("SELECT listing, roster, stamp FROM meta").fetchone()
        if listed is not None and row == (listed, roster_key, kept):
            return
        db.execute("ROLLBACK")
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT listing, roster FROM meta").fetchone()  # as another writer may have left it
        if listed is None or row != (listed, roster_key):
            old = dict(db.execute("SELECT path, key FROM present"))
            changed = roster_key != (row[1] if row else None)
            _apply(db, old, listing, roster, changed, parse, stored, not old, later)
            listed, kept = digest(sorted(listing.items())), stamp(listing)  # of the keys of the bytes parsed
        db.execute("UPDATE meta SET listing = ?, roster = ?, stamp = ?", (listed, roster_key, kept))
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def sync_changes(
    db: sqlite3.Connection,
    changes: dict[str, str | None],
    roster: Mapping[str, Team],
    parse: Parse,
    stored: Callable[[sqlite3.Connection], None],
    stamps: tuple[str, str],
    later: Later | None = None,
) -> bool:
    """:func:`sync` for a listing known to differ from the last one only at the paths of ``changes`` (relative
    path → content key, ``None``: no such file now): only those paths are looked at. ``stamps`` is (the stamp the
    changes were worked out from, the one to keep now). ``False`` (and no transaction) when the index no longer
    holds that stamp (another run changed it meanwhile): then the caller lists everything and calls :func:`sync`.
    """
    roster_key = digest(sorted((name, team.value) for name, team in roster.items()))
    wanted = json.dumps(sorted(changes))
    db.execute("BEGIN")
    try:
        for writing in (False, True):
            row = db.execute("SELECT roster, stamp FROM meta").fetchone()
            if row is None or row[1] != stamps[0]:
                db.execute("ROLLBACK")
                return False
            query = "SELECT path, key FROM present WHERE path IN (SELECT value FROM json_each(?))"
            old = dict(db.execute(query, (wanted,)))
            if not writing:
                if row == (roster_key, stamps[1]) and all(old.get(path) == key for path, key in changes.items()):
                    return True
                db.execute("ROLLBACK")
                db.execute("BEGIN IMMEDIATE")
        listing = {path: key for path, key in changes.items() if key is not None}
        _apply(db, old, listing, roster, roster_key != row[0], parse, stored, False, later)
        # The whole listing's digest is not known without every path: the next full listing folds its difference.
        db.execute("UPDATE meta SET listing = '', roster = ?, stamp = ?", (roster_key, stamps[1]))
        return True
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _apply(db, old, listing, roster, roster_changed, parse, stored, first: bool, later: Later | None = None) -> None:
    """Make ``present`` say ``listing`` where it said ``old`` (both of the same paths, or of every path), parse what
    the index has no rows of, drop the rows of contents no file has any more, and fold again what that touches."""
    old_keys = set(old.values())  # every listed content has its rows
    existing = old_keys | _existing(db, {key for key in listing.values() if key is not None and key not in old_keys})
    missing = [path for path, key in listing.items() if key is None or key not in existing]
    if first and len(missing) > REINDEX_FROM:  # in this transaction: a failure leaves them as they were
        drop_file_indexes(db)
    for path, key in parse(missing).items():  # the key of the bytes parsed: the file may have changed since
        if key is None:
            del listing[path]
        else:
            listing[path] = key
    stored(db)
    create_file_indexes(db)
    changed = [path for path in old.keys() | listing.keys() if old.get(path) != listing.get(path)]
    changed_keys = {old[p] for p in changed if p in old} | {listing[p] for p in changed if p in listing}
    _temp(db, "keys", changed_keys)
    mids = [mid for (mid,) in db.execute("SELECT DISTINCT mid FROM minutes WHERE key IN temp.keys AND ok")]
    _temp(db, "mids", mids)
    aids: set[str] | None = None  # a first build folds every action
    if not first:  # every action any file of these ids creates or updates (rows of contents about to go included)
        of_mids = "SELECT key FROM minutes WHERE mid IN temp.mids"
        aids = {aid for (aid,) in db.execute(f"SELECT aid FROM actions WHERE key IN ({of_mids})")}
        aids |= {aid for (aid,) in db.execute(f"SELECT aid FROM updates WHERE key IN ({of_mids})")}
        if roster_changed:
            aids |= {aid for (aid,) in db.execute("SELECT DISTINCT aid FROM updates")}
    db.executemany("DELETE FROM present WHERE path = ?", ((p,) for p in changed if p in old))
    db.executemany("INSERT INTO present VALUES (?, ?, 1)", ((p, listing[p]) for p in changed if p in listing))
    gone = old_keys - set(listing.values())  # unless another path (not looked at) still has it
    still = "SELECT 1 FROM present WHERE key = ? LIMIT 1"
    delete_rows(db, sorted(key for key in gone if db.execute(still, (key,)).fetchone() is None))
    _choose_live(db, mids)
    fold_actions(db, aids, {name.casefold(): team for name, team in roster.items()}, later)


def _existing(db: sqlite3.Connection, keys: set[str]) -> set[str]:
    _temp(db, "keys", keys)
    return {key for (key,) in db.execute("SELECT key FROM minutes WHERE key IN temp.keys")}


def _temp(db: sqlite3.Connection, name: str, values: Iterable[str]) -> None:
    """A temporary one-column table of ``values`` (for ``IN temp.<name>``)."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (v TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute(f"DELETE FROM temp.{name}")
    db.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)", ((v,) for v in values))


def _choose_live(db: sqlite3.Connection, mids: list[str]) -> None:
    """For each minutes id: the first of its files in meeting order counts; the others are ignored, with a warning."""
    groups: dict[str, list[tuple[str, str, int]]] = {}
    query = (
        "SELECT f.mid, f.ord, p.path, p.live FROM present p JOIN minutes f ON f.key = p.key WHERE f.mid IN temp.mids"
    )
    for mid, order, path, live in db.execute(query):
        groups.setdefault(mid, []).append((order, path, live))
    db.executemany("DELETE FROM warnings WHERE scope = ?", (("m:" + mid,) for mid in mids))
    flips, warnings = [], []
    for mid, files in groups.items():
        files.sort(key=lambda file: (file[0], *file_order(file[1])))
        for rank, (order, path, live) in enumerate(files):
            if live != (rank == 0):
                flips.append((int(rank == 0), path))
            if rank:
                place = place_of(order, path, "0")
                warnings.append(
                    (f"m:{mid}", place, f"{mid}: a second minutes with this id is ignored — give it its own id")
                )
    db.executemany("UPDATE present SET live = ? WHERE path = ?", flips)
    db.executemany("INSERT INTO warnings VALUES (?, ?, ?)", warnings)


_ROWS = """
SELECT x.aid, f.ord, p.path, x.pos, f.mid, f.date, f.started, x.status, x.owner, x.{third}, x.key, {item}
FROM {table} x JOIN present p ON p.key = x.key AND p.live JOIN minutes f ON f.key = x.key {where}
"""


REINDEX_FROM = 50
"""A first build of more files than this drops the per-file indexes and lays them again after its rows are in (one
sort each); for fewer (a repository's first minutes) dropping and laying them costs more than it saves."""

FOLD_AT_ONCE = 20_000
"""Actions folded in one go: a first build of 50,000 files folds ~125,000 in parts, never holding all their rows."""


def fold_actions(
    db: sqlite3.Connection, aids: set[str] | None, roster: Mapping[str, Team], later: Later | None = None
) -> None:
    """Fold again the actions ``aids`` (all when ``None``) from every live row of theirs; store states and warnings
    (the open ones' records left to ``later`` when given, unless a whole fold goes in parts: it never holds all of
    them — a repository's first save folds its one file whole, and its report need not wait for the records)."""
    if aids is None:
        db.execute("DELETE FROM states")
        db.execute("DELETE FROM opened")
        db.execute("DELETE FROM warnings WHERE scope LIKE 'a:%'")
        every = sorted({aid for (aid,) in db.execute("SELECT aid FROM actions UNION SELECT aid FROM updates")})
        whole = len(every) <= FOLD_AT_ONCE
        for start in range(0, len(every), FOLD_AT_ONCE):
            _fold_part(db, set(every[start : start + FOLD_AT_ONCE]), roster, later=later if whole else None)
    elif aids:
        _temp(db, "aids", aids)
        db.execute("DELETE FROM states WHERE aid IN temp.aids")
        db.execute("DELETE FROM opened WHERE aid IN temp.aids")
        db.executemany("DELETE FROM warnings WHERE scope = ?", (("a:" + aid,) for aid in aids))
        _fold_part(db, aids, roster, listed=True, later=later)


def _fold_part(
    db: sqlite3.Connection, aids: set[str], roster: Mapping[str, Team], listed: bool = False, later: Later | None = None
) -> None:
    """Fold the actions ``aids`` (their old states and warnings already deleted; ``listed``: in ``temp.aids``)."""
    if not listed:
        _temp(db, "aids", aids)
    where = "WHERE x.aid IN temp.aids"
    events: dict[str, list[tuple]] = {}
    orders: dict[str, tuple[str, str]] = {}  # file_order of each path, computed once
    made = _ROWS.format(table="actions", third="team", item="x.item", where=where)
    updated = _ROWS.format(table="updates", third="att_team", item="NULL", where=where)
    for phase, query in ((1, made), (2, updated)):
        for row in db.execute(query):
            path = row[2]
            order = orders.get(path) or orders.setdefault(path, file_order(path))
            found = events.get(row[0])
            if found is None:
                events[row[0]] = found = []
            found.append(((row[1], order, phase, row[3]), phase, row))
    states, warnings = [], []
    for aid, found in events.items():
        if len(found) > 1:
            found.sort(key=lambda event: event[0])
        state = _fold_one(aid, found, roster, warnings)
        if state is not None:
            states.append(state)

    def opened() -> None:  # the records only `actions --format json` reads
        db.executemany("INSERT INTO opened VALUES (?, ?, ?, ?, ?, ?, ?)", _records(states))

    if later is None:
        opened()
    else:
        later.append(opened)
    marks = ", ".join("?" * 13)
    db.executemany(f"INSERT INTO states VALUES ({marks})", (state[:13] for state in states))
    db.executemany("INSERT INTO warnings VALUES (?, ?, ?)", warnings)


def _fold_one(aid: str, events: list[tuple], roster: Mapping[str, Team], warnings: list) -> tuple | None:
    """One action's state from its events in meeting order (creations before updates within a meeting)."""
    state: list | None = None
    for _, phase, row in events:
        _, order, path, pos, mid, date, started, status, owner, team, key, item = row
        if phase == 1:
            if state is None:
                closed = (date, mid) if status in _CLOSED else (None, None)
                reg = place_of(order, path, f"{pos:09d}")
                state = [aid, reg, mid, date, started, status, owner, team, *closed, key, pos, [], item]
            else:
                text = f"{mid}: action {aid!r} already exists in {state[2]}; this one is ignored"
                warnings.append((f"a:{aid}", place_of(order, path, f"{phase}{pos:09d}"), text))
            continue
        if state is None:
            text = f"{mid}: action_updates[{pos}]: no earlier action has id {aid!r} — the update is ignored"
            warnings.append((f"a:{aid}", place_of(order, path, f"{phase}{pos:09d}"), text))
            continue
        state[5] = status
        if owner and owner != state[6]:
            state[6] = owner
            new_team = team or _value(roster.get(owner.casefold()))
            if new_team is not None:
                state[7] = new_team
        if status == "open":
            state[8] = state[9] = None
        elif state[8] is None:
            state[8], state[9] = date, mid
        state[4] = started
        state[12].append([key, pos, mid, date])
    if state is None:
        return None
    state[12] = json.dumps(state[12]) if state[12] else "[]"  # most actions were never updated
    return tuple(state)


def _records(states: list[tuple]) -> list[tuple]:
    """The ``opened`` rows of the open ones among ``states``: the JSON record ``actions --format json`` prints
    (the item as first recorded, with the current status, owner and team: what ``ActionState.item`` is).

    Made from the stored item without a model: it is the JSON form of a validated item without its empty fields,
    so every field of the model in the model's order (``None`` for the absent), the three current values put in,
    then ``date`` and ``minutes`` is what :func:`~meetingtui.domain.records.action_record` gives of the model
    (tests/unit/test_history_index_answers.py compares the two)."""
    rows = []
    loads, dumps, fields = json.loads, json.JSONEncoder(ensure_ascii=False).encode, _ACTION_FIELDS
    for state in states:
        if state[5] != "open":
            continue
        aid, reg, mid, created, owner, team = state[0], state[1], state[2], state[3], state[6], state[7]
        stored = loads(state[13])
        record = {name: stored.get(name) for name in fields}
        record["status"], record["owner"], record["team"] = _OPEN, owner, team
        record["date"], record["minutes"] = created, mid
        due = record["due"] or ""
        rows.append((int(not due), due, created, reg, aid, team, dumps(record)))
    return rows


_ACTION_FIELDS = tuple(ActionItem.model_fields)
_OPEN = ActionStatus.OPEN.value


def _value(team: Team | None) -> str | None:
    return team.value if team is not None else None
