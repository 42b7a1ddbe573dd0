"""Schedule (wall clock, scheduled and projected end) and Balance (time spent per team)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from meetingtui.domain.durations import format_duration
from meetingtui.domain.events import MeetingEvent
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.report import format_share, meeting_report
from meetingtui.domain.schedule_times import schedule_times
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, bar
from meetingtui.tui.widgets.view import AGENDA_CHANGES, MeetingView

SLOW_PANEL_SECONDS = 5
"""How often (in seconds of the meeting's clock) Balance and Schedule catch up with the time spent."""


class SchedulePanel(MeetingView, Static):
    """Now, the scheduled end, the projected end and how far apart they are."""

    REDRAWS_ON = AGENDA_CHANGES
    FOLLOWS_CLOCK = SLOW_PANEL_SECONDS

    def on_mount(self) -> None:
        self.border_title = "Schedule"
        self._last: tuple = ()
        self._rows = 0
        self.show(self.meeting)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        self.show(meeting)

    def show(self, meeting: Meeting) -> None:
        """Repaint when the minute or the projection changes (the tick asks every second)."""
        now = meeting.wall_now()
        times = schedule_times(meeting)  # one rounding: "late"/"early" is the difference of the times shown
        over = times.late_seconds
        late = len(meeting.at_risk())
        key = (
            now.strftime("%H:%M"),
            times.ends.strftime("%H:%M"),
            times.projected.strftime("%H:%M"),
            over,
            late,
            meeting.started,
        )
        if key == self._last:
            return
        self._last = key
        rows: list[tuple[str, Text]] = [
            ("Now", Text(key[0])),
            ("Ends", Text(key[1] if meeting.started else f"~{key[1]}")),
            ("Projected", Text(key[2])),
        ]
        if over > 0:
            rows.append(("", Text(f"{format_duration(over)} late", style="bold red")))
        elif over < 0:
            rows.append(("", Text(f"{format_duration(-over)} early", style="green")))
        else:
            rows.append(("", Text("on time", style="green")))
        if late:
            rows.append(("", Text(f"⚠ {late} won't fit", style="bold red")))
        self.update(_columns(rows), layout=self._rows != len(rows))  # a new layout only for a new height
        self._rows = len(rows)


def _columns(rows: list[tuple[str, Text]]) -> Text:
    """Labels (dim) and values in two columns, as ``Table.grid(padding=(0, 1))`` lays them out, cell for cell.

    Drawn as one Text: rich's table measured and laid out its cells again on every key that moves the projected
    end (~2 ms a key, ~0.5 ms as Text).
    """
    label_width = max(len(label) for label, _ in rows)
    value_width = max(value.cell_len for _, value in rows)
    lines = []
    for label, value in rows:
        line = Text().append(label.ljust(label_width) + " ", style="dim")
        line.append_text(value)
        lines.append(line.append(" " * (value_width - value.cell_len), style=value.style))  # as the cell is filled
    return Text("\n").join(lines)


class BalancePanel(MeetingView, Static):
    """Per team: the time spent against its plan (``actual/plan``) and its share of all the time spent.

    The figures are the report's (:func:`meeting_report`): what the summary and the minutes say.
    """

    REDRAWS_ON = AGENDA_CHANGES
    FOLLOWS_CLOCK = SLOW_PANEL_SECONDS

    def on_mount(self) -> None:
        self.border_title = "Balance"
        self.border_subtitle = "spent/plan · % of time"
        self._last: tuple = ()
        self._rows = 0

    def on_resize(self) -> None:
        self.show(self.meeting)  # the bars fill the new width (the first layout is a resize too): path (c)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        self.show(meeting)

    def show(self, meeting: Meeting) -> None:
        """Repaint when a shown figure or the panel's width changes (the tick asks every second)."""
        teams = meeting_report(meeting).teams
        figures = [
            (f"{format_duration(t.actual)}/{format_duration(t.planned)}", format_share(t.share_of_time)) for t in teams
        ]
        key = (tuple(figures), tuple(t.actual * 8 // max(1, t.planned) for t in teams), self.size.width)
        if key == self._last:
            return
        self._last = key
        spent_width = max(len(spent) for spent, _ in figures)
        width = max(3, self.size.width - 16 - spent_width)
        text = Text()
        for line, (spent, share) in zip(teams, figures, strict=True):
            text.append(f"{TEAM_LABELS[line.team]:<9} ", style=f"bold {TEAM_COLOURS[line.team]}")
            fraction = line.actual / line.planned if line.planned else (1.0 if line.actual else 0.0)
            text.append_text(bar(fraction, width, TEAM_COLOURS[line.team]))
            text.append(f" {spent:>{spent_width}}")
            text.append(f" {share:>4}\n", style="dim")
        text.rstrip()
        # A new layout only for a new height: relaying out the whole screen at each 5 s catch-up was about a
        # third of the idle CPU (bench/idle_cpu.py).
        self.update(text, layout=self._rows != len(teams))
        self._rows = len(teams)
