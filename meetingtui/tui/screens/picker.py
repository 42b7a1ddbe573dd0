"""The agenda picker: built-in and repository templates, the highlighted one's plan, and whether it fits."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import DataTable, Footer, Static

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.agenda_plan import slot_fit
from meetingtui.domain.durations import format_duration
from meetingtui.domain.errors import InputError
from meetingtui.domain.terminal_text import visible
from meetingtui.domain.wording import plural
from meetingtui.store.agendas import AgendaEntry, list_agendas
from meetingtui.store.git.run import quote
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.contracts import app_state
from meetingtui.tui.layout import TALL
from meetingtui.tui.palette import TEAM_COLOURS, literal, team_text
from meetingtui.tui.screens.adjust import AdjustScreen, plan_lines
from meetingtui.tui.screens.first_paint import FirstPaintScreen
from meetingtui.tui.screens.screen_styles import load_screen_styles
from meetingtui.tui.workers import ProposalsRead

if TYPE_CHECKING:
    from meetingtui.tui.history_sync import HistoryUpdate


def short_error(error: InputError | None) -> str:
    """The error without the file's path: the list already names the template."""
    if error is None:
        return "cannot be read"
    first = f"{error.where}: {error.message}" if error.where else error.message
    more = len(error.more)
    return first + (f" (and {plural(more, 'more problem')}: meetingtui agendas validate)" if more else "")


def source_text(entry: AgendaEntry) -> Text:
    """``built-in`` or ``repository``; a repository template that replaces a built-in says so."""
    if entry.source == "built-in":
        return Text("built-in", style="dim")
    return Text("repository" + ("*" if entry.overrides_builtin else ""), style="bold")


