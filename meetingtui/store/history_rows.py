"""The rows one minutes file adds to the history index, so queries never load a whole minutes model.

Every table but ``present``, ``states`` and ``warnings`` holds rows of one file *content* (``key``, git's
blob id): written when a content is first parsed, deleted by key when no file has it any more. What the
history adds up to across files (each action's latest state, duplicate ids, the files that count) is
derived from them by :mod:`history_fold`; what commands print is asked by :mod:`history_query`.

``ord`` is a file's place in the order meetings happened (date, start as a UTC instant, id), as text that
SQLite sorts the way :func:`~meetingtui.domain.history.sort_key` does.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from pydantic import BaseModel
from pydantic_core import to_jsonable_python as jsonable

from meetingtui.domain.errors import InputError, unique_match
from meetingtui.domain.minutes import Minutes, SegmentStatus
from meetingtui.domain.report import build_report
from meetingtui.store.history_figures import figures_text

SCHEMA = """
CREATE TABLE meta (fingerprint TEXT NOT NULL, listing TEXT NOT NULL, roster TEXT NOT NULL, stamp TEXT NOT NULL);
CREATE TABLE minutes (
    key TEXT PRIMARY KEY, ok INTEGER NOT NULL, problems TEXT, mid TEXT, ord TEXT, date TEXT, started TEXT,
    agenda TEXT, title TEXT, facilitator TEXT, fac_team TEXT, present TEXT, segments TEXT, figures TEXT
);
CREATE INDEX minutes_mid ON minutes (mid);
CREATE INDEX minutes_unreadable ON minutes (key) WHERE ok = 0;
CREATE TABLE present (path TEXT PRIMARY KEY, key TEXT NOT NULL, live INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX present_key ON present (key);
CREATE TABLE actions (
    key TEXT NOT NULL, pos INTEGER NOT NULL, aid TEXT NOT NULL, status TEXT NOT NULL, owner TEXT, team TEXT,
    segment TEXT, item TEXT NOT NULL, PRIMARY KEY (key, pos)
) WITHOUT ROWID;
CREATE INDEX actions_aid ON actions (aid);
CREATE TABLE updates (
    key TEXT NOT NULL, pos INTEGER NOT NULL, aid TEXT NOT NULL, status TEXT NOT NULL, owner TEXT, att_team TEXT,
    body TEXT NOT NULL, PRIMARY KEY (key, pos)
) WITHOUT ROWID;
CREATE INDEX updates_aid ON updates (aid);
CREATE TABLE entries (
    key TEXT NOT NULL, kind TEXT NOT NULL, pos INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (key, kind, pos)
) WITHOUT ROWID;
CREATE TABLE parked (
    key TEXT NOT NULL, pos INTEGER NOT NULL, agenda TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (key, pos)
) WITHOUT ROWID;
CREATE INDEX parked_agenda ON parked (agenda, title);
CREATE TABLE done (
    key TEXT NOT NULL, pos INTEGER NOT NULL, agenda TEXT NOT NULL, title TEXT NOT NULL, parked_from TEXT,
    PRIMARY KEY (key, pos)
) WITHOUT ROWID;
CREATE INDEX done_agenda ON done (agenda, title);
CREATE TABLE proposals (
    key TEXT NOT NULL, pos INTEGER NOT NULL, kind INTEGER NOT NULL, pid TEXT NOT NULL, segment TEXT,
    reason TEXT, planned INTEGER NOT NULL, actual INTEGER NOT NULL, PRIMARY KEY (key, kind, pos)
) WITHOUT ROWID;
CREATE TABLE states (
    aid TEXT PRIMARY KEY, reg TEXT NOT NULL, mid TEXT NOT NULL, created TEXT NOT NULL, changed_at TEXT NOT NULL,
    status TEXT NOT NULL, owner TEXT, team TEXT, closed_on TEXT, closed_in TEXT, key TEXT NOT NULL,
    pos INTEGER NOT NULL, updates TEXT NOT NULL
);
CREATE INDEX states_open ON states (status, reg);
CREATE TABLE opened (
    late INTEGER NOT NULL, due TEXT NOT NULL, created TEXT NOT NULL, reg TEXT NOT NULL, aid TEXT NOT NULL,
    team TEXT, record TEXT NOT NULL, PRIMARY KEY (late, due, created, reg)
) WITHOUT ROWID;
CREATE INDEX opened_aid ON opened (aid);
CREATE TABLE warnings (scope TEXT NOT NULL, place TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX warnings_scope ON warnings (scope);
"""
"""``states`` name the ``actions`` row that created each action (``key``, ``pos``) and, in ``updates``, the
``updates`` rows applied to it, rather than copy them. ``opened`` holds each open action's JSON record
(:func:`~meetingtui.domain.records.action_record`) in the order ``actions`` lists them (soonest ``due`` first,
``late`` = 1 for none, then oldest): ``actions --format json`` is one read of it.
``warnings.scope`` is ``a:<action id>`` (from the action
fold) or ``m:<minutes id>`` (a second minutes with an id); ``place`` sorts them in the order the fold met them."""

PER_FILE = ("minutes", "actions", "updates", "entries", "parked", "done", "proposals")
TABLES = {*PER_FILE, "meta", "present", "states", "opened", "warnings"}
ENTRY_KINDS = {"d": "decisions", "c": "concerns", "i": "insights"}
_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def order_text(date: dt.date, started: dt.datetime, minutes_id: str) -> str:
    """Text that sorts as ``(date, started, id)`` does (aware times compared as instants)."""
    micros = (started - _EPOCH) // dt.timedelta(microseconds=1)
    return f"{date.isoformat()}|{micros:020d}|{minutes_id}"


class Rows:
    """Rows of parsed files, written to the database together (one statement per table, not per file), every
    ``every`` files into ``db`` when given (so a first build of 50,000 files never holds all their rows)."""

    def __init__(self, db: sqlite3.Connection | None = None, every: int = 1000) -> None:
        self.tables: dict[str, list[tuple]] = {table: [] for table in PER_FILE}
        self.db, self.every, self.count = db, every, 0

    def add(self, key: str, result: Minutes | InputError) -> None:
        """The rows of one file content (its minutes, or the problems that made it unreadable)."""
        tables = self.tables
        self.count += 1
        if self.db is not None and self.count % self.every == 0:
            self.write(self.db)
        if not isinstance(result, Minutes):
            problems = json.dumps([[problem.message, problem.where] for problem in result.problems])
            tables["minutes"].append((key, 0, problems, *(None,) * 11))
            return
        m = result
        teams = {a.name.casefold(): a.team for a in m.attendees}
        found = unique_match(m.facilitator or "", teams)
        present: dict[str, int] = {}
        for attendee in m.attendees:
            present[attendee.team.value] = present.get(attendee.team.value, 0) + attendee.present
        # Each item's JSON form (without empty fields) from pydantic's own serializer, one call per item.
        json_of = _json_of
        tables["minutes"].append(
            (
                key,
                1,
                None,
                m.id,
                order_text(m.date, m.started_at, m.id),
                jsonable(m.date),
                jsonable(m.started_at),
                m.agenda,
                m.title,
                m.facilitator,
                teams[found].value if found is not None else None,
                json.dumps(present),
                "[" + ",".join(map(json_of, m.segments)) + "]",
                figures_text(build_report(m.segments)),  # made once per content, not at every report
            )
        )
        tables["actions"] += [
            (key, pos, a.id, a.status.value, a.owner, a.team.value if a.team else None, a.segment, json_of(a))
            for pos, a in enumerate(m.actions)
        ]
        tables["updates"] += [
            (key, pos, u.id, u.status.value, u.owner, _team(teams.get((u.owner or "").casefold())), json_of(u))
            for pos, u in enumerate(m.action_updates)
        ]
        for kind, name in ENTRY_KINDS.items():
            tables["entries"] += [(key, kind, pos, json_of(item)) for pos, item in enumerate(getattr(m, name))]
        agenda = m.agenda.casefold()
        tables["parked"] += [
            (key, pos, agenda, topic.title.casefold(), json_of(topic)) for pos, topic in enumerate(m.parked)
        ]
        tables["done"] += [
            (key, pos, agenda, segment.title.casefold(), segment.parked_from)
            for pos, segment in enumerate(m.segments)
            if segment.status is SegmentStatus.DONE
        ]
        for pos, taken in enumerate(m.proposals_taken):
            segment = next((s for s in m.segments if s.title == taken.segment), None)
            planned, actual = (segment.planned_seconds, segment.actual_seconds) if segment else (0, 0)
            tables["proposals"].append((key, pos, 0, taken.id, taken.segment, None, planned, actual))
        for pos, declined in enumerate(m.proposals_declined):
            tables["proposals"].append((key, pos, 1, declined.id, None, declined.reason, 0, 0))

    def merge(self, tables: dict[str, list[tuple]], count: int) -> None:
        """Take the rows another :class:`Rows` made of ``count`` files (a worker's), as if added here in turn."""
        for table, rows in tables.items():
            self.tables[table] += rows
        self.count += count
        if self.db is not None and self.count // self.every != (self.count - count) // self.every:
            self.write(self.db)

    def write(self, db: sqlite3.Connection) -> None:
        """Write (or replace) every row added, and forget them."""
        for table, rows in self.tables.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
                rows.clear()


def _json_of(record: BaseModel) -> str:
    """``record``'s JSON text without empty fields: what ``model_dump(mode="json", exclude_none=True)`` holds."""
    return record.__pydantic_serializer__.to_json(record, exclude_none=True).decode()


def _team(team) -> str | None:
    return team.value if team is not None else None


FILE_INDEXES = {
    line.split()[2]: line.rstrip(";")
    for line in SCHEMA.splitlines()
    if line.startswith("CREATE INDEX") and line.split()[4] in PER_FILE
}
"""The secondary indexes of the per-file tables (name → statement)."""


def drop_file_indexes(db: sqlite3.Connection) -> None:
    """Before a first build: rows go in faster without them, and :func:`create_file_indexes` sorts each in one go."""
    for name in FILE_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")


def create_file_indexes(db: sqlite3.Connection) -> None:
    """Lay the per-file tables' secondary indexes again (each a no-op when it is there)."""
    for statement in FILE_INDEXES.values():
        db.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def delete_rows(db: sqlite3.Connection, keys: list[str]) -> None:
    """Drop every row of these file contents."""
    for table in PER_FILE:
        db.executemany(f"DELETE FROM {table} WHERE key = ?", ((key,) for key in keys))
