"""The review segment: every open action from earlier minutes, marked done, dropped, re-assigned or open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from meetingtui.domain.events import ActionReviewed, MeetingEvent, ReviewCleared
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import ActionItem, ActionStatus, ActionUpdate
from meetingtui.domain.terminal_text import visible
from meetingtui.session import MeetingSession
from meetingtui.tui.palette import team_text
from meetingtui.tui.widgets.view import MeetingView
from meetingtui.tui.workers import WorkDone

if TYPE_CHECKING:
    from meetingtui.store.history_review import Page

MARK_WIDTH, DUE_WIDTH, MIN_TEXT_WIDTH = 6, 6, 12
SCROLLBAR = 2
READ_AHEAD = 15
"""Rows left below the cursor when the next page of open actions is asked for."""
MARKS = {
    ActionStatus.DONE: Text("✓ done", style="bold green"),
    ActionStatus.DROPPED: Text("✗ drop", style="dim"),
    ActionStatus.OPEN: Text("→ new", style="bold"),  # re-assigned: the new owner is in the action's cell
}


def _mark(update: ActionUpdate | None) -> Text:
    return MARKS[update.status] if update is not None else Text("")


def _action_text(action: ActionItem, update: ActionUpdate | None) -> Text:
    """The action's whole text, then its owner (struck through and followed by the new one when re-assigned)."""
    text = Text(visible(action.text))
    text.append(" — ", style="dim").append_text(team_text(action.team, action.owner or "nobody"))
    if update is not None and update.owner:
        text.stylize("strike", len(text) - len(action.owner or "nobody"))
        text.append(" → ").append(visible(update.owner), style="bold")
    return text


@dataclass
class ReviewMarked(Message):
    """Mark an earlier action: done, dropped, or (``OPEN``) back to no mark."""

    action_id: str
    status: ActionStatus
    text: str | None = None
    """The action's text, for the update (the minutes read on their own)."""
    owner: str | None = None
    """The action's owner, for the same reason."""


@dataclass
class ReassignRequested(Message):
    """Ask who takes an earlier action over."""

    action_id: str
    text: str
    owner: str | None


class PageRead(WorkDone["Page"]):
    """The next open actions, read from the history index off the UI thread."""


