"""What the room captures during a meeting: items, notes, attendance, review marks.

A mixin of :class:`~meetingtui.domain.meeting.Meeting`: every change goes
through ``Meeting._do`` so that it is journaled and can be replayed.
"""

from __future__ import annotations

from typing import Any

from meetingtui.domain.live import LiveSegment
from meetingtui.domain.minutes import ActionItem, ActionStatus, ActionUpdate, Attendee, Concern, Decision, Insight

CAPTURE_KINDS = ("actions", "decisions", "concerns", "insights")
_CAPTURE_MODELS = {"actions": ActionItem, "decisions": Decision, "concerns": Concern, "insights": Insight}


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

    def _init_capture(self) -> None:
        self.attendees = []
        self.actions = []
        self.decisions = []
        self.concerns = []
        self.insights = []
        self.action_updates = {}
        self._action_counter = 0

    def _do(self, op: str, **args: Any) -> None:  # provided by Meeting
        raise NotImplementedError

    @property
    def current(self) -> LiveSegment | None:  # provided by Meeting
        raise NotImplementedError

    def set_notes(self, index: int, text: str) -> None:
        """Replace a segment's notes."""
        if self.segments[index].notes != text:
            self._do("set_notes", index=index, text=text)

    def _op_set_notes(self, index: int, text: str) -> None:
        self.segments[index].notes = text

    def set_attendees(self, attendees: list[Attendee]) -> None:
        """Who is on the roster, and who is present."""
        self._do("set_attendees", attendees=[a.model_dump(mode="json") for a in attendees])

    def _op_set_attendees(self, attendees: list[dict[str, Any]]) -> None:
        self.attendees = [Attendee.model_validate(a) for a in attendees]

    def capture(self, kind: str, **fields: Any) -> Any:
        """Capture an action, decision, concern or insight in the current segment; returns the item."""
        if kind not in _CAPTURE_MODELS:
            raise ValueError(f"unknown kind {kind!r}")
        if kind == "actions" and "id" not in fields:
            fields["id"] = f"{self.minutes_id}#{self._action_counter + 1}"
        segment = self._segment_for_capture()
        if "segment" not in fields and segment:
            fields["segment"] = segment
        item = _CAPTURE_MODELS[kind].model_validate(fields)  # validate before recording
        self._do("capture", kind=kind, item=item.model_dump(mode="json", exclude_none=True))
        return getattr(self, kind)[-1]

    def _segment_for_capture(self) -> str | None:
        segment = self.current or (self.segments[-1] if self.segments else None)
        return segment.title if segment else None

    def _op_capture(self, kind: str, item: dict[str, Any]) -> None:
        model = _CAPTURE_MODELS[kind].model_validate(item)
        getattr(self, kind).append(model)
        if kind == "actions":
            self._action_counter += 1

    def edit_item(self, kind: str, index: int, **changes: Any) -> Any:
        """Change fields of a captured item (e.g. add an owner in the summary)."""
        items = getattr(self, kind)
        updated = items[index].model_copy(update=changes)
        updated = type(updated).model_validate(updated.model_dump())
        self._do("edit_item", kind=kind, index=index, item=updated.model_dump(mode="json", exclude_none=True))
        return items[index]

    def _op_edit_item(self, kind: str, index: int, item: dict[str, Any]) -> None:
        getattr(self, kind)[index] = _CAPTURE_MODELS[kind].model_validate(item)

    def remove_item(self, kind: str, index: int) -> None:
        """Delete a captured item (a mistake); action ids are never reused."""
        self._do("remove_item", kind=kind, index=index)

    def _op_remove_item(self, kind: str, index: int) -> None:
        del getattr(self, kind)[index]

    def update_action(
        self, action_id: str, status: ActionStatus | str, owner: str | None = None, note: str | None = None
    ) -> None:
        """Record a change to an action from earlier minutes (review segment)."""
        update = ActionUpdate(id=action_id, status=ActionStatus(status), owner=owner, note=note)
        self._do("update_action", update=update.model_dump(mode="json", exclude_none=True))

    def _op_update_action(self, update: dict[str, Any]) -> None:
        model = ActionUpdate.model_validate(update)
        self.action_updates[model.id] = model

    def clear_action_update(self, action_id: str) -> None:
        """Forget a review mark ("still open" after all)."""
        if action_id in self.action_updates:
            self._do("clear_action_update", id=action_id)

    def _op_clear_action_update(self, id: str) -> None:
        self.action_updates.pop(id, None)
