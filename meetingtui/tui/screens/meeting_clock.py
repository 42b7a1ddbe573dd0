"""The meeting screen's clock: one timer, in step with the shown second, tells the views that follow the clock.

It is the only time-driven redraw path (meetingtui/tui/widgets/view.py, path (b)): it changes no engine state
and redraws no view that does not declare :attr:`~meetingtui.tui.widgets.view.MeetingView.FOLLOWS_CLOCK`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from meetingtui.domain.schedule import Overrun, overrun_bell
from meetingtui.tui.guard import guarded
from meetingtui.tui.screens.first_paint import FirstPaintScreen
from meetingtui.tui.widgets.view import MeetingView

if TYPE_CHECKING:
    from meetingtui.domain.meeting import Meeting
    from meetingtui.session import MeetingSession

HEARTBEAT_SECONDS = 15
"""While the clock runs, the journal gets a beat this often: a crash loses at most this much time."""


class TickingScreen(FirstPaintScreen):
    """A screen that shows a running meeting: one timer, re-aligned after each change, and the journal's beat."""

    session: MeetingSession

    def __init__(self, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._timer = None
        self._since_beat = 0
        self._followers: tuple[MeetingView, ...] | None = None
        self._realign = True
        self._ticking_running = False
        self._rung: frozenset[Overrun] = frozenset()
        """The overruns this screen has rung the bell for (the engine keeps no such state)."""

    @property
    def meeting(self) -> Meeting:
        return self.session.meeting

    def tick(self) -> None:
        """The clock moved: redraw what follows it, ring the bell on a new overrun, sleep until the next second.

        The countdown moves every second; Balance and Schedule follow every
        :data:`~meetingtui.tui.widgets.schedule.SLOW_PANEL_SECONDS` (and at once on any change to the meeting,
        through its events): repainting them every second doubled the idle CPU (bench/idle_cpu.py: 2.3x against
        1.4x). The agenda's running row says "now", so no number on screen ticks beside a slower one.
        """
        if self._followers is None:
            self._followers = MeetingView.clock_followers(self)
        MeetingView.tell_time(self._followers, self.meeting)
        self._keep_time()

    def views_mounted(self) -> None:
        """Views were mounted after the screen's own: find the clock's followers again at the next beat."""
        self._followers = None

    def _keep_time(self) -> None:
        """After a beat or an event: ring the bell on a new overrun, and keep the timer in step."""
        ring, self._rung = overrun_bell(self.meeting.state, self.meeting.now(), self._rung)
        if ring and not self.session.options.quiet:
            self.app.bell()
        self._schedule_tick()

    def _schedule_tick(self) -> None:
        """Keep one 1 s interval timer in step with the shown second (re-aligned after each change).

        Paused, only the wall clock moves: one wake-up a minute.
        """
        meeting = self.meeting
        if meeting.running == self._ticking_running and self._timer is not None and not self._realign:
            return
        self._realign = False
        self._ticking_running = meeting.running
        if self._timer is not None:
            self._timer.stop()
        if meeting.running:
            remaining = meeting.remaining()
            fraction = remaining - math.floor(remaining)  # the shown second changes when this reaches 0
            delay = fraction if fraction > 0.001 else 1.0
        else:
            delay = 60.0 - meeting.wall_now().second
        self._timer = self.set_timer(delay + 0.002, self._start_interval, name="meeting-tick-align")

    def _start_interval(self) -> None:
        self._timer = self.set_interval(1.0 if self.meeting.running else 60.0, self._on_interval, name="meeting-tick")
        self._on_interval()

    def _on_interval(self) -> None:
        meeting = self.meeting
        if meeting.running:
            self._since_beat += 1
            if self._since_beat >= HEARTBEAT_SECONDS:
                self._since_beat = 0
                self._beat()
        self.tick()

    @guarded
    def _beat(self) -> None:
        """Journal a heartbeat; a journal that cannot take it is named on screen, and the clock goes on."""
        self.meeting.heartbeat()
