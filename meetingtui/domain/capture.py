"""What the room captures during a meeting: items, notes, attendance, review marks.

Plain functions over :class:`~meetingtui.domain.meeting_state.MeetingState`:
:func:`items` and :func:`captured` read it, :func:`capturing` and :func:`editing`
validate a command into its event, and the handlers apply those events.
"""

from __future__ import annotations

from typing import Any

from meetingtui.domain.events import (
    ActionReviewed,
    AttendanceSet,
    CapturedItem,
    CaptureKind,
    ItemCaptured,
    ItemEdited,
    ItemRemoved,
    ItemRestored,
    NotesSet,
    PersonAdded,
    ReviewCleared,
)
from meetingtui.domain.meeting_state import HandlerTable, MeetingState, handles

# -- reading ----------------------------------------------------------------------


def items(state: MeetingState, kind: CaptureKind) -> list[Any]:
    """The captured items of one kind, in the order they were captured."""
    return kind.items_of(state)


def captured(state: MeetingState) -> list[tuple[CaptureKind, CapturedItem]]:
    """Every captured item with its kind, in the order they were taken (kinds mixed); an edit keeps its place."""
    remaining = {kind: iter(items(state, kind)) for kind in CaptureKind}
    return [(kind, next(remaining[kind])) for kind in state.taken]


# -- deciding ---------------------------------------------------------------------


def capturing(state: MeetingState, kind: CaptureKind, fields: dict[str, Any]) -> ItemCaptured:
    """An item of ``kind`` in the current segment (the last one once the agenda is over), validated.

    An action gets the next id of this meeting unless ``fields`` names one.
    """
    fields = dict(fields)
    if kind is CaptureKind.ACTIONS and "id" not in fields:
        fields["id"] = f"{state.minutes_id}#{state.actions_numbered + 1}"
    segment = state.current or (state.segments[-1] if state.segments else None)
    if "segment" not in fields and segment:
        fields["segment"] = segment.title
    return ItemCaptured(kind=kind, item=kind.model.model_validate(fields))


def editing(state: MeetingState, kind: CaptureKind, index: int, changes: dict[str, Any]) -> ItemEdited:
    """Item ``index`` of ``kind`` with ``changes``, validated as a whole."""
    updated: CapturedItem = items(state, kind)[index].model_copy(update=changes)
    return ItemEdited(kind=kind, index=index, item=kind.model.model_validate(updated.model_dump()))


def restoring(state: MeetingState) -> ItemRestored | None:
    """The last deleted item back at its place in the order taken, its id kept; None when nothing is to undo."""
    if not state.deleted:
        return None
    kind, place, item = state.deleted[-1]
    return ItemRestored(kind=kind, place=place, item=item)


# -- applying ---------------------------------------------------------------------


def on_notes(state: MeetingState, event: NotesSet) -> None:
    state.segments[event.index].notes = event.text


def on_attendance(state: MeetingState, event: AttendanceSet) -> None:
    state.attendees = list(event.attendees)


def on_person_added(state: MeetingState, event: PersonAdded) -> None:
    if all(name.casefold() != event.name.casefold() for name, _ in state.newcomers):
        state.newcomers.append((event.name, event.team))


def on_captured(state: MeetingState, event: ItemCaptured) -> None:
    items(state, event.kind).append(event.item)
    state.taken.append(event.kind)
    if event.kind is CaptureKind.ACTIONS:
        state.actions_numbered += 1


def on_edited(state: MeetingState, event: ItemEdited) -> None:
    items(state, event.kind)[event.index] = event.item


def on_removed(state: MeetingState, event: ItemRemoved) -> None:
    item = items(state, event.kind).pop(event.index)
    places = [n for n, kind in enumerate(state.taken) if kind is event.kind]
    del state.taken[places[event.index]]
    state.deleted.append((event.kind, places[event.index], item))


def on_restored(state: MeetingState, event: ItemRestored) -> None:
    place = min(event.place, len(state.taken))
    index = sum(1 for kind in state.taken[:place] if kind is event.kind)  # its place among its own kind
    items(state, event.kind).insert(index, event.item)
    state.taken.insert(place, event.kind)
    if state.deleted and state.deleted[-1][2] == event.item:
        state.deleted.pop()


def on_reviewed(state: MeetingState, event: ActionReviewed) -> None:
    state.action_updates[event.update.id] = event.update


def on_review_cleared(state: MeetingState, event: ReviewCleared) -> None:
    state.action_updates.pop(event.action_id, None)


CAPTURE_HANDLERS: HandlerTable = dict(
    [
        handles(NotesSet, on_notes),
        handles(AttendanceSet, on_attendance),
        handles(PersonAdded, on_person_added),
        handles(ItemCaptured, on_captured),
        handles(ItemEdited, on_edited),
        handles(ItemRemoved, on_removed),
        handles(ItemRestored, on_restored),
        handles(ActionReviewed, on_reviewed),
        handles(ReviewCleared, on_review_cleared),
    ]
)
"""Which function applies which capture event (the meeting's table includes these)."""
