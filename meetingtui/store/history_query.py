"""What the history adds up to, asked of the index: only the parts a command needs, never every minutes model.

Each function reads the derived tables that :func:`~meetingtui.store.history_fold.sync` keeps current and
builds the same values :func:`~meetingtui.domain.history.build_history` would (in the same order), for the
files that count (``present.live``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from meetingtui.domain.agenda import Team
from meetingtui.domain.errors import unique_match
from meetingtui.domain.history import ActionState, AppliedUpdate, Entry, MeetingFacts
from meetingtui.domain.minutes import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Concern,
    Decision,
    Insight,
    Parked,
    SegmentRecord,
)
from meetingtui.domain.proposals import Outcome
from meetingtui.store.history_figures import all_figures
from meetingtui.store.history_fold import file_order, list_adapter

PARTS = frozenset(
    {
        "open",
        "actions",
        "trail",
        "decisions",
        "concerns",
        "insights",
        "parked",
        "meetings",
        "figures",
        "dates",
        "outcomes",
    }
)
"""What :func:`~meetingtui.store.history_store.load_history` can be asked for: ``open`` is the open actions
only, ``actions`` every action (open ones included); ``trail`` adds to them the updates applied to each
(:attr:`~meetingtui.domain.history.ActionState.updates`, which nothing prints); ``dates`` is every meeting
without its segments and attendance (which meetings of an agenda came last), ``meetings`` with them, ``figures``
every meeting with its attendance and figures as the index keeps them (:attr:`MeetingFacts.report`) but not its
segments (all that :func:`~meetingtui.domain.stats.compute_stats` reads of a meeting)."""

FIGURES = frozenset({"figures", "actions", "concerns", "outcomes"})
"""What stats, the stats screen and the report read (:func:`~meetingtui.domain.stats.compute_stats`)."""
REVIEW = frozenset({"open", "parked", "dates", "outcomes"})
"""What a running meeting keeps: open actions to review, parked topics (and which meetings parked them last)
and proposal outcomes to offer."""

_ENTRY_MODELS: dict[str, tuple[str, Any]] = {
    "decisions": ("d", Decision),
    "concerns": ("c", Concern),
    "insights": ("i", Insight),
}
_TEAM_OF: dict[str | None, Team | None] = {None: None, **{team.value: team for team in Team}}
_STATUS_OF = {status.value: status for status in ActionStatus}
_TEAMS = tuple(Team)
_LIVE = "JOIN present p ON p.key = x.key AND p.live JOIN minutes f ON f.key = x.key"


def fold_warnings(db: sqlite3.Connection) -> list[str]:
    """The fold's own warnings (second minutes or actions with an id, updates of no action), in fold order."""
    return [text for _, text in sorted(db.execute("SELECT place, text FROM warnings"))]


def unreadable(db: sqlite3.Connection) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    """(relative path, problems) of every listed file whose content did not validate."""
    query = "SELECT p.path, f.problems FROM minutes f JOIN present p ON p.key = f.key WHERE f.ok = 0"
    return [(path, tuple((m, w) for m, w in json.loads(problems))) for path, problems in db.execute(query)]


def action_states(db: sqlite3.Connection, only_open: bool, trail: bool = False) -> tuple[ActionState, ...]:
    """Every action's state, or only the open ones, in the order their minutes created them; with the
    updates applied to each when ``trail``."""
    query = f"SELECT {_STATE} FROM states s JOIN actions a ON a.key = s.key AND a.pos = s.pos"
    rows = db.execute(query + (" WHERE s.status = 'open'" if only_open else "") + " ORDER BY s.reg").fetchall()
    return _states(db, rows, trail)


def open_count(db: sqlite3.Connection) -> int:
    """How many actions are open."""
    return db.execute("SELECT count(*) FROM states WHERE status = 'open'").fetchone()[0]