def segments_table(agenda: Agenda, *, prompts: bool = False) -> Table:
    """Every segment: time, team, title and owner, coloured by team; its prompts below it when asked."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column(ratio=2, no_wrap=True, overflow="ellipsis", style="dim")
    for segment in agenda.segments:
        table.add_row(
            format_duration(segment.duration),
            team_text(segment.team),
            Text(segment.title, style=TEAM_COLOURS[segment.team]),
            Text(segment.owner or ""),
        )
        if prompts:
            for prompt in segment.prompts:
                table.add_row("", "", Text(f"› {prompt}", style="dim italic", no_wrap=False), "")
    return table


def describe_entry(
    entry: AgendaEntry, *, prompts: bool = False, proposed: RenderableType | None = None
) -> RenderableType:
    """The details pane for one template: what matters before starting comes first; ``prompts`` when tall.

    ``proposed`` (the topics proposed for its next meeting) goes right below the fit.
    """
    if entry.agenda is None:
        return Group(
            Text(visible(entry.name), style="bold"),
            Text(str(entry.error or "cannot be read"), style="red"),
            Text(""),
            Text(
                f"Fix the file, check it with `meetingtui agendas validate {quote(entry.path)}`, then come back: "
                "a broken template cannot be picked.",
                style="dim",
            ),
        )
    agenda = entry.agenda
    facts = [f"{entry.source} template" + (", replaces the built-in" if entry.overrides_builtin else "")]
    if agenda.cadence:
        facts.append(agenda.cadence)
    if agenda.description and prompts:
        facts.append(agenda.description)
    # At 80x24 every row counts: the fit and the segments must show without scrolling.
    spacer = [Text("")] if prompts else []
    return Group(
        Text(agenda.title, style="bold"),
        Text(" · ".join(facts), style="dim"),
        plan_lines(agenda),
        *([proposed] if proposed is not None else []),
        *spacer,
        segments_table(agenda, prompts=prompts),
    )


class PickerScreen(FirstPaintScreen[tuple[str, Agenda] | None]):
    """Choose the agenda: ``enter`` starts with it, ``e`` adjusts it first, ``escape``/``q`` leaves."""

    BINDINGS = [
        Binding(
            "enter",
            "pick",
            "Start",
            id="picker-pick",
            priority=True,
            tooltip="Start a meeting with the highlighted template",
        ),
        Binding(
            "e",
            "adjust",
            "Adjust first",
            id="picker-adjust",
            tooltip="Change durations, order and segments before starting",
        ),
        Binding(
            "o",
            "proposals",
            "Proposals",
            id="picker-proposals",
            tooltip="Take, leave or decline the topics proposed for this agenda",
        ),
        Binding(
            "s",
            "app.stats",
            "Stats",
            id="picker-stats",
            tooltip="Are we aligned? Cadence, time per team, actions, from every minutes of the repository",
        ),
        Binding(
            "escape,q",
            "cancel",
            "Quit",
            id="picker-cancel",
            key_display="q",
            tooltip="Leave without starting a meeting",
        ),
    ]
    AUTO_FOCUS = "#templates"

    def __init__(self, repo: MinutesRepo) -> None:
        super().__init__()
        self.repo = repo
        self.entries: list[AgendaEntry] = []
        self.proposals: dict[str, list] = {}
        """Open proposals per agenda name (lower case), read in the background."""

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with Container(id="picker-body"):
            yield DataTable(id="templates", cursor_type="row", zebra_stripes=False)
            with VerticalScroll(id="template-details"):
                yield Static(id="template-plan")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Pick an agenda"
        for label, key in (
            ("Template", "name"),
            ("Slot", "slot"),
            ("Cadence", "cadence"),
            ("Source", "source"),
            ("Title", "title"),
        ):
            table.add_column(label, key=key)
        app_state(self.app).history_sync.changed.subscribe(self, self._history_changed)
        self.reload()

    def on_unmount(self) -> None:
        app_state(self.app).history_sync.changed.unsubscribe(self)

    @work(thread=True, exclusive=True, group="proposals", description="Read open proposals", exit_on_error=False)
    def _read_proposals(self) -> None:
        """Open proposals of every agenda (reads the minutes: off the UI thread)."""
        # on use: the picker (the first screen of `meetingtui`) opens without the proposals' code
        from meetingtui.store.proposals_store import open_by_agenda

        self.post_message(ProposalsRead.of(lambda: open_by_agenda(self.repo, dt.date.today())[0]))

    def on_proposals_read(self, message: ProposalsRead) -> None:
        if not message.ok:
            return  # the picker works without them; the meeting screen says what went wrong
        self.proposals = message.value
        if self.is_attached:
            self.refresh_bindings()
            if self.entries:
                self._show_details()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `o` shows in the footer only when something is proposed: at 80 columns every key there counts.
        if action != "proposals":
            return True
        entry = self.highlighted if self.entries else None
        return entry is not None and bool(self.proposals.get(entry.name.casefold()))

    def on_screen_resume(self) -> None:
        if self.entries:
            self.reload()  # back from adjusting: a template saved there shows up at once

    def reload(self) -> None:
        """Read the catalog and the proposals (in the background) again, keeping the highlighted template."""
        self._read_proposals()
        table = self.query_one(DataTable)
        current = self.highlighted.name if self.highlighted else None
        self.entries = list_agendas(self.repo)
        table.clear()
        for entry in self.entries:
            agenda = entry.agenda
            if agenda is None:
                cells = [
                    Text(visible(entry.name), style="red"),
                    Text(""),
                    Text(""),
                    source_text(entry),
                    Text(f"⚠ {short_error(entry.error)}", style="red"),
                ]
            else:
                slot = format_duration(agenda.duration) if agenda.duration is not None else "—"
                cells = [
                    Text(visible(entry.name), style="bold"),
                    Text(slot, style="red" if agenda.overbooked_seconds else ""),
                    Text(agenda.cadence or ""),
                    source_text(entry),
                    Text(agenda.title),
                ]
            table.add_row(*cells, key=entry.name)
        names = [entry.name for entry in self.entries]
        if current in names:
            table.move_cursor(row=names.index(current), animate=False)
        else:
            usable = [i for i, entry in enumerate(self.entries) if entry.agenda is not None]
            table.move_cursor(row=usable[0] if usable else 0, animate=False)
        self._show_subtitle()
        self._show_details()

    def _show_subtitle(self) -> None:
        overrides = " · * replaces a built-in" if any(entry.overrides_builtin for entry in self.entries) else ""
        history = app_state(self.app).history_sync.state.line
        self.query_one(DataTable).border_subtitle = literal(
            f"{plural(len(self.entries), 'template')}{overrides}" + (f" · {history}" if history else "")
        )

    def _history_changed(self, update: HistoryUpdate) -> None:
        """The history's state changed; when the sync brought new files, the catalog is read again."""
        if update.status is not None and update.status.came_in:
            self.reload()
        else:
            self._show_subtitle()

    @property
    def highlighted(self) -> AgendaEntry | None:
        """The template under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def on_resize(self) -> None:
        if self.entries:
            self._show_details()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_details()
        if self.proposals:
            self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # a click on a row: the same as enter
        self.action_pick()

    def _show_details(self) -> None:
        entry = self.highlighted
        details = self.query_one("#template-details")
        details.border_title = literal(entry.name) if entry else "No templates"
        tall = self.size.height >= TALL
        self.query_one("#template-plan", Static).update(
            describe_entry(entry, prompts=tall, proposed=self._proposed(entry, tall))
            if entry
            else Text("No agenda templates found: create one with `meetingtui agendas new NAME`.", style="dim")
        )
        details.scroll_home(animate=False)

    def _proposed(self, entry: AgendaEntry, tall: bool) -> RenderableType | None:
        """The topics proposed for this agenda (named one by one only when tall: at 80x24 the segments come first)."""
        proposed = self.proposals.get(entry.name.casefold(), []) if entry.agenda is not None else []
        if not proposed or entry.agenda is None:
            return None
        # on use: the picker (the first screen of `meetingtui`) opens without the proposals' code
        from meetingtui.tui.screens.proposals import proposals_panel

        chosen = app_state(self.app).preparation.recall(entry.name)
        agenda = entry.agenda
        fit = slot_fit(agenda)
        return proposals_panel(proposed, agenda.team_seconds(), chosen, titles=tall, fit=fit)

    def _usable(self) -> AgendaEntry | None:
        entry = self.highlighted
        if entry is not None and entry.agenda is None:
            self.app.bell()
            self.notify(
                f"“{entry.name}” is broken: {short_error(entry.error)}",
                title="Cannot use this template",
                severity="error",
                timeout=6,
                markup=False,
            )
            return None
        return entry

    def action_pick(self) -> None:
        entry = self._usable()
        if entry is not None and entry.agenda is not None:
            self.dismiss((entry.name, entry.agenda))

    def action_adjust(self) -> None:
        entry = self._usable()
        if entry is None or entry.agenda is None:
            return
        screen = AdjustScreen(self.repo, entry.name, entry.agenda)

        def adjusted(agenda: Agenda | None) -> None:
            if agenda is not None:
                self.dismiss((screen.template_name, agenda))

        self.app.push_screen(screen, adjusted)

    def action_proposals(self) -> None:
        entry = self._usable()
        if entry is None or entry.agenda is None:
            return
        proposed = self.proposals.get(entry.name.casefold(), [])
        if not proposed:
            self.notify(f"Nothing proposed for {entry.name}.", timeout=3, markup=False)
            return
        # on use: the picker (the first screen of `meetingtui`) opens without the proposals' code
        from meetingtui.tui.screens.proposals import ProposalsScreen

        def answered(choices) -> None:
            if choices is not None:
                app_state(self.app).preparation.remember(entry.name, choices)
                self._show_details()

        chosen = app_state(self.app).preparation.recall(entry.name)
        self.app.push_screen(ProposalsScreen(proposed, entry.agenda.team_seconds(), entry.name, chosen), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
