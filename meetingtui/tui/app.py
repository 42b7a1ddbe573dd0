"""The App: screens, theme, signals and how the program ends. Built only through :func:`make_app`.

It owns the history-sync service and the share controller and hands them their workers' messages; screens follow
both through their ``Signal``s. The App calls a screen only through the Protocols of :mod:`.contracts`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.clock import Clock, WallClock, local_now, meeting_clock
from meetingtui.domain.durations import format_clock
from meetingtui.domain.lean import mutable
from meetingtui.domain.terminal_text import visible
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.startup import first_frame_shown
from meetingtui.store.git.run import allow_git
from meetingtui.store.journal import Interrupted, discard_interrupted, find_interrupted
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.window_lock import MeetingOpenElsewhere, open_elsewhere
from meetingtui.tui.commands import ScreenActions, ShareCommands
from meetingtui.tui.contracts import LeavesWhileSaving, StartsAfterFirstFrame
from meetingtui.tui.git_guard import GitGuard
from meetingtui.tui.guard import log_error
from meetingtui.tui.history_sync import HistoryGlimpsed, HistoryRead, HistorySynced, HistorySyncing, HistorySyncService
from meetingtui.tui.palette import team_css_variables
from meetingtui.tui.preparation import Preparation
from meetingtui.tui.sharing import FollowersChanged, ShareController, SharingStarted
from meetingtui.tui.timer_floor import install as floor_timers
from meetingtui.tui.toasts import ToastGate
from meetingtui.tui.typing_pause import TypingPause
from meetingtui.tui.workers import StatsComputed

if TYPE_CHECKING:
    from meetingtui.domain.stats import Stats

NOT_SAVED = 1
"""Exit status when the app ends without saved minutes (the meeting stays resumable)."""


@mutable
class Start:
    """What the app opens with."""

    agenda_name: str | None = None
    agenda: Agenda | None = None
    session: MeetingSession | None = None
    facilitator: str | None = None
    share: tuple[str | None, int | None] | None = None
    """``(host, port)`` when the meeting is shared with followers from the start (``run --share``)."""
    attendance: bool = False
    """Mark attendance before a given agenda's meeting, as the picker path does (``run``, not ``--no-attendance``)."""


