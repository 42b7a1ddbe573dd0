"""The meeting screen's clock: what changes with time is redrawn in step with the shown second."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.screen import Screen

from meetingtui.domain.schedule import Overrun, overrun_bell
from meetingtui.tui.guard import guarded
from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.now_panel import NowPanel
from meetingtui.tui.widgets.schedule import BalancePanel, SchedulePanel

if TYPE_CHECKING:
    from meetingtui.domain.meeting import Meeting
    from meetingtui.session import MeetingSession

HEARTBEAT_SECONDS = 15
"""While the clock runs, the journal gets a beat this often: a crash loses at most this much time."""


SLOW_PANEL_SECONDS = 5
"""How often (in seconds of the meeting's clock) Balance and Schedule catch up with the time spent."""


class TickingScreen(Screen):
    """A screen that shows a running meeting: one timer, re-aligned after each change, and the journal's beat."""

    session: MeetingSession

    def __init__(self) -> None:
        super().__init__()
        self._timer = None
        self._since_beat = 0
        self._panel_cache: tuple[NowPanel, SchedulePanel, BalancePanel, AgendaList] | None = None
        self._realign = True
        self._ticking_running = False
        self._slow_shown_at: float | None = None
        self._rung: frozenset[Overrun] = frozenset()
        """The overruns this screen has rung the bell for (the engine keeps no such state)."""

    @property
    def meeting(self) -> Meeting:
        return self.session.meeting

    def tick(self) -> None:
        """Update what changes with time, then sleep until the display would change again.

        The countdown moves every second. Balance and Schedule follow every
        :data:`SLOW_PANEL_SECONDS` (and at once on any change to the meeting, through its events):
        repainting them every second doubled the idle CPU (bench/idle_cpu.py: 2.3x against 1.4x).
        The agenda's running row says "now", so no number on screen ticks beside a slower one.
        """
        meeting = self.meeting
        now_panel, schedule, balance, agenda = self._panels
        now_panel.tick(meeting)
        now = meeting.now()
        if self._slow_shown_at is None or abs(now - self._slow_shown_at) >= SLOW_PANEL_SECONDS:
            self._slow_shown_at = now  # a jump (a resume, a suspended laptop) catches up at once
            schedule.show(meeting)
            balance.show(meeting)
            agenda.follow_time(meeting)  # its ⚠ marks, in step with Schedule's "won't fit"
        ring, self._rung = overrun_bell(meeting, self._rung)
        if ring and not self.session.options.quiet:
            self.app.bell()
        self._schedule_tick()

    @property
    def _panels(self) -> tuple[NowPanel, SchedulePanel, BalancePanel, AgendaList]:
        if self._panel_cache is None:  # queried once: a DOM query every second costs more than the update
            self._panel_cache = (
                self.query_one(NowPanel),
                self.query_one(SchedulePanel),
                self.query_one(BalancePanel),
                self.query_one(AgendaList),
            )
        return self._panel_cache

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
