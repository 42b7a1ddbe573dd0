"""The review segment: every open action from earlier minutes, marked done, dropped, re-assigned or open."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from meetingtui.domain.events import ActionReviewed, MeetingEvent, ReviewCleared
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import ActionStatus
from meetingtui.session import MeetingSession
from meetingtui.tui.palette import team_text
from meetingtui.tui.widgets.view import MeetingView

MARKS = {ActionStatus.DONE: Text("✓ done", style="bold green"), ActionStatus.DROPPED: Text("✗ drop", style="dim")}


@dataclass
class ReviewMarked(Message):
    """Mark an earlier action: done, dropped, or (``OPEN``) back to no mark."""

    action_id: str
    status: ActionStatus


@dataclass
class ReassignRequested(Message):
    """Ask who takes an earlier action over."""

    action_id: str


class ReviewPanel(MeetingView, DataTable):
    """Open actions, oldest first, overdue ones in red. Keys ask the screen to mark the highlighted action."""

    REDRAWS_ON = frozenset({ActionReviewed, ReviewCleared})

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

    def on_mount(self) -> None:
        self.border_title = "Review open actions"
        # The marks, dates and owners first: a long action text is then cut at the edge, never they.
        self.add_column(Text("Mark"), key="mark", width=6)
        self.add_column(Text("Due"), key="due", width=6)
        self.add_column(Text("Owner"), key="owner")
        self.add_column(Text("Action"), key="text")

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        if self.display:
            self.show()  # else it reads the marks when it is shown

    def show(self) -> None:
        """(Re)load the open actions and their marks."""
        actions = self.session.open_actions()
        updates = self.session.meeting.action_updates
        today = self.session.today()
        row = self.cursor_row
        self.clear()
        for action in actions:
            overdue = action.due is not None and action.due < today
            due = Text(action.due.strftime("%d %b") if action.due else "—", style="bold red" if overdue else "")
            update = updates.get(action.id)
            mark = Text("")
            if update is not None:
                mark = MARKS.get(update.status) or Text(f"→ {update.owner}", style="bold")
            self.add_row(mark, due, team_text(action.team, action.owner or "—"), Text(action.text), key=action.id)
        if not actions:
            loading = self.session.history is None
            message = "Reading earlier minutes…" if loading else "Nothing open from earlier meetings."
            self.add_row(Text(""), Text(""), Text(""), Text(message, style="dim"), key="")
        self.border_subtitle = f"{len(actions)} open · x done · del drop · r re-assign · o open"
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)

    def _highlighted(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or None

    def action_mark(self, status: str) -> None:
        action_id = self._highlighted()
        if action_id is None:
            return
        self.post_message(ReviewMarked(action_id, ActionStatus(status)))
        if status != ActionStatus.OPEN:
            self.action_cursor_down()

    def action_reassign(self) -> None:
        action_id = self._highlighted()
        if action_id is not None:
            self.post_message(ReassignRequested(action_id))
