"""The summary before saving: planned vs actual, team balance, what was captured, and what to fix."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from meetingtui.domain.agenda import Team
from meetingtui.domain.durations import format_clock, format_duration, format_minutes, format_signed_minutes
from meetingtui.domain.events import CaptureKind
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.wording import plural
from meetingtui.session import MeetingSession, SaveResult
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, literal, team_text
from meetingtui.tui.widgets.captured import KIND_MARKS, describe
from meetingtui.tui.workers import WorkDone


class MinutesSaved(WorkDone[SaveResult]):
    """What the save did (files, commit, push), or why it failed."""


class SummaryScreen(Screen):
    """``enter`` saves and commits, ``escape`` goes back to the meeting, ``q`` quits."""

    BINDINGS = [
        Binding("enter", "save", "Save & commit", id="save", tooltip="Write the minutes and commit them"),
        Binding("f", "fix", "Fix action", id="fix", tooltip="Add the missing owner or due date of an action"),
        Binding("escape", "back", "Back to meeting", id="back", tooltip="Return to the meeting"),
        Binding("q", "quit_app", "Quit", id="quit", tooltip="Leave the app"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(id="summary-body")
            yield Static(id="summary-result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary").border_title = literal("Summary — " + self.session.meeting.agenda.title)
        self.show()

    def on_screen_resume(self) -> None:
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        saved = self.session.saved is not None
        if action in ("save", "back", "fix"):
            if saved or self.saving:
                return False
            if action == "fix":
                return bool(self.session.meeting.to_minutes().action_gaps()) or None
        return True

    def show(self) -> None:
        """Draw the summary from the minutes as they would be saved now."""
        minutes = self.session.meeting.to_minutes()
        self.query_one("#summary-body", Static).update(Group(*self._sections(minutes)))
        self.refresh_bindings()

    def _sections(self, minutes: Minutes) -> list:
        table = Table(
            title="Agenda", title_justify="left", expand=True, title_style="bold", box=box.SIMPLE_HEAD, padding=(0, 1)
        )
        table.add_column("Segment", ratio=1, no_wrap=True, overflow="ellipsis", min_width=12)
        for column, justify, width in (
            ("Team", "left", 9),
            ("Plan", "right", 5),
            ("Actual", "right", 7),
            ("+/-", "right", 5),
            ("Status", "left", 11),
        ):
            table.add_column(column, justify=justify, no_wrap=True, min_width=width)
        for segment in minutes.segments:
            diff = segment.actual_seconds - segment.planned_seconds
            run = segment.actual_seconds > 0
            table.add_row(
                Text(segment.title),
                team_text(segment.team),
                format_duration(segment.planned_seconds),
                format_clock(segment.actual_seconds) if run else "—",
                Text(format_signed_minutes(diff), style="red" if diff > 0 else "green") if run else "",
                segment.status.value,
            )
        sections: list = [table, self._balance(minutes)]
        captured = Text()
        for kind in KIND_MARKS:
            for item in kind.items_of(minutes):
                captured.append_text(describe(kind, item)).append("\n")
        sections.append(Text("\nCaptured", style="bold"))
        captured.rstrip()
        sections.append(captured if captured else Text("Nothing captured.", style="dim"))
        if minutes.action_updates:
            sections.append(Text(f"{plural(len(minutes.action_updates), 'earlier action')} updated in the review."))
        if minutes.parked:
            sections.append(Text("Parked for next time: " + ", ".join(p.title for p in minutes.parked)))
        if minutes.proposals_taken:
            sections.append(Text("Proposals taken up: " + ", ".join(p.segment for p in minutes.proposals_taken)))
        if minutes.proposals_declined:
            declined = (f"{p.title} ({p.reason})" if p.reason else p.title for p in minutes.proposals_declined)
            sections.append(Text("Proposals declined: " + ", ".join(declined)))
        problems = minutes.action_gaps()
        if problems:
            warning = Text("\nBefore saving — press f to fix:\n", style="bold yellow")
            for index, missing in problems:
                warning.append(f"  • “{minutes.actions[index].text}” has no {missing}\n")
            warning.rstrip()
            sections.append(warning)
        return sections

    @staticmethod
    def _balance(minutes: Minutes) -> Text:
        actual = minutes.team_actual_seconds()
        planned = minutes.team_planned_seconds()
        total = sum(actual.values()) or 1
        text = Text("\nTime per team  ", style="bold")
        for team in Team:
            text.append(f"{TEAM_LABELS[team]} ", style=f"bold {TEAM_COLOURS[team]}")
            text.append(
                f"{format_minutes(actual[team])} of {format_minutes(planned[team])} ({actual[team] / total:.0%})   "
            )
        return text

    def action_fix(self) -> None:
        from meetingtui.tui.forms import CAPTURE_FORMS, action_values, item_builder
        from meetingtui.tui.screens.form import FormDialog

        problems = self.session.meeting.to_minutes().action_gaps()
        if not problems:
            return
        index = problems[0][0]
        action = self.session.meeting.actions[index]

        def fixed(fields) -> None:
            if fields:
                self.session.meeting.edit_item(CaptureKind.ACTIONS, index, **fields)
                self.show()

        dialog = FormDialog(
            CAPTURE_FORMS[CaptureKind.ACTIONS],
            item_builder(CaptureKind.ACTIONS, self.session),
            names=self.session.names(),
            values=action_values(action),
            title="Fix action",
        )
        self.app.push_screen(dialog, fixed)

    def action_save(self) -> None:
        if self.saving or self.session.saved is not None:
            return
        self.saving = True
        self.query_one("#summary-result", Static).update(Text("\nSaving and committing…", style="bold"))
        self.refresh_bindings()
        self.save_in_background()

    @work(thread=True, exclusive=True, group="save", description="Save and commit the minutes", exit_on_error=False)
    def save_in_background(self) -> None:
        """Disk and git work, off the UI thread."""
        self.post_message(MinutesSaved.of(self.session.save))

    def on_minutes_saved(self, message: MinutesSaved) -> None:
        self.saving = False
        if message.value is not None:
            self._show_result(message.value)
        else:
            self.query_one("#summary-result", Static).update(
                Text(
                    f"\nSaving failed: {message.error}\nThe meeting is kept: press enter to try again, "
                    "or quit and run `meetingtui resume`.",
                    style="bold red",
                )
            )
        self.refresh_bindings()

    def _show_result(self, result: SaveResult) -> None:
        text = Text("\nSaved:\n", style="bold green")
        for path in result.files:
            text.append(f"  {self._relative(path)}\n")
        if result.commit:
            text.append(f"Committed {result.commit[:10]}", style="bold green")
            if result.push_message:
                text.append(f"\n{result.push_message}", style="green" if result.pushed else "bold yellow")
        elif result.git_error:
            text.append("Not committed — git said:\n", style="bold red")
            text.append(result.git_error + "\n")
            text.append(
                "The files are safe on disk; `meetingtui commit` commits them once that is fixed.", style="bold"
            )
        else:
            text.append("Not committed (--no-commit).", style="dim")
        text.append("\n\nPress q to quit.", style="bold")
        self.query_one("#summary-result", Static).update(text)
        self.query_one("#summary").scroll_end(animate=False)

    def _relative(self, path) -> str:
        try:
            return str(path.relative_to(self.session.repo.root))
        except ValueError:
            return str(path)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_quit_app(self) -> None:
        self.app.action_leave()
