"""On start: an interrupted meeting was found — resume it (with or without the time away), discard it, or quit."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.domain.durations import format_clock, format_duration
from meetingtui.domain.replay import summarize
from meetingtui.domain.report import whole_seconds
from meetingtui.domain.terminal_text import visible
from meetingtui.store.journal import Interrupted
from meetingtui.tui.palette import TEAM_COLOURS
from meetingtui.tui.screens.confirm import RiskyConfirm
from meetingtui.tui.screens.screen_styles import load_screen_styles


def away_text(seconds: float) -> str:
    """``45s``, ``12m30s``, ``3h5m``, ``2 days``: exact while it is short, coarser as it grows."""
    if seconds < 3600:
        return format_duration(int(seconds))
    if seconds < 2 * 86400:
        return format_duration(int(seconds // 60) * 60)
    return f"{int(seconds // 86400)} days"


def ago(seconds: float) -> str:
    """``just now``, ``12m30s ago``, ``3h5m ago``, ``2 days ago``."""
    return "just now" if seconds < 1 else f"{away_text(seconds)} ago"


class ResumeChoice(StrEnum):
    """What the facilitator chose for an interrupted meeting (``None``: quit, the journal is kept)."""

    RESUME = "resume"
    """Continue; the time away counts to the running segment."""
    RESUME_NO_DOWNTIME = "resume-no-downtime"
    """Continue; the clock goes on from where it stopped."""
    DISCARD = "discard"


class ResumeScreen(ModalScreen[ResumeChoice | None]):
    """Returns a :class:`ResumeChoice`, or ``None`` to quit (the journal is kept)."""

    BINDINGS = [
        Binding(
            "enter,r",
            "choose('resume')",
            "Resume",
            id="resume",
            key_display="r",
            tooltip="Continue; the time away counts to the running segment",
        ),
        Binding(
            "w",
            "choose('resume-no-downtime')",
            "Resume without the gap",
            id="resume-no-downtime",
            tooltip="Continue; the clock goes on from where it stopped",
        ),
        Binding("d", "discard", "Discard", id="resume-discard", tooltip="Throw this meeting away (asks first)"),
        Binding(
            "escape,q",
            "choose(None)",
            "Quit",
            id="resume-quit",
            key_display="q",
            tooltip="Quit and keep the meeting for `meetingtui resume`",
        ),
    ]

    def __init__(self, found: Interrupted, now: dt.datetime) -> None:
        super().__init__()
        self.found = found
        self.now = now
        self.summary = summarize(found.agenda, found.agenda_name, found.minutes_id, found.events, now)

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        where, running = self._where()
        with Vertical(id="dialog", classes="resume"):
            yield Static(self._facts(where), id="resume-facts")
            yield Static(self._choices(running), id="resume-choices")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "An interrupted meeting was found"

    def _away(self) -> float | None:
        last = self.summary.last_change
        if last is None:
            return None
        try:
            return max(0.0, (self.now - last).total_seconds())
        except TypeError:  # a naive time in an old journal
            return None

    def _where(self) -> tuple[Text, bool]:
        """Where the meeting stood, and whether its clock was running."""
        summary = self.summary
        if not summary.readable:
            return Text("(its state could not be read back)", style="dim"), False
        at = summary.stopped_at
        if at is None:
            return Text("all segments were done"), False
        where = Text.assemble(
            "in ",
            (at.title, f"bold {TEAM_COLOURS[at.team]}"),
            f" (segment {at.number} of {at.of}, ",
            # Elapsed time as the Done column and the minutes show it: whole seconds, rounded down.
            f"{format_clock(whole_seconds(at.elapsed))} of {format_duration(at.planned)})",
        )
        if not summary.started:
            return Text("the clock had not been started yet"), False
        state = "the clock was running " if summary.running else "the clock was paused "
        return Text(state).append_text(where), summary.running

    def _facts(self, where: Text) -> Table:
        found = self.found
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="dim", justify="right", no_wrap=True)
        facts.add_column()
        facts.add_row("Meeting", Text(visible(found.agenda.title), style="bold"))
        by = f" · facilitator {found.facilitator}" if found.facilitator else ""
        facts.add_row("Minutes", Text(visible(found.minutes_id + by)))
        last = self.summary.last_change
        if last is not None:
            shown = f"{last:%H:%M}" if last.date() == self.now.date() else f"{last:%a %d %b %H:%M}"
            away = self._away()
            facts.add_row("Last change", shown + (f" ({ago(away)})" if away is not None else ""))
        facts.add_row("Stopped", where)
        count = self.summary.captured
        facts.add_row("Captured", f"{count} item{'s' if count != 1 else ''} (all back when you resume)")
        return facts

    def _choices(self, running: bool) -> Table:
        away = self._away()
        gap = f"{away_text(away)} away count" if away else "time away counts"
        choices = Table.grid(padding=(0, 2))
        choices.add_column(style="bold", justify="right", no_wrap=True)
        choices.add_column()
        if running:
            choices.add_row("r / enter", f"Resume — the {gap} to the running segment")
            choices.add_row("w", "Resume without the gap — the clock goes on where it stopped")
        else:
            choices.add_row("r / enter", "Resume — the clock was not running, so no time is lost either way")
            choices.add_row("w", "Resume (the same here)")
        choices.add_row("d", Text("Discard this meeting (asks first)", style="red"))
        choices.add_row("q / escape", "Quit — keep it for `meetingtui resume`")
        return choices

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(ResumeChoice(choice) if choice is not None else None)

    def action_discard(self) -> None:
        count = self.summary.captured

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(ResumeChoice.DISCARD)

        self.app.push_screen(
            RiskyConfirm(
                "Discard the meeting?",
                f"“{self.found.agenda.title}” ({self.found.minutes_id}) and its {count} captured "
                f"item{'s' if count != 1 else ''} and notes will be lost. This cannot be undone.",
                yes="y: discard",
                no="n / enter / escape: keep it",
            ),
            answered,
        )
