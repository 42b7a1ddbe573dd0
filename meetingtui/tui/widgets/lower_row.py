"""Below Now: the review list (in review segments), the captured log and the notes editor."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.containers import Horizontal

from meetingtui.domain.agenda import SegmentKind
from meetingtui.domain.events import MeetingEvent, SegmentAdded
from meetingtui.domain.meeting import Meeting
from meetingtui.session import MeetingSession
from meetingtui.tui.widgets.view import SEGMENT_CHANGES, MeetingView

if TYPE_CHECKING:
    from meetingtui.tui.widgets.captured import CapturedLog
    from meetingtui.tui.widgets.notes import NotesEditor
    from meetingtui.tui.widgets.review import ReviewPanel


class LowerRow(MeetingView, Horizontal):
    """Empty until :meth:`populate` mounts its panels, just after the first frame: none of them is needed to
    read the segment and the countdown, and the notes editor is a TextArea, with its imports and CSS."""

    REDRAWS_ON = SEGMENT_CHANGES

    def __init__(self, session: MeetingSession, **kwargs) -> None:
        super().__init__(session.meeting, **kwargs)
        self.session = session
        self.panels: tuple[ReviewPanel, CapturedLog, NotesEditor] | None = None

    @staticmethod
    def layout_classes(meeting: Meeting) -> str:
        """``review`` in a review segment. The review list needs room to show whole actions: narrower than
        ``EXTRA_WIDE`` it takes the row (the screen's breakpoint classes, meetingtui.tcss); ``e`` still shows the
        notes (``notes-shown``) and ctrl+e reaches the captured items."""
        segment = meeting.current
        return "review" if segment is not None and segment.kind is SegmentKind.REVIEW_ACTIONS else ""

    @property
    def notes(self) -> NotesEditor | None:
        return self.panels[2] if self.panels else None

    @property
    def captured(self) -> CapturedLog | None:
        return self.panels[1] if self.panels else None

    async def populate(self) -> None:
        """Mount the three panels and fill them; the review list takes the focus only if nothing has it.

        Their modules (with Textual's TextArea) are imported in a thread: on the UI thread the import held the
        keys typed just after the first frame for its whole length (~40 ms of CPU, 100-200 ms on a busy machine);
        in a thread the event loop gets its turn every few milliseconds.
        """
        CapturedLog, NotesEditor, ReviewPanel = await asyncio.to_thread(_panel_classes)
        meeting = self.session.meeting
        panels = (
            ReviewPanel(self.session, id="review"),
            CapturedLog(meeting, id="captured"),
            NotesEditor(meeting, id="notes"),
        )
        await self.mount(*panels)
        self.panels = panels
        self.show_segment(take_focus=self.screen.focused is None)  # keys may have moved the focus meanwhile

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        # An added segment leaves the focus alone: the facilitator is looking at the agenda.
        self.show_segment(take_focus=not isinstance(event, SegmentAdded))

    def show_segment(self, *, take_focus: bool = True) -> None:
        """The current segment's notes, and the review list in a review segment (focused, unless told not to)."""
        if self.panels is None:
            return
        meeting = self.session.meeting
        segment = meeting.current
        review, _, notes = self.panels
        if segment is not None:
            notes.load(meeting.index, segment.notes, segment.title)
        reviewing = segment is not None and segment.kind is SegmentKind.REVIEW_ACTIONS
        if not reviewing and review.has_focus:
            self.screen.set_focus(None)  # otherwise focus would slide into the notes and keys would become text
        review.display = reviewing
        self.set_class(reviewing, "review")
        self.remove_class("notes-shown")  # a new segment: the review list has the row again where it is narrow
        if reviewing:
            review.show()
            if take_focus:
                review.focus()  # its own keys (x, del, r, o) work at once; letters still reach the screen

    def edit_notes(self) -> bool:
        """Show and focus the notes editor; False while it is not mounted yet."""
        if self.panels is None:
            return False
        self.add_class("notes-shown")
        self.panels[2].focus()
        return True


def _panel_classes() -> tuple[type[CapturedLog], type[NotesEditor], type[ReviewPanel]]:
    """The lower row's panels, imported after the first frame (bench/first_frame.py), off the UI thread."""
    from meetingtui.tui.widgets.captured import CapturedLog  # mounted after the first frame (bench/first_frame.py)
    from meetingtui.tui.widgets.notes import NotesEditor  # mounted after the first frame (bench/first_frame.py)
    from meetingtui.tui.widgets.review import ReviewPanel  # mounted after the first frame (bench/first_frame.py)

    return CapturedLog, NotesEditor, ReviewPanel