def open_after(db: sqlite3.Connection, after: tuple[dt.date, str] | None, limit: int) -> tuple[ActionState, ...]:
    """``limit`` open actions in the order a meeting reviews them — the day their minutes created them, then
    their id — from just after ``after`` (that day and id), or from the first: one page, never all of them."""
    where, args = ("AND (created, aid) > (?, ?)", (after[0].isoformat(), after[1])) if after else ("", ())
    # The page is chosen from ``states`` alone; only its rows are joined to their items. ISO days and ids sort
    # as text the way Python sorts the dates and strings (UTF-8 keeps code point order).
    page = f"SELECT * FROM states WHERE status = 'open' {where} ORDER BY created, aid LIMIT ?"
    query = f"SELECT {_STATE} FROM ({page}) s JOIN actions a ON a.key = s.key AND a.pos = s.pos"
    query += " ORDER BY s.created, s.aid"
    return _states(db, db.execute(query, (*args, limit)).fetchall(), trail=False)


_STATE = "s.mid, s.created, s.changed_at, s.status, s.owner, s.team, s.closed_on, s.closed_in, a.item, s.updates"


def _states(db: sqlite3.Connection, rows: list[tuple], trail: bool) -> tuple[ActionState, ...]:
    """The :class:`ActionState` of each ``states`` row (its columns as :data:`_STATE` names them)."""
    # Each item by its model's own validator: no list validator to build (a page of a meeting's review list is 50
    # rows; for every open action of 50,000 files it is as fast as one list validation).
    validate = ActionItem.model_validate_json
    items = [validate(row[8]) for row in rows]
    applied = _applied(db, [row[9] for row in rows]) if trail else [()] * len(rows)
    date, moment, teams, statuses = dt.date.fromisoformat, dt.datetime.fromisoformat, _TEAM_OF, _STATUS_OF
    return tuple(
        ActionState(
            item,
            mid,
            date(created),
            moment(changed_at),
            statuses[status],
            owner,
            teams[team],
            date(closed_on) if closed_on else None,
            closed_in,
            updates,
        )
        for item, updates, (mid, created, changed_at, status, owner, team, closed_on, closed_in, _, _) in zip(
            items, applied, rows, strict=True
        )
    )


def open_action_records(db: sqlite3.Connection, team: str | None = None, due_before: str | None = None) -> list[str]:
    """The JSON record of every open action (of ``team``, due before the ISO day ``due_before`` when given), as
    ``History.open_actions`` orders them: soonest due first (undated last), then oldest, then as created."""
    query, args = "SELECT record FROM opened WHERE 1", []
    if team is not None:
        query, args = query + " AND team = ?", [*args, team]
    if due_before is not None:
        query, args = query + " AND late = 0 AND due < ?", [*args, due_before]
    return [record for (record,) in db.execute(query + " ORDER BY late, due, created, reg", args)]


def _applied(db: sqlite3.Connection, lists: list[str]) -> list[tuple[AppliedUpdate, ...]]:
    """Each action's applied updates, from the ``updates`` rows its state names."""
    named = [json.loads(text) for text in lists]
    bodies = {(key, pos): body for key, pos, body in db.execute("SELECT key, pos, body FROM updates")}
    models = iter(
        list_adapter(ActionUpdate).validate_json(
            "[" + ",".join(bodies[k, p] for one in named for k, p, _, _ in one) + "]"
        )
    )
    date = dt.date.fromisoformat
    return [tuple(AppliedUpdate(next(models), minutes, date(day)) for _, _, minutes, day in one) for one in named]


def entries(db: sqlite3.Connection, part: str) -> tuple[Entry, ...]:
    """The decision, concern or insight log (``part``), newest meeting first, in their order within a meeting."""
    kind, model = _ENTRY_MODELS[part]
    models = list_adapter(model)  # each log validated in one call, as the actions
    query = f"SELECT x.body, f.mid, f.date FROM entries x {_LIVE} WHERE x.kind = ? ORDER BY f.ord DESC, x.pos"
    rows = db.execute(query, (kind,)).fetchall()
    items = models.validate_json("[" + ",".join(row[0] for row in rows) + "]")  # one call for all, as actions
    date = dt.date.fromisoformat
    return tuple(Entry(item, mid, date(day)) for item, (_, mid, day) in zip(items, rows, strict=True))


