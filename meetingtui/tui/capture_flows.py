"""The dialogs that change what the room captured: capture, edit, delete, re-assign an earlier action.

Each flow opens a dialog and, when the person confirms, commands the engine
(journaled events); the views redraw from those events. The meeting screen and
the summary both use them, so an item is edited the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from meetingtui.domain.events import CaptureKind
from meetingtui.domain.minutes import ActionStatus
from meetingtui.session import MeetingSession
from meetingtui.tui.guard import guarded_callback, report_failure

if TYPE_CHECKING:
    from meetingtui.tui.screens.form import Builder

# The dialogs' modules are imported on first use, as the meeting screen always did: none is needed for the first frame.


def capture(screen: Screen, session: MeetingSession, kind: CaptureKind, values: dict[str, str] | None = None) -> None:
    """Open the capture dialog of ``kind`` (filled with ``values``); a saved item is confirmed in a notification.

    When the journal cannot take the item, nothing is captured: the failure is named and the dialog comes
    back with what was typed, so ``enter`` tries again.
    """
    from meetingtui.tui.forms import CAPTURE_FORMS, item_builder
    from meetingtui.tui.screens.form import FormDialog
    from meetingtui.tui.widgets.captured import describe

    typed: dict[str, str] = {}

    def captured(fields: dict[str, Any] | None) -> None:
        if not fields:
            return
        try:
            item = session.meeting.capture(kind, **fields)
        except OSError as exc:
            report_failure(screen, exc)
            capture(screen, session, kind, typed)
            return
        # The Captured panel may be hidden (review segment, small screen): always confirm.
        screen.notify(describe(kind, item).plain, title="Captured", timeout=4, markup=False)
        _warn_if_past_due(screen, session, item)

    build = _remembering(item_builder(kind, session), typed)
    dialog = FormDialog(CAPTURE_FORMS[kind], build, names=session.names(), values=values)
    screen.app.push_screen(dialog, guarded_callback(screen, captured))


def edit(
    screen: Screen,
    session: MeetingSession,
    kind: CaptureKind,
    index: int,
    *,
    title: str | None = None,
    focus: str | None = None,
    then: Callable[[], None] | None = None,
    values: dict[str, str] | None = None,
) -> None:
    """Open ``kind``'s dialog filled with the ``index``-th item (or ``values``); saving replaces it (an
    ``ItemEdited`` event). When the journal cannot take the change, the dialog comes back with what was typed."""
    from meetingtui.tui.forms import CAPTURE_FORMS, item_builder, item_changes, item_values
    from meetingtui.tui.screens.form import FormDialog

    item = session.meeting.items(kind)[index]
    typed: dict[str, str] = {}

    def edited(fields: dict[str, Any] | None) -> None:
        if not fields:
            return
        try:
            changed = session.meeting.edit_item(kind, index, **item_changes(kind, fields))
        except OSError as exc:
            report_failure(screen, exc)
            edit(screen, session, kind, index, title=title, focus=focus, then=then, values=typed)
            return
        _warn_if_past_due(screen, session, changed)
        if then is not None:
            then()

    dialog = FormDialog(
        CAPTURE_FORMS[kind],
        _remembering(item_builder(kind, session), typed),
        names=session.names(),
        values=values or item_values(kind, item),
        title=title or f"Edit {kind.label}",
        focus=focus,
    )
    screen.app.push_screen(dialog, guarded_callback(screen, edited))


def _remembering(build: Builder, typed: dict[str, str]) -> Builder:
    """``build``, keeping in ``typed`` the strings it was last given (to fill the dialog again after a failure)."""

    def remember(raw: dict[str, str]) -> Any:
        typed.clear()
        typed.update(raw)
        return build(raw)

    return remember


def delete(screen: Screen, session: MeetingSession, kind: CaptureKind, index: int) -> None:
    """Ask, then delete the ``index``-th item of ``kind`` (an ``ItemRemoved`` event); only ``y`` deletes."""
    from meetingtui.tui.screens.confirm import RiskyConfirm

    item = session.meeting.items(kind)[index]

    def answered(yes: bool | None) -> None:
        if yes and index < len(session.meeting.items(kind)) and session.meeting.items(kind)[index] is item:
            session.meeting.remove_item(kind, index)
            screen.notify(f"Deleted the {kind.label} “{item.text}” (ctrl+z brings it back).", timeout=4, markup=False)

    confirm = RiskyConfirm(f"Delete {kind.label}", f"Delete this {kind.label}?\n“{item.text}”")
    screen.app.push_screen(confirm, guarded_callback(screen, answered))


def reassign(screen: Screen, session: MeetingSession, action_id: str, text: str, owner: str | None) -> None:
    """Ask who takes an earlier action over; the dialog names the action and its current owner."""
    from meetingtui.tui.forms import REASSIGN_FORM, owner_builder
    from meetingtui.tui.screens.form import FormDialog

    def done(fields: dict[str, str] | None) -> None:
        if fields:
            session.meeting.update_action(
                action_id, ActionStatus.OPEN, owner=fields["owner"], text=text, owned_by=owner
            )

    intro = f"“{text}”\nNow with: {owner or 'nobody'}"
    dialog = FormDialog(REASSIGN_FORM, owner_builder(session), names=session.names(), intro=intro)
    screen.app.push_screen(dialog, guarded_callback(screen, done))


def _warn_if_past_due(screen: Screen, session: MeetingSession, item: Any) -> None:
    from meetingtui.tui.forms import past_due_warning

    warning = past_due_warning(item, session.today())
    if warning:
        screen.notify(warning, title="Due date in the past", severity="warning", timeout=8, markup=False)


def pick(screen: Screen, session: MeetingSession) -> None:
    """Choose a captured item from a list, then edit or delete it (where the Captured panel is not shown)."""
    from meetingtui.tui.screens.captured_picker import CapturedPicker, Choice
    from meetingtui.tui.widgets.captured import EditCaptured

    def chosen(choice: Choice | None) -> None:
        if choice is not None:
            what, kind, index = choice
            (edit if what is EditCaptured else delete)(screen, session, kind, index)

    screen.app.push_screen(CapturedPicker(session.meeting), guarded_callback(screen, chosen))


def park(screen: Screen, session: MeetingSession) -> None:
    """Ask why (optional: ``enter`` parks it either way, ``escape`` keeps it running), then park the current segment.

    The reason lands in the minutes' ``[[parked]]`` (journaled with the ``SegmentParked`` event).
    """
    from meetingtui.tui.forms import PARK_FORM, park_builder
    from meetingtui.tui.screens.form import FormDialog

    meeting = session.meeting
    segment = meeting.current
    if segment is None:
        return

    def answered(fields: dict[str, str | None] | None) -> None:
        if fields is not None and meeting.current is segment and meeting.park(fields["reason"]):
            screen.notify(f"Parked “{segment.title}”: offered at the next meeting of this agenda.", markup=False)

    dialog = FormDialog(PARK_FORM, park_builder(), intro=f"“{segment.title}”")
    screen.app.push_screen(dialog, guarded_callback(screen, answered))
