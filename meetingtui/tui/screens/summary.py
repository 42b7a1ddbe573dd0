"""The summary before saving: planned vs actual, team balance, what was captured, and what to fix."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

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

from meetingtui.domain.durations import format_duration
from meetingtui.domain.gaps import gaps
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.report import MeetingReport, format_over, format_share, minutes_report
from meetingtui.domain.terminal_text import visible
from meetingtui.domain.wording import plural
from meetingtui.session import MeetingSession, SaveResult
from meetingtui.tui.contracts import app_state
from meetingtui.tui.git_guard import GitGuard
from meetingtui.tui.guard import guarded
from meetingtui.tui.palette import literal, team_text
from meetingtui.tui.screens.save_report import SavePhase, save_report, update_line
from meetingtui.tui.screens.screen_styles import load_screen_styles
from meetingtui.tui.widgets.captured import describe
from meetingtui.tui.workers import WorkDone

COMMIT_GRACE_SECONDS = 0.5
"""On quitting during the commit: how long it may still take (most take a fraction of this) before it is stopped."""


def _over_style(over: int | None) -> str:
    return "" if not over else ("red" if over > 0 else "green")


@dataclass(frozen=True)
class Committed:
    """What the save's first worker did: the result, and whether the repository has a remote to push to."""

    result: SaveResult
    has_remote: bool


class MinutesSaved(WorkDone[Committed]):
    """What the save did (files, local commit), or why it failed."""


class MinutesPushed(WorkDone[SaveResult]):
    """The save after its push (pushed, or pending with git's reason)."""


