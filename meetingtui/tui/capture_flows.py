"""The dialogs that change what the room captured: capture, edit, delete, re-assign an earlier action.

Each flow opens a dialog and, when the person confirms, commands the engine
(journaled events); the views redraw from those events. The meeting screen and
the summary both use them, so an item is edited the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.screen import Screen

from meetingtui.domain.agenda import Team, parse_team
from meetingtui.domain.entries import (
    ActionEntry,
    ItemEntry,
    ParkReason,
    Reassignment,
    item_changes,
    item_fields,
    past_due_warning,
    raising_side,
)
from meetingtui.domain.events import CapturedItem, CaptureKind
from meetingtui.domain.minutes import ActionStatus
from meetingtui.domain.roster import Ambiguous, Resolved
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
    from meetingtui.tui.forms import CAPTURE_FORMS, item_builder  # with the first capture: not before the first frame
    from meetingtui.tui.screens.form import FormDialog  # with the first capture: not before the first frame
    from meetingtui.tui.widgets.captured import describe  # with the first capture: not before the first frame

    typed: dict[str, str] = {}

    def captured(entry: ItemEntry | None) -> None:
        if entry is not None:  # "ma" fits two people, "Priya" nobody: ask before the engine hears it
            with_entry_owner(screen, session, entry, take)

    def take(entry: ItemEntry) -> None:
        try:
            item = session.meeting.capture(entry.kind, **item_fields(entry))
        except OSError as exc:
            report_failure(screen, exc)
            capture(screen, session, kind, typed)
            return
        # The Captured panel may be hidden (review segment, small screen): always confirm.
        screen.notify(describe(kind, item).plain, title="Captured", timeout=4, markup=False)
        _warn_if_past_due(screen, session, item)

    build = _remembering(item_builder(kind, session), typed)
    intro = None
    if kind is CaptureKind.CONCERNS and raising_side(session.meeting.current) is None:  # who raises it? ask
        intro = "A joint segment: say which team raises it and with whom (from → to)."
    dialog = FormDialog(CAPTURE_FORMS[kind], build, names=session.names(), values=values, intro=intro)
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
    from meetingtui.tui.forms import CAPTURE_FORMS, item_builder, item_values  # with the first capture
    from meetingtui.tui.screens.form import FormDialog  # with the first capture: not before the first frame

    item = session.meeting.items(kind)[index]
    typed: dict[str, str] = {}

    def edited(entry: ItemEntry | None) -> None:
        if entry is not None:
            with_entry_owner(screen, session, entry, change)

    def change(entry: ItemEntry) -> None:
        try:
            changed = session.meeting.edit_item(kind, index, **item_changes(entry))
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


def _remembering(build: Builder[ItemEntry], typed: dict[str, str]) -> Builder[ItemEntry]:
    """``build``, keeping in ``typed`` the strings it was last given (to fill the dialog again after a failure)."""

    def remember(raw: dict[str, str]) -> ItemEntry:
        typed.clear()
        typed.update(raw)
        return build(raw)

    return remember


def delete(screen: Screen, session: MeetingSession, kind: CaptureKind, index: int) -> None:
    """Ask, then delete the ``index``-th item of ``kind`` (an ``ItemRemoved`` event); only ``y`` deletes."""
    from meetingtui.tui.screens.confirm import RiskyConfirm  # with the first capture: not before the first frame

    item = session.meeting.items(kind)[index]

    def answered(yes: bool | None) -> None:
        if yes and index < len(session.meeting.items(kind)) and session.meeting.items(kind)[index] is item:
            session.meeting.remove_item(kind, index)
            screen.notify(f"Deleted the {kind.label} “{item.text}” (ctrl+z brings it back).", timeout=4, markup=False)

    confirm = RiskyConfirm(f"Delete {kind.label}", f"Delete this {kind.label}?\n“{item.text}”")
    screen.app.push_screen(confirm, guarded_callback(screen, answered))


def reassign(screen: Screen, session: MeetingSession, action_id: str, text: str, owner: str | None) -> None:
    """Ask who takes an earlier action over; the dialog names the action and its current owner."""
    from meetingtui.tui.forms import REASSIGN_FORM, owner_builder  # with the first capture: not before the first frame
    from meetingtui.tui.screens.form import FormDialog  # with the first capture: not before the first frame

    def done(reassigned: Reassignment | None) -> None:
        if reassigned is not None:
            with_owner(screen, session, reassigned.owner, None, lambda name, _team: update(name or reassigned.owner))

    def update(new_owner: str) -> None:
        session.meeting.update_action(action_id, ActionStatus.OPEN, owner=new_owner, text=text, owned_by=owner)

    intro = f"“{text}”\nNow with: {owner or 'nobody'}"
    dialog = FormDialog(REASSIGN_FORM, owner_builder(session), names=session.names(), intro=intro)
    screen.app.push_screen(dialog, guarded_callback(screen, done))


def with_entry_owner(
    screen: Screen, session: MeetingSession, entry: ItemEntry, then: Callable[[ItemEntry], None]
) -> None:
    """``then(entry)``, an action's owner named as the roster names the person (:func:`with_owner`); an action
    left without a team takes the person's."""
    if not isinstance(entry, ActionEntry) or not entry.owner:
        then(entry)
        return

    def named(name: str | None, team: Team | None) -> None:
        then(replace(entry, owner=name or entry.owner, team=entry.team or team))

    with_owner(screen, session, entry.owner, entry.team, named)