class MeetingApp(App[int]):
    """meetingtui's application: picker → attendance → meeting → summary."""

    CSS_PATH = "meetingtui.tcss"
    TITLE = "meetingtui"
    COMMANDS = App.COMMANDS | {ScreenActions, ShareCommands}
    BINDINGS = [
        Binding(
            "ctrl+q",
            "leave",
            "Quit",
            id="quit-app",
            tooltip="Quit (the meeting stays resumable)",
            show=False,
            priority=True,
        ),
        Binding("ctrl+c", "leave", "Quit", id="quit-app-c", show=False, priority=True),
        Binding(
            "S", "stats", "Stats", id="stats", tooltip="Are we aligned? Cadence, time per team, actions", show=False
        ),
    ]

    def __init__(
        self,
        repo: MinutesRepo,
        start: Start,
        options: SessionOptions,
        *,
        clock: Clock = meeting_clock,
        wall: WallClock = local_now,
    ) -> None:
        floor_timers()  # before Textual makes any: a negative interval would spin for ever
        super().__init__()
        self.repo = repo
        self.start = start
        self.options = options
        self.clock = clock
        self.wall = wall
        self.session: MeetingSession | None = start.session
        self.painted = False
        """True once the first frame is on the terminal."""
        self.typing = TypingPause()  # when the last key came: work the screens can put off waits for a pause
        self.refused: str | None = None
        """Why the app ended without opening a meeting (it is open in another window)."""
        self.preparation = Preparation()
        """Proposal choices made while preparing a meeting (picker, adjust), applied when it starts."""
        self.git_guard = GitGuard()
        """Stops git (fetch, commit, push and their hooks) when the app ends."""
        self.history_sync = HistorySyncService(self, repo, wall, self.git_guard)
        """The sync before the meeting and the history's state (its ``changed`` signal tells the screens)."""
        self.share_controller = ShareController(self, ready=self._meeting_screens_complete)
        """The follower page, once shared (``run --share`` or the palette)."""
        self.farewell: str | None = None
        """What the command line prints after the app ends (what a save did, when the app quit during it)."""
        self.toasts = ToastGate(self, lambda message, title, options: App.notify(self, message, title=title, **options))
        """Toasts, held while a dialog is open (then shown by Textual's own ``notify``)."""

    def notify(self, message: str, *, title: str = "", **options) -> None:
        """A toast, its text made visible (it may quote teammates' files); held while a dialog is open (toasts.py)."""
        self.toasts.notify(visible(message, keep_newlines=True), visible(title), options)

    def get_css_variables(self) -> dict[str, str]:
        return {**super().get_css_variables(), **team_css_variables()}

    async def on_event(self, event: events.Event) -> None:
        self.typing.saw(event)
        await super().on_event(event)

    def on_ready(self) -> None:
        # Textual sends Ready after its start-up batch, when the first frame is painted; before that a
        # screen's call_after_refresh would run ahead of the frame.
        self.painted = True
        if isinstance(self.screen, StartsAfterFirstFrame):
            self.screen.start_after_first_frame()
        # After the frame is on the terminal too: starting git in a thread held the frame back by a few percent.
        self.call_after_refresh(self.history_sync.start)
        self.call_after_refresh(first_frame_shown)  # the collector, paused until then (meetingtui/startup.py)

    def on_mount(self) -> None:
        allow_git()
        self._install_signal_handlers()
        if self.session is not None:
            self.open_meeting(self.session)
        else:
            self._offer_resume_or_start()

    # -- flow ---------------------------------------------------------------

    def _start_fresh(self) -> None:
        if self.start.agenda is not None and self.start.agenda_name is not None:
            self.begin(self.start.agenda_name, self.start.agenda, ask_attendance=self.start.attendance)
        else:
            self._pick()

    def _offer_resume_or_start(self) -> None:
        """An interrupted meeting comes first: continue it, or set it aside and start the new one.

        A meeting open in another window is neither offered nor set aside: the app says where it is and ends.
        """
        owner = open_elsewhere(self.repo.state_dir, self.repo.root)
        if owner is not None:
            self._refuse(MeetingOpenElsewhere(self.repo.root, owner))
            return
        found = find_interrupted(self.repo.state_dir)
        if found is None or not found.events:
            self._start_fresh()
            return
        from meetingtui.tui.screens.resume import ResumeChoice, ResumeScreen  # the screen this start takes

        def answered(choice: ResumeChoice | None) -> None:
            if choice in (ResumeChoice.RESUME, ResumeChoice.RESUME_NO_DOWNTIME):
                self.resume(found, count_downtime=choice is ResumeChoice.RESUME)
            elif choice is ResumeChoice.DISCARD:
                try:
                    discard_interrupted(found, self.repo.root)
                except MeetingOpenElsewhere as exc:  # another window resumed it meanwhile
                    self._refuse(exc)
                    return
                self._start_fresh()
            else:
                self.exit(NOT_SAVED)

        self.push_screen(ResumeScreen(found, self.wall()), answered)

    def _pick(self) -> None:
        from meetingtui.tui.screens.picker import PickerScreen  # the screen this start takes

        def picked(choice: tuple[str, Agenda] | None) -> None:
            if choice is None:
                self.exit(NOT_SAVED)
            else:
                self.begin(*choice, ask_attendance=True)

        self.push_screen(PickerScreen(self.repo), picked)

    def begin(self, agenda_name: str, agenda: Agenda, *, ask_attendance: bool = False) -> None:
        """Create the meeting (and its journal) and show it; attendance first when asked."""
        try:
            session = MeetingSession.new(
                self.repo,
                agenda_name,
                agenda,
                facilitator=self.start.facilitator,
                options=self.options,
                clock=self.clock,
                wall=self.wall,
            )
        except MeetingOpenElsewhere as exc:
            self._refuse(exc)
            return
        self.session = session
        if not ask_attendance:
            self.open_meeting(session)
            return
        from meetingtui.tui.screens.attendance import AttendanceScreen  # the screen this start takes

        def marked(attendees) -> None:
            if attendees is not None:
                session.meeting.set_attendees(attendees)
            self.open_meeting(session)

        self.push_screen(AttendanceScreen(self.repo, session.meeting, session.add_person), marked)

    def resume(self, found: Interrupted, *, count_downtime: bool) -> None:
        """Continue an interrupted meeting."""
        try:
            session = MeetingSession.resume(
                self.repo, found, count_downtime=count_downtime, options=self.options, clock=self.clock, wall=self.wall
            )
        except MeetingOpenElsewhere as exc:
            self._refuse(exc)
            return
        self.session = session
        self.open_meeting(session)
        if session.downtime:
            counted = "counted to the running segment" if count_downtime else "not counted"
            self.notify(f"Resumed after {format_clock(session.downtime)} away ({counted}).", timeout=8, markup=False)

    def _refuse(self, error: MeetingOpenElsewhere) -> None:
        """The meeting is open in another window: take nothing over, say so (after the screen is gone too)."""
        self.refused = str(error)
        self.exit(NOT_SAVED, message=f"meetingtui: {error}")

    def open_meeting(self, session: MeetingSession) -> None:
        """Show the meeting screen (offering parked topics of the last meeting first)."""
        from meetingtui.tui.screens.meeting import MeetingScreen  # the screen this start takes

        self.push_screen(MeetingScreen(session))
        if self.start.share is not None and self.share_controller.sharing is None:
            self.share_controller.share(session, *self.start.share)

    async def _meeting_screens_complete(self) -> None:
        """Until every meeting screen open has its panels: a dialog opened over one sooner would race them."""
        from meetingtui.tui.screens.meeting import MeetingScreen  # not before the first frame

        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen):
                await screen.complete.wait()

    # -- the collaborators' workers report to the App: their messages go on to them --

    def on_history_syncing(self, message: HistorySyncing) -> None:
        self.history_sync.syncing(message)

    def on_history_synced(self, message: HistorySynced) -> None:
        self.history_sync.synced(message)

    def on_history_read(self, message: HistoryRead) -> None:
        self.history_sync.history_read(message)

    def on_history_glimpsed(self, message: HistoryGlimpsed) -> None:
        self.history_sync.glimpsed(message)

    def on_sharing_started(self, message: SharingStarted) -> None:
        self.share_controller.started(message)

    def on_followers_changed(self, message: FollowersChanged) -> None:
        self.share_controller.followers_changed(message)

    def action_stats(self) -> None:
        """Show the repository's stats (read in a thread: the history can be large)."""
        self._load_stats()

    @work(thread=True, exclusive=True, group="stats", description="Read the minutes for stats", exit_on_error=False)
    def _load_stats(self) -> None:
        self.post_message(StatsComputed.of(self._compute_stats))

    def _compute_stats(self) -> Stats:
        from meetingtui.store.figures import repo_stats  # in the stats worker, on demand
        from meetingtui.store.history_query import FIGURES  # in the stats worker, on demand
        from meetingtui.store.history_store import load_history  # in the stats worker, on demand

        # Always read for the figures: a meeting keeps only the parts its review needs (open actions, parked
        # topics, proposal outcomes), never every meeting and action.
        history = load_history(self.repo, parts=FIGURES)
        return repo_stats(self.repo, history, self.wall().date())[0]  # the figures of `stats` and `report`

    def on_stats_computed(self, message: StatsComputed) -> None:
        if message.ok:
            from meetingtui.tui.screens.stats import StatsScreen  # on demand

            self.push_screen(StatsScreen(message.value))
        else:
            self.notify(f"Could not read the minutes: {message.error}", severity="error", markup=False)

    # -- ending ---------------------------------------------------------------

    async def action_quit(self) -> None:
        """Textual's own Quit (the palette's "Quit") asks like ``ctrl+q``: no way round the question."""
        self.action_leave()

    def action_leave(self) -> None:
        """Quit: after a save, with its status; before, after asking (the meeting stays resumable)."""
        session = self.session
        if session is None:
            self.exit(NOT_SAVED)
            return
        for screen in self.screen_stack:
            if isinstance(screen, LeavesWhileSaving) and screen.leave_while_saving():
                return  # the summary quits once the local commit is done (a second or so)
        if session.saved is not None:
            from meetingtui.tui.screens.save_report import farewell  # only when leaving

            self.farewell = farewell(session.saved, self.repo.root, self.repo.settings.remote)
            self.exit(0 if session.saved.ok else NOT_SAVED)
            return
        from meetingtui.tui.screens.confirm import RiskyConfirm  # only when leaving

        def answered(leave: bool | None) -> None:
            if leave:
                self._flush_and_close()
                self.exit(NOT_SAVED)

        self.push_screen(
            RiskyConfirm(
                "Quit without saving?",
                "The minutes are not saved yet.\nEverything so far is kept: `meetingtui resume` continues the meeting.",
                yes="y: quit",
                no="n / enter / escape: stay",
            ),
            answered,
        )

    def on_unmount(self) -> None:
        # Leaving must not wait for git: a fetch, commit or push still running is stopped (it stays pending).
        self.git_guard.close()
        self.share_controller.close()

    def _flush_and_close(self) -> None:
        from meetingtui.tui.widgets.notes import NotesEditor  # only when leaving

        if self.session is None:
            return
        try:
            for screen in self.screen_stack:  # App.query() would search only the default screen
                for editor in screen.query(NotesEditor):
                    if editor.segment < len(self.session.meeting.segments):
                        self.session.meeting.set_notes(editor.segment, editor.text)
        except OSError as exc:  # a journal that cannot be written: it keeps what it had, and we still close
            log_error(exc)
        self.session.close()

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) flush the notes and leave the meeting resumable."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_signal)

    def _on_signal(self) -> None:
        self._flush_and_close()
        saved = self.session.saved if self.session is not None else None
        status = 0 if saved is not None and saved.ok else NOT_SAVED  # a pending push does not unsave the minutes
        # With the terminal gone, Textual's shutdown can block writing to it; the journal is safe already.
        fallback = threading.Timer(2.0, os._exit, (status,))
        fallback.daemon = True
        fallback.start()
        self.exit(status)


def make_app(
    repo: MinutesRepo,
    *,
    agenda_name: str | None = None,
    agenda: Agenda | None = None,
    session: MeetingSession | None = None,
    facilitator: str | None = None,
    options: SessionOptions | None = None,
    clock: Clock = meeting_clock,
    wall: WallClock = local_now,
    share: tuple[str | None, int | None] | None = None,
    attendance: bool = False,
) -> MeetingApp:
    """The one way the CLI and the tests build the app."""
    start = Start(agenda_name, agenda, session, facilitator, share, attendance)  # in Start's order
    return MeetingApp(repo, start, options or SessionOptions(), clock=clock, wall=wall)