class ReviewPanel(MeetingView, DataTable):
    """Open actions, oldest first, overdue ones in red. Keys ask the screen to mark the highlighted action.

    It holds the open actions read so far (a page, :data:`~meetingtui.store.history_review.PAGE`), not every one
    of a big history: the next page is read when the cursor comes near the end.
    """

    REDRAWS_ON = frozenset({ActionReviewed, ReviewCleared})
    SHOWS_EARLIER_MINUTES = True  # their open actions

    BINDINGS = [
        Binding("x", "mark('done')", "Done", id="review-done", tooltip="Mark the highlighted action done"),
        Binding(
            "delete,backspace",
            "mark('dropped')",
            "Drop",
            id="review-drop",
            key_display="del",
            tooltip="Drop the highlighted action",
        ),
        Binding("r", "reassign", "Re-assign", id="review-reassign", tooltip="Give the action to someone else"),
        Binding("o", "mark('open')", "Still open", id="review-open", tooltip="Leave the action open (clear the mark)"),
    ]

    def __init__(self, session: MeetingSession, **kwargs) -> None:
        super().__init__(session.meeting, cursor_type="row", **kwargs)
        self.session = session
        self._actions: dict[str, ActionItem] = {}
        self._width = 0
        self._asked: tuple[object, int] | None = None
        """The read of open actions and how many of them were read when the next page was asked for (once)."""
        self._reassigning: str | None = None
        """The action whose re-assign dialog is open: once it is re-assigned, the cursor moves on as after x."""

    def on_mount(self) -> None:
        self.border_title = "Review open actions"
        self._columns_for(self.size.width)

    def _columns_for(self, width: int) -> None:
        """Marks and dates at their width; the action and its owner get the rest and wrap, so all of it reads."""
        self.clear(columns=True)
        self.add_column(Text("Mark"), key="mark", width=MARK_WIDTH)
        self.add_column(Text("Due"), key="due", width=DUE_WIDTH)
        rest = width - MARK_WIDTH - DUE_WIDTH - 3 * 2 * self.cell_padding - SCROLLBAR
        self.add_column(Text("Action — owner"), key="text", width=max(MIN_TEXT_WIDTH, rest))
        self._width = width

    def on_resize(self) -> None:
        # Path (c): the action column wraps at the panel's width. The lower row shows the list (and has it draw)
        # when a review segment starts; hidden, it draws nothing.
        if self.size.width != self._width and self.display:
            self.show()

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        if self.display and not self._mark_only(event):
            self.show()  # else it reads the marks when it is shown
        if isinstance(event, ActionReviewed) and event.update.id == self._reassigning:
            self._reassigning = None
            if self._highlighted() == event.update.id:
                self.action_cursor_down()

    def show(self) -> None:
        """(Re)load the open actions read so far and their marks."""
        actions = self.session.open_actions()
        self._actions = {}
        row = self.cursor_row
        if self.size.width and self.size.width != self._width:
            self._columns_for(self.size.width)
        self.clear()
        self._add_rows(actions)
        if not actions:
            loading = self.session.earlier is None
            message = "Reading earlier minutes…" if loading else "Nothing open from earlier meetings."
            if self.session.rehearsal:
                message = "A rehearsal leaves the real open actions alone: none are shown, none can change."
            self.add_row(Text(""), Text(""), Text(message, style="dim"), key="")
        self._count()
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)
        self._read_ahead()

    def _mark_only(self, event: MeetingEvent | None) -> bool:
        """Show a mark in its row alone when that is all it changes (done, dropped, cleared: the action's text and
        owner stay as they are): the whole list again re-measures every row's wrapped height, ~2 ms a row."""
        if not isinstance(event, ActionReviewed | ReviewCleared):
            return False
        action_id = event.update.id if isinstance(event, ActionReviewed) else event.action_id
        action = self._actions.get(action_id)
        if action is None:
            return False
        update = self.session.meeting.action_updates.get(action_id)
        text = _action_text(action, update)
        if text != self.get_cell(action_id, "text"):
            return False  # re-assigned, or no longer: the row's text (and maybe its height) changes
        self.update_cell(action_id, "mark", _mark(update))
        return True

    def _add_rows(self, actions: list[ActionItem]) -> None:
        """Add a row for each action, as tall as its text wraps in the action column.

        The height is the number of lines ``Text.wrap`` gives at the column's width (the width DataTable draws the
        cell at), not DataTable's ``height=None``: that drew every cell of every new row in full to measure it, in
        one frame (~2 ms a row; a page of 50 froze the keys for ~100 ms on a busy machine).
        """
        updates = self.session.meeting.action_updates
        today = self.session.today()
        console, width = self.app.console, self.columns[ColumnKey("text")].width
        for action in actions:
            self._actions[action.id] = action
            overdue = action.due is not None and action.due < today
            due = Text(action.due.strftime("%d %b") if action.due else "—", style="bold red" if overdue else "")
            update = updates.get(action.id)
            text = _action_text(action, update)
            height = max(1, len(text.wrap(console, width)))
            self.add_row(_mark(update), due, text, key=action.id, height=height)

    def _count(self) -> None:
        """The border counts the open actions: all of them, or how many of them are read so far."""
        found = self.session.open_read()
        shown = len(self._actions)
        total = found.count if found is not None else shown
        counted = f"{shown} open" if shown >= total else f"{shown} of {total} open"
        self.border_subtitle = f"{counted} · x done · del drop · r re-assign · o open"

    @on(DataTable.RowHighlighted)
    def _near_the_end(self) -> None:
        self._read_ahead()

    def _read_ahead(self) -> None:
        """Ask for the next page when the cursor is near the last row read and there are more."""
        found = self.session.open_read()
        if found is None or found.complete or not self.display:
            return
        if self.cursor_row >= self.row_count - READ_AHEAD and self._asked != (found, len(found.states)):
            self._asked = (found, len(found.states))
            self._read_page(found.next_page)

    @work(thread=True, exclusive=True, group="review-page", description="Read more open actions", exit_on_error=False)
    def _read_page(self, read: Callable[[], Page]) -> None:
        self.post_message(PageRead.of(read))

    def on_page_read(self, message: PageRead) -> None:
        """Add the rows of a page read, unless the history was read again meanwhile (then it was shown anew)."""
        message.stop()
        found = self.session.open_read()
        if not message.ok or message.value is None or found is None or not found.keep(message.value):
            return
        self._add_rows([state.item for state in message.value.states])
        self._count()
        self._read_ahead()

    def _highlighted(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or None

    def action_mark(self, status: str) -> None:
        """Mark the highlighted action, then move to the next one (every mark moves the cursor the same way)."""
        action_id = self._highlighted()
        if action_id is None:
            return
        action = self._actions.get(action_id)
        self.post_message(
            ReviewMarked(
                action_id, ActionStatus(status), action.text if action else None, action.owner if action else None
            )
        )
        self.action_cursor_down()

    def action_reassign(self) -> None:
        """Ask who takes the highlighted action over; the cursor moves on once it is re-assigned."""
        action_id = self._highlighted()
        action = self._actions.get(action_id) if action_id else None
        if action is not None:
            self._reassigning = action.id
            self.post_message(ReassignRequested(action.id, action.text, action.owner))
