"""The facilitator screen: Now, Agenda, Schedule, Balance, Captured, Notes."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import ScreenResume

from meetingtui.domain.events import CaptureKind, Heartbeat, MeetingEvent
from meetingtui.domain.live import MINUTE
from meetingtui.domain.minutes import ActionStatus
from meetingtui.session import MeetingSession
from meetingtui.startup import screen_built
from meetingtui.tui.contracts import app_state
from meetingtui.tui.guard import guarded, guarded_callback
from meetingtui.tui.keys import FOOTER_RANKING, LETTER_ACTIONS, MEETING_BINDINGS
from meetingtui.tui.layout import EXTRA_WIDE, TALL, WIDE, breakpoint_classes
from meetingtui.tui.palette import literal
from meetingtui.tui.screens.meeting_clock import TickingScreen
from meetingtui.tui.start_offers import StartOffers
from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.footer import FittedFooter
from meetingtui.tui.widgets.lower_row import LowerRow
from meetingtui.tui.widgets.now_panel import NowPanel
from meetingtui.tui.widgets.schedule import BalancePanel, SchedulePanel
from meetingtui.tui.widgets.share_bar import ShareBar
from meetingtui.tui.widgets.view import MeetingChanged, MeetingView

if TYPE_CHECKING:
    from meetingtui.domain.entries import NewSegment
    from meetingtui.tui.history_sync import HistoryRead, HistoryUpdate
    from meetingtui.tui.widgets.captured import DeleteCaptured, EditCaptured  # mounted after the first frame
    from meetingtui.tui.widgets.notes import NotesEditor
    from meetingtui.tui.widgets.review import ReassignRequested, ReviewMarked


def _flows():
    """The capture dialogs' flows (:mod:`meetingtui.tui.capture_flows`), for the keys and messages that open one."""
    from meetingtui.tui import capture_flows  # on the first such key: the first frame shows no dialog (~24M instr.)

    return capture_flows


