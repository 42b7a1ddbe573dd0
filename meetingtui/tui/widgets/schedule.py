"""Schedule (wall clock, scheduled and projected end) and Balance (minutes per team)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from meetingtui.domain.agenda import Team
from meetingtui.domain.durations import format_minutes, format_signed_minutes
from meetingtui.domain.events import MeetingEvent
from meetingtui.domain.meeting import Meeting
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, bar
from meetingtui.tui.widgets.view import AGENDA_CHANGES, MeetingView


class SchedulePanel(MeetingView, Static):
    """Now, the scheduled end, the projected end and how far apart they are."""

    REDRAWS_ON = AGENDA_CHANGES

    def on_mount(self) -> None:
        self.border_title = "Schedule"
        self._last: tuple = ()
        self.show(self.meeting)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        self.show(meeting)

    def show(self, meeting: Meeting) -> None:
        """Repaint when the minute or the projection changes (the tick asks every few seconds)."""
        now = meeting.wall_now()
        over = round(meeting.projected_over() / 60)
        late = len(meeting.at_risk())
        key = (
            now.strftime("%H:%M"),
            meeting.scheduled_end().strftime("%H:%M"),
            meeting.projected_end().strftime("%H:%M"),
            over,
            late,
            meeting.started,
        )
        if key == self._last:
            return
        self._last = key
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim")
        grid.add_column()
        grid.add_row("Now", key[0])
        grid.add_row("Ends", key[1] if meeting.started else f"~{key[1]}")
        grid.add_row("Projected", key[2])
        if over > 0:
            diff = Text(f"{format_signed_minutes(over * 60)} over", style="bold red")
        elif over < 0:
            diff = Text(f"{format_signed_minutes(over * 60)} early", style="green")
        else:
            diff = Text("on time", style="green")
        grid.add_row("", diff)
        if late:
            grid.add_row("", Text(f"⚠ {late} won't fit", style="bold red"))
        self.update(grid)


class BalancePanel(MeetingView, Static):
    """Actual minutes (and share) per team against the plan."""

    REDRAWS_ON = AGENDA_CHANGES

    def on_mount(self) -> None:
        self.border_title = "Balance"
        self._last: tuple = ()

    def on_resize(self) -> None:
        self.show(self.meeting)  # the bars fill the new width (the first layout is a resize too)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        self.show(meeting)

    def show(self, meeting: Meeting) -> None:
        """Repaint when a team's whole minutes change, or the panel's width (the tick asks every few seconds)."""
        actual = meeting.team_actual()
        planned = meeting.team_planned()
        key = (tuple(round(actual[t]) // 15 for t in Team), tuple(planned.values()), self.size.width)
        if key == self._last:
            return
        self._last = key
        total = sum(actual.values()) or 1.0
        width = max(3, self.size.width - 23)
        text = Text()
        for team in Team:
            share = actual[team] / total
            text.append(f"{TEAM_LABELS[team]:<9} ", style=f"bold {TEAM_COLOURS[team]}")
            fraction = actual[team] / planned[team] if planned[team] else (1.0 if actual[team] else 0.0)
            text.append_text(bar(fraction, width, TEAM_COLOURS[team]))
            text.append(f" {format_minutes(actual[team]):>3}/{format_minutes(planned[team]):<3}")
            text.append(f" {share:>3.0%}\n", style="dim")
        text.rstrip()
        self.update(text)