def entry_records(db: sqlite3.Connection, part: str, since: str | None = None) -> list[str]:
    """The JSON records of the decision or insight log (``part``) from the ISO day ``since`` on, as
    :func:`entries` orders it: the stored item (its JSON form without empty fields) with every field of its model,
    in the model's order, then ``date`` and ``minutes`` — what ``model_dump(mode="json")`` gives, without a model."""
    _, model = _ENTRY_MODELS[part]
    fields = tuple(model.model_fields)
    query = f"SELECT x.body, f.mid, f.date FROM entries x {_LIVE} WHERE x.kind = ?"
    args = (_ENTRY_MODELS[part][0],) if since is None else (_ENTRY_MODELS[part][0], since)
    query += " AND f.date >= ?" if since is not None else ""
    records = []
    loads, dumps = json.loads, json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False)
    for body, mid, day in db.execute(query + " ORDER BY f.ord DESC, x.pos", args):
        item = loads(body)
        record = {name: item.get(name) for name in fields}
        record["date"], record["minutes"] = day, mid
        records.append(dumps(record))
    return records


def meetings(db: sqlite3.Connection, *, segments: bool = True, figures: bool = False) -> tuple[MeetingFacts, ...]:
    """What stats need of every meeting, in the order they happened; without ``segments``, only which meeting
    of which agenda on which day (no segments, nobody present). ``figures``: who was present and each meeting's
    figures as the index keeps them (:attr:`MeetingFacts.report`), without validating its segments."""
    query = "SELECT f.ord, p.path, f.mid, f.agenda, f.title, f.date, "
    query += (
        "f.segments, f.present, NULL" if segments else "'[]', f.present, f.figures" if figures else "'[]', '{}', NULL"
    )
    query += " FROM minutes f JOIN present p ON p.key = f.key AND p.live WHERE f.ok"
    rows = sorted(db.execute(query), key=lambda row: (row[0], *file_order(row[1])))
    segments_of = (
        list_adapter(list[SegmentRecord]).validate_json("[" + ",".join(row[6] for row in rows) + "]")
        if segments
        else [()] * len(rows)
    )  # one call for all
    made_of = all_figures([row[8] for row in rows]) if figures and not segments else [None] * len(rows)
    facts = []
    for (_, _, mid, agenda, title, day, _, present, _), records, made in zip(rows, segments_of, made_of, strict=True):
        counts = json.loads(present)
        facts.append(
            MeetingFacts(
                mid,
                agenda,
                title,
                dt.date.fromisoformat(day),
                tuple(records),
                {team: counts.get(team.value, 0) for team in _TEAMS},
                made,
            )
        )
    return tuple(facts)


def last_meetings(db: sqlite3.Connection, agenda: str, count: int) -> tuple[MeetingFacts, ...]:
    """The last ``count`` meetings of ``agenda`` (its name as the fold matches it: stripped, any case), in the
    order they happened, as :func:`meetings` gives them without segments; the other agendas' are never loaded."""
    if count <= 0:
        return ()
    # The names written that mean this agenda (a few dozen distinct names at most), then only their meetings.
    key = agenda.strip().casefold()
    names = [name for (name,) in db.execute("SELECT DISTINCT agenda FROM minutes WHERE ok") if _agenda_key(name) == key]
    if not names:
        return ()
    # From this agenda's minutes to their files (CROSS JOIN keeps that order): SQLite would otherwise walk every
    # file of the history and look its minutes up, ~3× the time at 50,000 files.
    query = "SELECT f.ord, p.path, f.mid, f.agenda, f.title, f.date FROM minutes f CROSS JOIN present p"
    query += " ON p.key = f.key AND p.live WHERE f.ok AND f.agenda IN (SELECT value FROM json_each(?))"
    rows = sorted(db.execute(query, (json.dumps(names),)), key=lambda row: (row[0], *file_order(row[1])))
    return tuple(
        MeetingFacts(mid, name, title, dt.date.fromisoformat(day), (), dict.fromkeys(_TEAMS, 0))
        for _, _, mid, name, title, day in rows[-count:]
    )


