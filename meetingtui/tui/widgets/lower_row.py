"""Below Now: the review list (in review segments), the captured log and the notes editor."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.containers import Horizontal

from meetingtui.domain.agenda import SegmentKind
from meetingtui.domain.events import MeetingEvent, SegmentAdded
from meetingtui.domain.meeting import Meeting
from meetingtui.session import MeetingSession
from meetingtui.tui.contracts import app_state
from meetingtui.tui.widgets.view import SEGMENT_CHANGES, MeetingView

if TYPE_CHECKING:
    from meetingtui.tui.widgets.captured import CapturedLog
    from meetingtui.tui.widgets.notes import NotesEditor
    from meetingtui.tui.widgets.review import ReviewPanel


DRAWN_WITHIN = 0.25
"""Seconds a panel waits at most for the one before it to be drawn (a dialog opened meanwhile draws over it)."""


class LowerRow(MeetingView, Horizontal):
    """Empty until :meth:`populate` mounts its panels, just after the first frame: none of them is needed to
    read the segment and the countdown, and the notes editor is a TextArea, with its imports and CSS."""

    REDRAWS_ON = SEGMENT_CHANGES

    def __init__(self, session: MeetingSession, **kwargs) -> None:
        super().__init__(session.meeting, **kwargs)
        self.session = session
        self.panels: tuple[ReviewPanel, CapturedLog, NotesEditor] | None = None
        self._notes_asked = False
        """``e`` came before the notes editor was mounted: the facilitator waits for it, not for a pause."""

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

    async def populate(self, began: float) -> None:
        """Mount the three panels and fill them; the review list takes the focus only if nothing has it. Their
        waits for pauses in the typing end at most :data:`~meetingtui.tui.typing_pause.LONGEST` after ``began``.

        Nothing of it goes before a key (tui/typing_pause.py): the screen calls it in the first pause of the keys
        after the first frame, and each panel waits for the next. Their modules (with Textual's TextArea, ~20 ms
        of CPU) are imported then, on the UI thread: imported in a thread while the facilitator typed, they slowed
        every key (the thread and the UI thread took turns with the interpreter), and the history is read in one.
        """
        typing = app_state(self.app).typing
        CapturedLog, NotesEditor, ReviewPanel = _panel_classes()  # in the pause the screen waited for
        meeting = self.session.meeting
        panels = (
            ReviewPanel(self.session, id="review"),
            CapturedLog(meeting, id="captured"),
            NotesEditor(meeting, id="notes"),
        )
        review, _, _ = panels
        review.display = self.layout_classes(meeting) == "review"  # as show_segment leaves it: not drawn for nothing
        for panel in panels:
            # One at a time, each in a pause of the keys and drawn before the next: a key typed meanwhile is drawn
            # first, or waits for one panel's first drawing, not for all three and their styles at once.
            await typing.paused(began=began, unless=self.notes_wanted)
            await self.mount(panel)
            await self._drawn()
        await typing.paused(began=began, unless=self.notes_wanted)  # the review list then draws its rows
        self.panels = panels
        self.show_segment(take_focus=self.screen.focused is None)  # keys may have moved the focus meanwhile
        if self._notes_asked:
            self.edit_notes()

    async def _drawn(self) -> None:
        """Until the screen has drawn what is pending (its callbacks after a refresh); not while it is under another
        screen (a dialog), which does not draw it, and never longer than :data:`DRAWN_WITHIN` seconds."""
        if not self.screen.is_current:
            return
        drawn = asyncio.get_running_loop().create_future()
        self.call_after_refresh(lambda: drawn.done() or drawn.set_result(None))
        await asyncio.wait([drawn], timeout=DRAWN_WITHIN)

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

    def notes_wanted(self) -> bool:
        """True once ``e`` asked for the notes editor before it was there: what waits for a pause waits no more."""
        return self._notes_asked

    def edit_notes(self) -> None:
        """Show and focus the notes editor; asked before it is mounted, once it is (the panels wait no more)."""
        if self.panels is None:
            self._notes_asked = True
            return
        self.add_class("notes-shown")
        self.panels[2].focus()


def _panel_classes() -> tuple[type[CapturedLog], type[NotesEditor], type[ReviewPanel]]:
    """The lower row's panels, imported after the first frame (bench/first_frame.py), in a pause of the keys."""
    from meetingtui.tui.widgets.captured import CapturedLog  # mounted after the first frame (bench/first_frame.py)
    from meetingtui.tui.widgets.notes import NotesEditor  # mounted after the first frame (bench/first_frame.py)
    from meetingtui.tui.widgets.review import ReviewPanel  # mounted after the first frame (bench/first_frame.py)

    return CapturedLog, NotesEditor, ReviewPanel