class MeetingScreen(TickingScreen):
    """The live meeting. It only shows state and sends commands to the engine."""

    BINDINGS = MEETING_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide"), (EXTRA_WIDE, "-extra-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
    """The terminal's size reaches the views as these classes (meetingtui.tcss), never as calls."""
    AUTO_FOCUS = ""  # nothing: single-letter keys work from the start; tab reaches the agenda and the notes

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(classes=breakpoint_classes(self, self.app.size))
        self.session = session
        self.offers = StartOffers(self, session)
        self._unsubscribe: Callable[[], None] | None = None
        self._lower_started = False
        self._resumed = False
        self._open_shown: object = None
        """The open actions the review list was last told of (an early answer's, until the checked one differs)."""
        self.complete = asyncio.Event()
        """Set just after the first frame, once the panels below Now are filled and the history is being read."""

    def compose(self) -> ComposeResult:
        # Kept at hand: the footer asks check_action about the keys while the screen is still mounting them.
        self.lower = LowerRow(self.session, id="lower", classes=LowerRow.layout_classes(self.meeting))
        self.agenda = AgendaList(self.meeting, id="agenda")
        # Two columns straight on the screen (its layout is horizontal; the bars below are docked): every container
        # is drawn whole at the first frame, though its children cover it, and a row around these two cost ~20M
        # instructions of that frame (bench/frame_instructions.py).
        with Vertical(id="left"):
            yield NowPanel(self.meeting, id="now", classes=NowPanel.classes_for(self.meeting))
            yield self.lower
        with Vertical(id="right"):
            yield self.agenda
            yield SchedulePanel(self.meeting, id="schedule")
            yield BalancePanel(self.meeting, id="balance")
        yield ShareBar()  # hidden until the meeting is shared
        yield FittedFooter(FOOTER_RANKING)

    def on_mount(self) -> None:
        self.sub_title = ("Rehearsal: " if self.meeting.agenda.rehearsal else "") + self.meeting.agenda.title
        history = app_state(self.app).history_sync
        history.changed.subscribe(self, self._history_changed)
        history.read.subscribe(self, self._history_read)
        self._show_history_state()
        self._unsubscribe = self.session.subscribe(self._heard)
        self._keep_time()  # every view drew itself on mount (Balance at its first size): start the clock only

    def _heard(self, event: MeetingEvent) -> None:
        """Every event the engine journaled and applied (on the UI thread: workers never drive the engine)."""
        self.post_message(MeetingChanged(event, self.meeting))

    def on_meeting_changed(self, message: MeetingChanged) -> None:
        """To every view below, in one go (one consistent frame), then the keys and the timer.

        The views redraw from the event alone: the tick is not run again here (it would redraw the countdown a
        second time), only re-aligned.
        """
        MeetingView.tell_all(self, message)
        if isinstance(message.event, Heartbeat):
            return  # only the journal needs it: no repaint, no footer rebuild every 15 s
        self._realign = True  # a change (start, next, ±1 …) moves the second boundary
        self._keep_time()
        self.refresh_bindings()

    def _on_screen_resume(self, event: ScreenResume) -> None:
        # Textual calls this handler instead of ``on_screen_resume`` (one per class), then Screen's own.
        if not self._resumed:
            # Screen's handler restyles the whole tree on every resume; the first one comes just after every node
            # was styled as it mounted: one pass over ~30 widgets before the first frame, for nothing.
            self._resumed = True
            event.refresh_styles = False
        self.offers.resumed()  # a start-up offer that waited for another screen to close
        if self._lower_started:
            self.tick()  # time went on under the other screen: what follows the clock catches up
            self.refresh_bindings()
        elif self.app.painted:  # opened after the picker; at start-up the app calls start_after_first_frame
            self.start_after_first_frame()

    def start_after_first_frame(self) -> None:
        """Once the screen is on the terminal: mount the lower panels, read the history (the room is waiting)."""
        if not self._lower_started:
            self._lower_started = True
            self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # The history before the panels below (the service reads in a thread): its early answer then comes while they
        # mount; the review list draws it when it is mounted, or when told of it (MeetingView.tell_history_read).
        # A first frame is often answered with a key at once: it goes first, the read's thread waits for the first
        # pause (it takes turns with the UI thread for the interpreter: a key then took several times as long).
        paused = threading.Event()
        if self.session.earlier is None:  # for the review list and parked topics
            app_state(self.app).history_sync.read_history(self.session, not_before=paused)
        # A task of its own: awaited here, in the screen's after-refresh callback, it held every message the screen
        # was sent meanwhile, the keys typed at the first frame among them, until the panels were imported and mounted.
        self.run_worker(self._mount_lower_row(time.monotonic(), paused), group="lower-row", description="lower panels")

    async def _mount_lower_row(self, shown: float, paused: threading.Event) -> None:
        try:
            await app_state(self.app).typing.paused(since=shown, began=shown, unless=self.lower.notes_wanted)
        finally:
            paused.set()  # also when the screen or the app goes first: the read's thread must not wait for nothing
        await self.lower.populate(shown)
        self.views_mounted()
        screen_built()  # out of every later collection (meetingtui/startup.py)
        self.complete.set()

    def _history_changed(self, _update: HistoryUpdate) -> None:
        """Show the history's state by the schedule (the service reads the history again when minutes came in)."""
        self._show_history_state()

    def _show_history_state(self) -> None:
        state = app_state(self.app).history_sync.state
        schedule = self.query_one(SchedulePanel)
        width = min(60, max(36, self.app.size.width * 2 // 5))  # the right column (meetingtui.tcss: #right)
        shown = state.fitting(width) if state else ""
        schedule.border_subtitle = literal(shown) if shown else None
        tip = "\n".join(part for part in (state.line, state.detail) if part) if state else ""
        schedule.tooltip = literal(tip) if tip else None

    def _history_read(self, message: HistoryRead) -> None:
        if not message.ok or message.value is None:
            self.notify(f"Could not read earlier minutes: {message.error}", severity="error", timeout=10, markup=False)
            return
        shown, self._open_shown = self._open_shown, message.value.open
        if message.value.open is not shown:  # the early answer, once checked, is the same object: nothing to redraw
            MeetingView.tell_history_read(self)  # the review list shows their open actions
        if message.early:
            return  # not checked against the files yet: offers and warnings wait for the read's end
        self.offer_parked()
        for warning in message.value.warnings[:3]:
            self.notify(warning, severity="warning", timeout=8, markup=False)

    def offer_parked(self) -> None:
        """Before the clock first starts, offer the recent parked topics, then the proposals (one at a time)."""
        self.offers.offer()

    def on_resize(self) -> None:
        self._show_history_state()  # the views follow the size by themselves (HORIZONTAL_BREAKPOINTS, CSS)

    def on_unmount(self) -> None:
        history = app_state(self.app).history_sync
        history.changed.unsubscribe(self)
        history.read.unsubscribe(self)
        if self._timer is not None:
            self._timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()

    # -- which keys apply now -------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in LETTER_ACTIONS:
            return True
        notes = self.lower.notes
        if notes is not None and self.focused is notes:
            return False  # single-letter keys act only when the notes editor does not have focus
        meeting = self.meeting
        if action == "previous_segment":
            return meeting.index > 0 or None
        if action in ("skip", "park", "extend", "shorten"):
            return meeting.current is not None or None
        if action in ("move_up", "move_down"):
            return self._movable() is not None or None
        return True

    def _movable(self) -> int | None:
        table = self.agenda
        if not table.has_focus:
            return None
        row = table.cursor_row
        return row if row > self.meeting.index and row < len(self.meeting.segments) else None

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def on_agenda_list_cursor_moved(self) -> None:
        self.refresh_bindings()  # [ and ] apply to a pending row only

    # -- commands ----------------------------------------------------------------

    @guarded
    def action_toggle_clock(self) -> None:
        if self.meeting.current is None:  # every segment is done, skipped or parked: no clock to start
            self.notify("The agenda is over: q ends the meeting, s adds a segment.", timeout=6, markup=False)
            return
        self.meeting.toggle()

    @guarded
    def action_next_segment(self) -> None:
        if self.meeting.current is None or self.meeting.is_last:
            self.action_end_meeting()
            return
        self.meeting.next()

    @guarded
    def action_previous_segment(self) -> None:
        self.meeting.previous()

    @guarded
    def action_extend(self) -> None:
        self.meeting.adjust(+MINUTE)

    @guarded
    def action_shorten(self) -> None:
        if not self.meeting.adjust(-MINUTE):  # the agenda editor's rule: never down to nothing
            self.app.bell()
            self.notify("That is as short as it gets — skip the segment with k instead.", severity="warning")

    @guarded
    def action_skip(self) -> None:
        self.meeting.skip()

    @guarded
    def action_park(self) -> None:
        _flows().park(self, self.session)  # asks why (optional), then parks

    @guarded
    def action_capture(self, name: str) -> None:
        _flows().capture(self, self.session, CaptureKind(name))  # the binding's argument (keys.py)

    @guarded
    def on_edit_captured(self, message: EditCaptured) -> None:
        _flows().edit(self, self.session, message.kind, message.index)

    @guarded
    def on_delete_captured(self, message: DeleteCaptured) -> None:
        _flows().delete(self, self.session, message.kind, message.index)

    @guarded
    def action_undo_delete(self) -> None:
        """Bring back the last captured item deleted (journaled, as the delete was)."""
        restored = self.meeting.undo_delete()
        if restored is None:
            self.notify("Nothing deleted to undo.", timeout=3, markup=False)
            return
        kind, item = restored
        self.notify(f"Restored the {kind.label} “{item.text}”.", timeout=4, markup=False)

    @guarded
    def action_fix_captured(self) -> None:
        """Edit or delete a captured item: focus the Captured list, or pick from a list where it is hidden."""
        captured = self.lower.captured
        if captured is not None and captured.display and captured.size.height > 2:
            captured.focus()
        else:
            _flows().pick(self, self.session)

    @guarded
    def on_review_marked(self, message: ReviewMarked) -> None:
        if message.status is ActionStatus.OPEN:
            self.meeting.clear_action_update(message.action_id)
        else:
            self.meeting.update_action(message.action_id, message.status, text=message.text, owned_by=message.owner)

    @guarded
    def on_reassign_requested(self, message: ReassignRequested) -> None:
        _flows().reassign(self, self.session, message.action_id, message.text, message.owner)

    @guarded
    def action_edit_notes(self) -> None:
        if self.meeting.current is None:
            return
        # Typed before the notes editor is mounted: the lower row shows it once it is. (Asking again after every
        # refresh posted a message to this screen each time, and a pump whose queue never empties never lets the
        # event loop run anything else: the panels were never mounted, nothing was drawn.)
        self.lower.edit_notes()

    @guarded
    def on_notes_editor_edited(self, event: NotesEditor.Edited) -> None:
        if event.segment < len(self.meeting.segments):
            self.meeting.set_notes(event.segment, event.text)

    @guarded
    def action_add_segment(self) -> None:
        from meetingtui.tui.forms import SEGMENT_FORM, segment_builder  # on use: not before the first frame
        from meetingtui.tui.screens.form import FormDialog  # on use: not before the first frame

        def added(segment: NewSegment | None) -> None:
            if segment is not None:
                index = self.meeting.add_segment(segment.title, segment.team, segment.seconds)
                self.agenda.call_after_refresh(self.agenda.move_cursor, row=index)

        self.app.push_screen(FormDialog(SEGMENT_FORM, segment_builder()), guarded_callback(self, added))

    @guarded
    def action_move_up(self) -> None:
        self._move(-1)

    @guarded
    def action_move_down(self) -> None:
        self._move(+1)

    def _move(self, delta: int) -> None:
        row = self._movable()
        if row is not None and self.meeting.move(row, delta):
            agenda = self.agenda
            agenda.call_after_refresh(agenda.move_cursor, row=row + delta)

    @guarded
    def action_attendance(self) -> None:
        from meetingtui.tui.screens.attendance import AttendanceScreen  # on use: not before the first frame

        def done(attendees) -> None:
            if attendees is not None:
                self.meeting.set_attendees(attendees)

        attendance = AttendanceScreen(self.session.repo, self.meeting, self.session.add_person)
        self.app.push_screen(attendance, guarded_callback(self, done))

    @guarded
    def action_end_meeting(self) -> None:
        from meetingtui.tui.screens.summary import SummaryScreen  # on use: not before the first frame

        notes = self.lower.notes
        if notes is not None:
            notes.flush()
        # The summary shows the times that will be saved: the clock stops here, and escape comes back paused.
        self.meeting.pause()
        self.app.push_screen(SummaryScreen(self.session))

    @guarded
    def action_help(self) -> None:
        from meetingtui.tui.screens.help import HelpScreen, meeting_help  # on use: not before the first frame

        self.app.push_screen(HelpScreen(meeting_help(self.app)))
