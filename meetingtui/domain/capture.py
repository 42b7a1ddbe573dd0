"""What the room captures during a meeting: items, notes, attendance, review marks.

A mixin of :class:`~meetingtui.domain.meeting.Meeting`: every change is an
event (:mod:`~meetingtui.domain.events`) that ``Meeting._emit`` journals and
that replay applies again.
"""

from __future__ import annotations

from collections.abc import Callable
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
    MeetingEvent,
    NotesSet,
    ReviewCleared,
)
from meetingtui.domain.live import LiveSegment
from meetingtui.domain.minutes import ActionItem, ActionStatus, ActionUpdate, Attendee, Concern, Decision, Insight


class CaptureMixin:
    """Captured items and notes of a :class:`Meeting`."""

    minutes_id: str
    segments: list[LiveSegment]
    attendees: list[Attendee]
    actions: list[ActionItem]
    decisions: list[Decision]
    concerns: list[Concern]
    insights: list[Insight]
    action_updates: dict[str, ActionUpdate]
    _action_counter: int
    _taken: list[CaptureKind]
    _deleted: list[tuple[CaptureKind, int, CapturedItem]]

    def _init_capture(self) -> None:
        self.attendees = []
        self.actions = []
        self.decisions = []
        self.concerns = []
        self.insights = []
        self.action_updates = {}
        self._action_counter = 0
        self._taken = []  # the kind of every item still captured, in the order taken: the order across kinds
        self._deleted = []  # (kind, place in the order taken, item) of each delete not undone, the last one last

    def _emit(self, event: MeetingEvent) -> None:  # provided by Meeting
        raise NotImplementedError

    @property
    def current(self) -> LiveSegment | None:  # provided by Meeting
        raise NotImplementedError

    def items(self, kind: CaptureKind) -> list[Any]:
        """The captured items of one kind, in the order they were captured."""
        return kind.items_of(self)

    def captured(self) -> list[tuple[CaptureKind, CapturedItem]]:
        """Every captured item with its kind, in the order they were taken (kinds mixed); an edit keeps its place."""
        remaining = {kind: iter(self.items(kind)) for kind in CaptureKind}
        return [(kind, next(remaining[kind])) for kind in self._taken]

    def set_notes(self, index: int, text: str) -> None:
        """Replace a segment's notes."""
        if self.segments[index].notes != text:
            self._emit(NotesSet(index=index, text=text))

    def set_attendees(self, attendees: list[Attendee]) -> None:
        """Who is on the roster, and who is present."""
        self._emit(AttendanceSet(attendees=tuple(attendees)))

    def capture(self, kind: CaptureKind | str, **fields: Any) -> Any:
        """Capture an action, decision, concern or insight in the current segment; returns the item."""
        kind = CaptureKind(kind)
        if kind is CaptureKind.ACTIONS and "id" not in fields:
            fields["id"] = f"{self.minutes_id}#{self._action_counter + 1}"
        segment = self._segment_for_capture()
        if "segment" not in fields and segment:
            fields["segment"] = segment
        item = kind.model.model_validate(fields)  # validate before recording
        self._emit(ItemCaptured(kind=kind, item=item))
        return self.items(kind)[-1]

    def _segment_for_capture(self) -> str | None:
        segment = self.current or (self.segments[-1] if self.segments else None)
        return segment.title if segment else None

    def edit_item(self, kind: CaptureKind | str, index: int, **changes: Any) -> Any:
        """Change fields of a captured item (e.g. add an owner in the summary)."""
        kind = CaptureKind(kind)
        updated: CapturedItem = self.items(kind)[index].model_copy(update=changes)
        updated = kind.model.model_validate(updated.model_dump())
        self._emit(ItemEdited(kind=kind, index=index, item=updated))
        return self.items(kind)[index]

    def remove_item(self, kind: CaptureKind | str, index: int) -> None:
        """Delete a captured item (a mistake); action ids are never reused."""
        self._emit(ItemRemoved(kind=CaptureKind(kind), index=index))

    def last_deleted(self) -> tuple[CaptureKind, CapturedItem] | None:
        """What :meth:`undo_delete` would bring back (``None``: nothing deleted, or every delete undone)."""
        return (self._deleted[-1][0], self._deleted[-1][2]) if self._deleted else None

    def undo_delete(self) -> CapturedItem | None:
        """Bring the last deleted item back where it was (an ``ItemRestored`` event); returns it, or ``None``."""
        if not self._deleted:
            return None
        kind, place, item = self._deleted[-1]
        self._emit(ItemRestored(kind=kind, place=place, item=item))
        return item

    def update_action(
        self,
        action_id: str,
        status: ActionStatus | str,
        owner: str | None = None,
        note: str | None = None,
        text: str | None = None,
        owned_by: str | None = None,
    ) -> None:
        """Record a change to an action from earlier minutes (review segment); ``text`` and ``owned_by`` (its owner
        until now) are the action's, so the minutes read on their own; ``owner`` is a new owner."""
        update = ActionUpdate(
            id=action_id, text=text, status=ActionStatus(status), owner=owner, owned_by=owned_by, note=note
        )
        self._emit(ActionReviewed(update=update))

    def clear_action_update(self, action_id: str) -> None:
        """Forget a review mark ("still open" after all)."""
        if action_id in self.action_updates:
            self._emit(ReviewCleared(action_id=action_id))

    # -- applying the events ------------------------------------------------------

    def _on_notes(self, event: NotesSet) -> None:
        self.segments[event.index].notes = event.text

    def _on_attendance(self, event: AttendanceSet) -> None:
        self.attendees = list(event.attendees)

    def _on_captured(self, event: ItemCaptured) -> None:
        self.items(event.kind).append(event.item)
        self._taken.append(event.kind)
        if event.kind is CaptureKind.ACTIONS:
            self._action_counter += 1

    def _on_edited(self, event: ItemEdited) -> None:
        self.items(event.kind)[event.index] = event.item

    def _on_removed(self, event: ItemRemoved) -> None:
        item = self.items(event.kind).pop(event.index)
        places = [n for n, kind in enumerate(self._taken) if kind is event.kind]
        del self._taken[places[event.index]]
        self._deleted.append((event.kind, places[event.index], item))

    def _on_restored(self, event: ItemRestored) -> None:
        place = min(event.place, len(self._taken))
        index = sum(1 for kind in self._taken[:place] if kind is event.kind)  # its place among its own kind
        self.items(event.kind).insert(index, event.item)
        self._taken.insert(place, event.kind)
        if self._deleted and self._deleted[-1][2] == event.item:
            self._deleted.pop()

    def _on_reviewed(self, event: ActionReviewed) -> None:
        self.action_updates[event.update.id] = event.update

    def _on_review_cleared(self, event: ReviewCleared) -> None:
        self.action_updates.pop(event.action_id, None)


CAPTURE_HANDLERS: dict[type[MeetingEvent], Callable[[Any, Any], None]] = {
    NotesSet: CaptureMixin._on_notes,
    AttendanceSet: CaptureMixin._on_attendance,
    ItemCaptured: CaptureMixin._on_captured,
    ItemEdited: CaptureMixin._on_edited,
    ItemRemoved: CaptureMixin._on_removed,
    ItemRestored: CaptureMixin._on_restored,
    ActionReviewed: CaptureMixin._on_reviewed,
    ReviewCleared: CaptureMixin._on_review_cleared,
}
"""Which method applies which capture event (the meeting's table includes these)."""