def _agenda_key(name: str | None) -> str | None:
    return name.strip().casefold() if name is not None else None


def parked(db: sqlite3.Connection, agenda: str | None = None) -> dict[str, tuple[Entry[Parked], ...]]:
    """Topics parked and not yet picked up, oldest first, per agenda (in lower case); only ``agenda``'s when given."""
    where, args = ("x.agenda = ?", (agenda.strip().casefold(),)) if agenda is not None else ("1", ())
    topics_query = f"SELECT f.ord, p.path, x.pos, x.agenda, x.title, x.body, f.mid, f.date FROM parked x {_LIVE}"
    events = [
        (order, *file_order(path), 1, pos, (agenda_cf, title, body, mid, day))
        for order, path, pos, agenda_cf, title, body, mid, day in db.execute(f"{topics_query} WHERE {where}", args)
    ]
    # Only segments that could pick a topic up: done, with the title of a topic parked in that agenda.
    done_query = f"SELECT f.ord, p.path, x.pos, x.agenda, x.title, x.parked_from FROM done x {_LIVE}"
    wanted = "EXISTS (SELECT 1 FROM parked q WHERE q.agenda = x.agenda AND q.title = x.title)"
    events += [
        (order, *file_order(path), 0, pos, (agenda_cf, title, parked_from))
        for order, path, pos, agenda_cf, title, parked_from in db.execute(
            f"{done_query} WHERE {where} AND {wanted}", args
        )
    ]
    events.sort(key=lambda event: event[:5])
    topics: dict[str, dict[str, tuple]] = {}
    for *_, phase, _, row in events:
        by_title = topics.setdefault(row[0], {})
        if phase == 0:
            _, title, parked_from = row
            entry = by_title.get(title)
            if entry is not None and parked_from in (None, entry[3], json.loads(entry[2]).get("minutes_id")):
                del by_title[title]
        else:
            by_title.pop(row[1], None)  # re-parked: the newest entry, at the end
            by_title[row[1]] = row
    return {
        agenda_cf: tuple(
            Entry(Parked.model_validate_json(body), mid, dt.date.fromisoformat(day))
            for _, _, body, mid, day in by_title.values()
        )
        for agenda_cf, by_title in topics.items()
        if by_title
    }


def outcomes(db: sqlite3.Connection, roster: Mapping[str, Team]) -> dict[str, Outcome]:
    """Proposal id → what the first minutes that took it up (took it, else declined it) did with it."""
    query = (
        "SELECT f.ord, p.path, x.kind, x.pos, x.pid, x.segment, x.reason, x.planned, x.actual, f.mid, f.date,"
        f" f.facilitator, f.fac_team FROM proposals x {_LIVE}"
    )
    rows = sorted(db.execute(query), key=lambda row: (row[0], *file_order(row[1]), row[2], row[3]))
    folded = {name.casefold(): team for name, team in roster.items()}
    found: dict[str, Outcome] = {}
    for _, _, kind, _, pid, segment, reason, planned, actual, mid, day, facilitator, fac_team in rows:
        if pid in found:
            continue
        if fac_team is not None:
            given_by: Team | None = Team(fac_team)
        else:
            name = unique_match(facilitator or "", folded)
            given_by = folded[name] if name is not None else None
        date = dt.date.fromisoformat(day)
        if kind == 0:
            found[pid] = Outcome(pid, "taken", mid, date, segment, None, planned, actual, given_by)
        else:
            found[pid] = Outcome(pid, "declined", mid, date, reason=reason, given_by=given_by)
    return found
