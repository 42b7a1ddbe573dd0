"""Events on disk: an event's own fields as JSON-ready data, and back (the journal's records hold them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any

from meetingtui.domain.events import EVENT_TYPES, CaptureKind, MeetingEvent

if TYPE_CHECKING:
    from pydantic import TypeAdapter


class UnknownEvent(ValueError):
    """A journal record names no event this version knows."""


@cache
def _adapter(cls: type[MeetingEvent]) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter  # built on first use: no cost before the first frame

    return TypeAdapter(cls)


@cache
def _has_fields(cls: type[MeetingEvent]) -> bool:
    return any(f.name not in ("t", "wall") for f in dataclasses.fields(cls))


def event_data(event: MeetingEvent) -> dict[str, Any]:
    """An event's own fields as JSON-ready data (without its stamps)."""
    if not _has_fields(type(event)):
        return {}  # start, pause, heartbeat …: no validator is built for them (the idle meeting's events)
    data = _adapter(type(event)).dump_python(event, mode="json", exclude_none=True)
    data.pop("t", None)
    data.pop("wall", None)
    return data


def event_from_data(name: str, t: float, wall: dt.datetime, data: dict[str, Any]) -> MeetingEvent:
    """The event ``name`` with ``data`` (as :func:`event_data` gave it); raises ``ValueError`` if it is not one."""
    cls = EVENT_TYPES.get(name)
    if cls is None:
        raise UnknownEvent(f"unknown event {name!r}")
    if not _has_fields(cls) and not data:
        return cls(t=float(t), wall=wall)
    if isinstance(data.get("item"), dict) and "kind" in data:  # the union needs its kind to pick the model
        data = {**data, "item": CaptureKind(data["kind"]).model.model_validate(data["item"])}
    return _adapter(cls).validate_python({**data, "t": t, "wall": wall})