class SummaryScreen(Screen):
    """``enter`` saves and commits, ``escape`` goes back to the meeting, ``q`` quits."""

    BINDINGS = [
        Binding("enter", "save", "Save & commit", id="save", tooltip="Write the minutes and commit them"),
        Binding("enter", "discard", "Discard", id="discard", tooltip="End the rehearsal: nothing is saved"),
        Binding("s", "keep_copy", "Keep a copy", id="keep-copy", tooltip="Keep the rehearsal outside the history"),
        Binding("f", "fix", "Fix", id="fix", tooltip="Add what an action or a concern lacks: owner, due date, team"),
        Binding("escape", "back", "Back to meeting", id="back", tooltip="Return to the meeting"),
        Binding("q", "quit_app", "Quit", id="quit", tooltip="Leave the app"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session
        self.phase = SavePhase.IDLE
        """What the save is doing (:attr:`saving` says whether it is doing anything)."""
        self.leave_when_committed = False
        self.has_remote = True
        """False when the repository has no remote to push to (found after a commit without a push)."""
        self.keep_copy = False
        """A rehearsal's ending: keep a copy outside the history (``s``) rather than discard it (``enter``)."""
        self.asked_at = session.meeting.wall_now()
        """When ``q`` opened this summary: the minutes' ``ended_at``, however long the summary is read."""

    @property
    def saving(self) -> bool:
        """A save (its commit or its push) is under way."""
        return self.phase is not SavePhase.IDLE

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with VerticalScroll(id="summary"):
            yield Static(id="summary-body")
            yield Static(id="summary-result")
        yield Footer()

    def on_mount(self) -> None:
        self.git_guard: GitGuard = app_state(self.app).git_guard  # the workers' threads have no self.app
        title = "Summary — " + self.session.meeting.agenda.title
        if self.session.rehearsal:
            title += " (rehearsal: enter discards it, s keeps a copy outside the history)"
        self.query_one("#summary").border_title = literal(title)
        self.show()

    def on_screen_resume(self) -> None:
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        saved = self.session.saved is not None
        if action in ("save", "discard", "keep_copy") and (action != "save") != self.session.rehearsal:
            return False  # a rehearsal is discarded or kept aside, never saved and committed
        if action in ("save", "discard", "keep_copy", "back", "fix"):
            if saved or self.saving:
                return False
            if action == "fix":  # offered only when there is something to fix (a rehearsal with nothing captured)
                return bool(gaps(self.session.meeting.to_minutes()))
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
            ("Actual", "right", 6),
            ("+/-", "right", 6),
            ("Status", "left", 11),
        ):
            table.add_column(column, justify=justify, no_wrap=True, min_width=width)
        # The report's figures, formatted as the Markdown formats them: the summary is what is saved.
        report = minutes_report(minutes)
        for line in report.segments:
            table.add_row(
                Text(visible(line.title)),
                team_text(line.team),
                format_duration(line.planned),
                format_duration(line.actual),
                Text(format_over(line.over), style=_over_style(line.over)),
                line.status.value,
            )
        table.add_section()
        for total in report.total_rows():  # the done segments' total (it adds up), then those not run, apart
            table.add_row(
                Text(total.label, style="bold" if total.over is not None else "dim", no_wrap=False),  # wraps
                "",
                format_duration(total.planned),
                format_duration(total.actual),
                Text(format_over(total.over), style=_over_style(total.over)),
                "",
            )
        sections: list = [table, self._balance(report)]
        captured = Text()
        for kind, item in self.session.meeting.captured():  # in the order taken, as the meeting screen lists them
            captured.append_text(describe(kind, item)).append("\n")
        sections.append(Text("\nCaptured", style="bold"))
        captured.rstrip()
        sections.append(captured if captured else Text("Nothing captured.", style="dim"))
        if minutes.action_updates:
            sections.append(Text(f"\n{plural(len(minutes.action_updates), 'earlier action')} updated in the review:"))
            owners = {action.id: action.owner for action in self.session.open_actions()}
            lines = (update_line(update, update.owned_by or owners.get(update.id)) for update in minutes.action_updates)
            sections.append(Text("\n").join(lines))
        if minutes.parked:
            sections.append(Text(visible("Parked for next time: " + ", ".join(p.title for p in minutes.parked))))
        if minutes.proposals_taken:
            sections.append(
                Text(visible("Proposals taken up: " + ", ".join(p.segment for p in minutes.proposals_taken)))
            )
        if minutes.proposals_declined:
            declined = (f"{p.title} ({p.reason})" if p.reason else p.title for p in minutes.proposals_declined)
            sections.append(Text(visible("Proposals declined: " + ", ".join(declined))))
        problems = gaps(minutes)
        if problems:
            done = self.saving or self.session.saved is not None  # f no longer applies: say what was saved
            heading = "\nSaved with these gaps:\n" if done else "\nBefore saving — press f to fix:\n"
            warning = Text(heading, style="bold yellow")
            for gap in problems:
                warning.append(f"  • {visible(gap.line())}\n")
            warning.rstrip()
            sections.append(warning)
        return sections

    @staticmethod
    def _balance(report: MeetingReport) -> Table:
        """Per team: plan and its share of the plan, time spent and its share of the time (as the Markdown)."""
        table = Table(
            title="\nTime per team", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, padding=(0, 1)
        )
        table.add_column("Team", min_width=9)
        for column in ("Plan", "% of plan", "Spent", "% of time"):
            table.add_column(column, justify="right", no_wrap=True)
        for line in report.teams:
            if line.planned or line.actual:
                table.add_row(
                    team_text(line.team),
                    format_duration(line.planned),
                    format_share(line.share_of_plan),
                    format_duration(line.actual),
                    format_share(line.share_of_time),
                )
        return table

    def action_fix(self) -> None:
        """Edit the first item with a gap (an action's owner, due date or team; a concern's teams), the cursor in
        the first missing field."""
        # on use: forms and git only for a fix or a save, not to show the summary
        from meetingtui.tui import capture_flows

        problems = gaps(self.session.meeting.to_minutes())
        if not problems:
            return
        gap = problems[0]
        title = f"Fix {gap.kind.label}"
        capture_flows.edit(self, self.session, gap.kind, gap.index, title=title, focus=gap.field, then=self.show)

    @guarded
    def action_save(self) -> None:
        """End the meeting and take its minutes here (the engine's thread); a worker writes, commits and pushes them.

        Ending is journaled first: if that fails, the screen says so and nothing is saved yet (enter tries again).
        """
        self._end("\nSaving and committing…")

    @guarded
    def action_discard(self) -> None:
        """End a rehearsal and drop it: no file, no commit, nothing an earlier meeting holds changes."""
        self._end("\nDiscarding the rehearsal…")

    @guarded
    def action_keep_copy(self) -> None:
        """End a rehearsal and keep its minutes in the per-user state folder, outside the history."""
        self.keep_copy = True
        self._end("\nKeeping a copy of the rehearsal…")

    def _end(self, saying: str) -> None:
        if self.saving or self.session.saved is not None:
            return
        minutes = self.session.finish(self.asked_at)
        self.phase = SavePhase.COMMIT
        self.query_one("#summary-result", Static).update(Text(saying, style="bold"))
        self.show()  # the gaps are now saved as they are: no "press f" (and its bindings) once the save began
        self.commit_in_background(minutes)

    @work(thread=True, exclusive=True, group="save", description="Write and commit the minutes", exit_on_error=False)
    def commit_in_background(self, minutes: Minutes) -> None:
        """Files and the local commit, off the UI thread (no network: that is :meth:`push_in_background`)."""
        self.post_message(MinutesSaved.of(self._write_and_commit, minutes))

    def _write_and_commit(self, minutes: Minutes) -> Committed:
        # on use: forms and git only for a fix or a save, not to show the summary
        from meetingtui.store.git.run import GitError
        from meetingtui.store.git.sync import has_remote

        if self.session.rehearsal:
            return Committed(self.session.end_rehearsal(minutes, keep=self.keep_copy), has_remote=False)
        with self.git_guard.work():  # quitting stops the commit and its hooks, not waits for them
            result = self.session.write_and_commit(minutes)
        remote = True
        if result.commit and not result.push_wanted:
            with contextlib.suppress(GitError):  # only the wording of the push line depends on it
                remote = has_remote(self.session.repo.root, self.session.repo.settings.remote)
        return Committed(result, remote)

    def _start_push(self) -> None:
        saved = self.session.saved
        if saved is None:
            return
        if self.leave_when_committed:  # q came first: the push stays pending
            self._finish(saved)
        else:
            self.push_in_background(saved)

    @work(thread=True, exclusive=True, group="push", description="Push the minutes", exit_on_error=False)
    def push_in_background(self, saved: SaveResult) -> None:
        """The push, bounded by the ``push_timeout`` setting; quitting stops it (the commit stays, the push pending)."""
        self.post_message(MinutesPushed.of(self._push, saved))

    def _push(self, saved: SaveResult) -> SaveResult:
        with self.git_guard.work():
            return self.session.push_saved(saved)

    def on_minutes_saved(self, message: MinutesSaved) -> None:
        if not message.ok:
            self._failed(message.error)
            return
        result = message.value.result
        self.has_remote = message.value.has_remote
        self.session.saved = result
        if result.push_pending and not self.leave_when_committed:
            self.phase = SavePhase.PUSH
            self._show_result(result)
            self.call_after_refresh(self._start_push)  # "Committed" is on screen before git forks
        else:
            self._finish(result)

    def on_minutes_pushed(self, message: MinutesPushed) -> None:
        if message.ok:
            self._finish(message.value)
        elif self.session.saved is not None:  # saved and committed: only the push failed (never "not saved")
            self._finish(self.session.saved.push_stopped(message.error))
        else:
            self._failed(message.error)

    def _finish(self, result: SaveResult) -> None:
        self.phase = SavePhase.IDLE
        if self.leave_when_committed:
            self.session.saved = result.left_early()
            self.app.action_leave()
            return
        self.session.saved = result
        self._show_result(result)
        self.refresh_bindings()

    def _failed(self, error: BaseException | None) -> None:
        self.phase = SavePhase.IDLE
        self.query_one("#summary-result", Static).update(
            Text(
                f"\nSaving failed: {error}\nThe meeting is kept: press enter to try again, "
                "or quit and run `meetingtui resume`.",
                style="bold red",
            )
        )
        self.refresh_bindings()

    def leave_while_saving(self) -> bool:
        """``q``, ``ctrl+q`` or ``ctrl+c`` during a save: True when this screen takes care of quitting.

        The app quits once the save's worker has ended, so that the farewell says what really happened.
        A commit gets a moment to finish (most take a fraction of it), then it is stopped, hooks included;
        a push is stopped at once. Either stays pending, and the farewell names the command that finishes it.
        """
        if not self.saving:
            return False
        if not self.leave_when_committed:
            self.leave_when_committed = True
            if self.phase is SavePhase.PUSH:
                self.git_guard.close()
                said = "Quitting: stopping the push (the commit is kept, the push stays pending)…"
            else:
                self.set_timer(COMMIT_GRACE_SECONDS, self.git_guard.close)
                said = "Quitting once the files are written; a commit still running is stopped (it stays pending)…"
            self.query_one("#summary-result", Static).update(Text("\n" + said, style="bold"))
        return True

    def _show_result(self, result: SaveResult) -> None:
        settings = self.session.repo.settings
        report = save_report(
            result, self.session.repo.root, self.phase, has_remote=self.has_remote, remote=settings.remote
        )
        self.query_one("#summary-result", Static).update(report)
        # Kept at the end while the result is laid out (and as it changes), until the user scrolls: a scroll made
        # once could run before the longer text's layout and leave "Press q to quit." below the window (a loaded pty).
        self.query_one("#summary").anchor()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_quit_app(self) -> None:
        self.app.action_leave()