def with_owner(
    screen: Screen,
    session: MeetingSession,
    typed: str,
    team: Team | None,
    then: Callable[[str | None, Team | None], None],
) -> None:
    """``then(name, team)`` with ``typed`` as the roster names the person (:mod:`meetingtui.domain.roster`).

    Several fit: a list to choose from. Nobody: a dialog offers to add the person with a team (written to
    ``people.toml`` with the minutes) when the repository keeps a roster; ``escape`` in either keeps the name as
    typed (``name`` is then None), its team unknown — the summary lists it before saving.
    """
    found = session.roster().resolve(typed)
    if isinstance(found, Resolved):
        then(found.name, found.team)
    elif isinstance(found, Ambiguous):
        from meetingtui.tui.screens.person_choice import (
            PersonChoice,  # a dialog on first use: not before the first frame
        )

        def chosen(name: str | None) -> None:
            then(name, session.team_of(name) if name else None)

        screen.app.push_screen(PersonChoice(found), guarded_callback(screen, chosen))
    elif session.has_roster():
        add_person(screen, session, found.name, then, team=team)
    else:  # no people.toml: nobody to check against, nothing to ask (the summary names owners without a team)
        then(found.name, None)


def add_person(
    screen: Screen,
    session: MeetingSession,
    name: str,
    then: Callable[[str | None, Team | None], None],
    team: Team | None = None,
) -> None:
    """Offer to add ``name`` (not on the roster) with a team; ``then(name, team)``, team ``None`` on ``escape``."""
    # a dialog on first use: not before the first frame
    from meetingtui.tui.screens.form import TEAM_WORDS, FieldSpec, Form, FormDialog

    form = Form(
        "Not on the roster",
        (
            FieldSpec("text", "Name", "as the team writes it"),
            FieldSpec("team", "Team", "sales / marketing / joint", TEAM_WORDS, required=True),
        ),
    )

    def build(raw: dict[str, str]) -> tuple[str, Team]:
        chosen = parse_team(raw["team"])
        if chosen is None:
            raise ValueError("Which team? Type sales, marketing or joint.")
        return " ".join(raw["text"].split()), chosen

    def added(person: tuple[str, Team] | None) -> None:
        if person is None:
            then(name, None)
            return
        session.add_person(*person)
        then(*person)

    intro = (
        f"“{name}” is not in people.toml. Add them with their team (saved with the minutes);"
        " escape keeps the name without a team."
    )
    values = {"text": name, "team": team.value if team else ""}
    dialog = FormDialog(form, build, values=values, intro=intro, focus="team")  # the name is typed already
    screen.app.push_screen(dialog, guarded_callback(screen, added))


def _warn_if_past_due(screen: Screen, session: MeetingSession, item: CapturedItem) -> None:
    warning = past_due_warning(item, session.today())
    if warning:
        screen.notify(warning, title="Due date in the past", severity="warning", timeout=8, markup=False)


def pick(screen: Screen, session: MeetingSession) -> None:
    """Choose a captured item from a list, then edit or delete it (where the Captured panel is not shown)."""
    # with the first capture: not before the first frame
    from meetingtui.tui.screens.captured_picker import CapturedPicker, Choice
    from meetingtui.tui.widgets.captured import EditCaptured  # with the first capture: not before the first frame

    def chosen(choice: Choice | None) -> None:
        if choice is not None:
            what, kind, index = choice
            (edit if what is EditCaptured else delete)(screen, session, kind, index)

    screen.app.push_screen(CapturedPicker(session.meeting), guarded_callback(screen, chosen))


def park(screen: Screen, session: MeetingSession) -> None:
    """Ask why (optional: ``enter`` parks it either way, ``escape`` keeps it running), then park the current segment.

    The reason lands in the minutes' ``[[parked]]`` (journaled with the ``SegmentParked`` event).
    """
    # the park dialog on first use: not before the first frame
    from meetingtui.tui.forms import PARK_FORM, park_builder
    from meetingtui.tui.screens.form import FormDialog

    meeting = session.meeting
    segment = meeting.current
    if segment is None:
        return

    def answered(entry: ParkReason | None) -> None:
        if entry is not None and meeting.current is segment and meeting.park(entry.reason):
            screen.notify(f"Parked “{segment.title}”: offered at the next meeting of this agenda.", markup=False)

    dialog = FormDialog(PARK_FORM, park_builder(), intro=f"“{segment.title}”")
    screen.app.push_screen(dialog, guarded_callback(screen, answered))
