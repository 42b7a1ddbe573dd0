"""The journal's record format, and the migration of journals written by earlier releases.

Format 2 (:data:`~meetingtui.domain.events.EVENT_SCHEMA`): after the header,
one ``{"type": "event", "event": <wire name>, "t": …, "wall": …, "data": {…}}``
per line. Format 1 (the first release) stored ``{"op": <method name>, "args":
{…}}``; :func:`upgrade_v1` turns such a record into format 2 on reading, so a
meeting interrupted under the old release still resumes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetingtui.domain.event_wire import event_data, event_from_data
from meetingtui.domain.events import EVENT_SCHEMA, MeetingEvent

_V1_NAMES = {
    "start": "clock.started",
    "pause": "clock.paused",
    "heartbeat": "clock.heartbeat",
    "end": "meeting.ended",
    "next": "segment.finished",
    "previous": "segment.went-back",
    "skip": "segment.skipped",
    "park": "segment.parked",
    "adjust": "segment.time-adjusted",
    "move": "segment.moved",
    "add_segment": "segment.added",
    "set_notes": "notes.set",
    "set_attendees": "attendance.set",
    "capture": "item.captured",
    "edit_item": "item.edited",
    "remove_item": "item.removed",
    "update_action": "review.marked",
    "clear_action_update": "review.cleared",
    "take_proposal": "proposal.taken",
    "decline_proposal": "proposal.declined",
}
"""Format 1's operation names (the engine's method names then) and the events they are now."""
_V1_RENAMED_ARGS = {"clear_action_update": {"id": "action_id"}}


def event_record(event: MeetingEvent) -> dict[str, Any]:
    """The journal line of one event (format 2)."""
    assert event.wall is not None, "only applied (stamped) events are journaled"
    return {
        "type": "event",
        "event": event.wire_name,
        "t": event.t,
        "wall": event.wall.isoformat(),
        "data": event_data(event),
    }


def upgrade_v1(record: dict[str, Any]) -> dict[str, Any]:
    """A format-1 event record as format 2 (``KeyError`` for an operation format 1 never had)."""
    op = record["op"]
    renamed = _V1_RENAMED_ARGS.get(op, {})
    data = {renamed.get(key, key): value for key, value in (record.get("args") or {}).items()}
    return {"type": "event", "event": _V1_NAMES[op], "t": record["t"], "wall": record["wall"], "data": data}


def read_event(record: dict[str, Any], version: int) -> MeetingEvent:
    """The event of one line of a journal whose header says format ``version``.

    A journal begun by release 1 and resumed by this one holds lines of both formats: each line
    is read by its own shape. Raises ``KeyError``, ``TypeError`` or ``ValueError`` for a record that is not a
    whole event of that format (or of a newer release: its events are unknown here).
    """
    if version > EVENT_SCHEMA:
        raise ValueError(f"journal format {version} is newer than this release's ({EVENT_SCHEMA})")
    if "op" in record and "event" not in record:  # a format-1 line, also after a resume appended format-2 ones
        record = upgrade_v1(record)
    data = record.get("data") or {}
    if not isinstance(data, dict):
        raise TypeError("event data is not an object")
    return event_from_data(record["event"], float(record["t"]), dt.datetime.fromisoformat(record["wall"]), data)
