"""Adjust before starting: durations, order, added and removed segments, saved as the team's own template."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from meetingtui.domain.agenda import Agenda, Segment, Team
from meetingtui.domain.agenda_plan import EditRefused, added, moved, removed, retimed, slot_fit
from meetingtui.domain.durations import format_duration
from meetingtui.domain.entries import NewSegment
from meetingtui.domain.errors import InputError
from meetingtui.domain.live import MINUTE
from meetingtui.domain.terminal_text import visible
from meetingtui.store.agendas import agenda_warnings, builtin_agendas_dir, save_repo_template, template_path
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.contracts import app_state
from meetingtui.tui.forms import SEGMENT_FORM, segment_builder
from meetingtui.tui.layout import WIDE
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, bar, literal, team_text
from meetingtui.tui.screens.confirm import ConfirmScreen
from meetingtui.tui.screens.form import FieldSpec, Form, FormDialog
from meetingtui.tui.screens.screen_styles import load_screen_styles
from meetingtui.tui.workers import ProposalsRead, WorkDone


def fit_text(agenda: Agenda) -> Text:
    """The planned total against the booked slot: green when it fits, red when it does not."""
    fit = slot_fit(agenda)
    planned = format_duration(fit.planned)
    if fit.slot is None:
        return Text.assemble(("Planned ", "bold"), (planned, "bold"), (" · no slot booked", "dim"))
    slot = format_duration(fit.slot)
    if fit.over:
        return Text(f"⚠ Planned {planned} in a {slot} slot · {format_duration(fit.over)} over", style="bold red")
    tail = f" · {format_duration(fit.spare)} to spare" if fit.spare else " · exactly"
    return Text(f"✓ Planned {planned} of the {slot} slot{tail}", style="bold green")


def balance_text(agenda: Agenda) -> Text:
    """Planned time per team, in the team colours."""
    shares = agenda.team_seconds()
    text = Text()
    for team in Team:
        if text:
            text.append("  ·  ", style="dim")
        text.append_text(team_text(team, f"{TEAM_LABELS[team]} {format_duration(shares[team])}"))
    return text


def plan_lines(agenda: Agenda) -> Group:
    """Fit, balance and the template's warnings, one line each."""
    warnings = [Text(f"⚠ {warning}", style="yellow") for warning in agenda_warnings(agenda)]
    return Group(fit_text(agenda), balance_text(agenda), *warnings)


def plan_panel(agenda: Agenda, segment: Segment | None, width: int) -> Group:
    """The side panel of a wide screen: fit, a bar per team, warnings, and the highlighted segment's prompts."""
    shares = agenda.team_seconds()
    total = agenda.planned_seconds or 1
    label_width = max(len(label) for label in TEAM_LABELS.values())
    parts: list[Text] = [fit_text(agenda), Text("")]
    for team in Team:
        line = team_text(team, f"{TEAM_LABELS[team]:<{label_width}} ")
        line.append_text(bar(shares[team] / total, max(8, width - label_width - 8), TEAM_COLOURS[team]))
        parts.append(line.append(f" {format_duration(shares[team]):>5}"))
    parts += [Text(f"⚠ {warning}", style="yellow") for warning in agenda_warnings(agenda)]
    if segment is not None:
        parts += [Text(""), Text(segment.title, style=f"bold {TEAM_COLOURS[segment.team]}")]
        parts += [Text(f"› {prompt}", style="dim italic") for prompt in segment.prompts]
    return Group(*parts)


class TemplateSaved(WorkDone[Path]):
    """Where the template was saved, or why it was not."""


class AdjustScreen(Screen[Agenda | None]):
    """Change the agenda before the meeting starts; ``enter`` uses it, ``escape`` cancels."""

    BINDINGS = [
        # The footer names each pair once (+/-, [/]); the hidden twin works all the same.
        Binding(
            "plus,equals_sign",
            "longer",
            "Time",
            id="adjust-longer",
            key_display="+/-",
            tooltip="One more minute for the highlighted segment",
        ),
        Binding(
            "minus",
            "shorter",
            "-1m",
            id="adjust-shorter",
            key_display="-",
            show=False,
            tooltip="One minute less for the highlighted segment",
        ),
        Binding(
            "left_square_bracket,shift+up",
            "move(-1)",
            "Move",
            id="adjust-up",
            key_display="[/]",
            tooltip="Move the highlighted segment up (also shift+up)",
        ),
        Binding(
            "right_square_bracket,shift+down",
            "move(1)",
            "Down",
            id="adjust-down",
            key_display="]",
            show=False,
            tooltip="Move the highlighted segment down (also shift+down)",
        ),
        Binding("a", "add", "Add", id="adjust-add", tooltip="Add a segment after the highlighted one"),
        Binding(
            "x,delete",
            "remove",
            "Remove",
            id="adjust-remove",
            key_display="x",
            tooltip="Remove the highlighted segment",
        ),
        Binding("s", "save", "Save", id="adjust-save", tooltip="Save this agenda as a repository template"),
        Binding("o", "proposals", "Proposals", id="adjust-proposals", tooltip="Take, leave or decline proposed topics"),
        Binding("enter", "use", "Start", id="adjust-use", priority=True, tooltip="Start the meeting with this agenda"),
        Binding("escape", "cancel", "Back", id="adjust-cancel", tooltip="Back to the picker, changes dropped"),
    ]
    AUTO_FOCUS = "#adjust-segments"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, repo: MinutesRepo, name: str, agenda: Agenda) -> None:
        super().__init__()
        self.repo = repo
        self.template_name = name
        """The name to use: the template's, or the one it was last saved under here."""
        self.original = agenda
        self.segments: list[Segment] = list(agenda.segments)
        self.proposals: list = []
        """Open proposals for this agenda, read in the background."""

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with Vertical(id="adjust-body"):
            yield DataTable(id="adjust-segments", cursor_type="row", zebra_stripes=False)
            yield Static(id="adjust-plan")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = literal(f"Adjust “{self.original.title}” before starting")
        table.border_subtitle = literal(self.template_name)
        for label, key in (("#", "n"), ("Time", "time"), ("Team", "team"), ("Segment", "title"), ("Owner", "owner")):
            table.add_column(label, key=key)
        self.query_one("#adjust-plan").border_title = "Plan"
        self._show(0)
        self._read_proposals()

    @work(thread=True, exclusive=True, group="proposals", description="Read open proposals", exit_on_error=False)
    def _read_proposals(self) -> None:
        """The topics proposed for this agenda (reads the minutes: off the UI thread)."""
        # on use: the adjust screen opens without the proposals' code
        import datetime as dt

        # on use: the adjust screen opens without the proposals' code
        from meetingtui.store.proposals_store import open_by_agenda

        self.post_message(ProposalsRead.of(lambda: open_by_agenda(self.repo, dt.date.today())[0]))

    def on_proposals_read(self, message: ProposalsRead) -> None:
        if not message.ok:
            return
        self.proposals = message.value.get(self.template_name.casefold(), [])
        if self.is_attached:
            self.refresh_bindings()
            self._show_plan()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `o` shows in the footer only when something is proposed: at 80 columns every key there counts.
        return bool(self.proposals) if action == "proposals" else True

    @property
    def agenda(self) -> Agenda:
        """The agenda as it stands, validated."""
        document = self.original.to_document()
        document["segments"] = [s.model_dump(mode="json", exclude_none=True) for s in self.segments]
        return Agenda.model_validate(document)

    def _show(self, row: int) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for index, segment in enumerate(self.segments, start=1):
            colour = TEAM_COLOURS[segment.team]
            table.add_row(
                Text(str(index), style="dim"),
                Text(format_duration(segment.duration), style="bold"),
                team_text(segment.team),
                Text(visible(segment.title), style=colour),
                Text(visible(segment.owner or ""), style="dim"),
            )
        table.move_cursor(row=min(max(row, 0), len(self.segments) - 1), animate=False)
        self._show_plan()

    def _show_plan(self) -> None:
        plan = self.query_one("#adjust-plan", Static)
        if self.size.width >= WIDE:
            segment = self.segments[self.row] if 0 <= self.row < len(self.segments) else None
            shown = plan_panel(self.agenda, segment, plan.content_size.width or 30)
        else:
            shown = plan_lines(self.agenda)
        if self.proposals:
            # on use: the adjust screen opens without the proposals' code
            from meetingtui.tui.screens.proposals import proposals_panel

            chosen = app_state(self.app).preparation.recall(self.template_name)
            agenda = self.agenda
            fit = slot_fit(agenda)
            shown = Group(shown, Text(""), proposals_panel(self.proposals, agenda.team_seconds(), chosen, fit=fit))
        plan.update(shown)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self._show_plan)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_plan()

    @property
    def row(self) -> int:
        return self.query_one(DataTable).cursor_row

    def _refuse(self, message: str) -> None:
        self.app.bell()
        self.notify(message, severity="warning", timeout=4, markup=False)

    # -- changes --------------------------------------------------------------

    def _change(self, segments: list[Segment] | None, row: int) -> None:
        """Show the agenda edited to ``segments`` (None: nothing changed), the cursor on ``row``."""
        if segments is not None:
            self.segments = segments
            self._show(row)

    def _set_duration(self, delta: int) -> None:
        try:
            self._change(retimed(self.segments, self.row, delta), self.row)
        except EditRefused as refused:
            self._refuse(str(refused))

    def action_longer(self) -> None:
        self._set_duration(+MINUTE)

    def action_shorter(self) -> None:
        self._set_duration(-MINUTE)

    def action_move(self, delta: int) -> None:
        self._change(moved(self.segments, self.row, delta), self.row + delta)

    def action_remove(self) -> None:
        row = self.row
        try:
            remaining = removed(self.segments, row)
        except EditRefused as refused:
            self._refuse(str(refused))
            return
        self.notify(f"Removed “{self.segments[row].title}”.", timeout=3, markup=False)
        self._change(remaining, row)

    def action_add(self) -> None:
        def add(entry: NewSegment | None) -> None:
            if entry is None:
                return
            try:
                self._change(added(self.segments, self.row, entry), self.row + 1)
            except EditRefused as refused:
                self._refuse(str(refused))

        self.app.push_screen(FormDialog(SEGMENT_FORM, segment_builder()), add)

    def action_proposals(self) -> None:
        """Decide on the proposed topics now; the meeting applies the choices when it starts."""
        if not self.proposals:
            self.notify(f"Nothing proposed for {self.template_name}.", timeout=3, markup=False)
            return
        # on use: the adjust screen opens without the proposals' code
        from meetingtui.tui.screens.proposals import ProposalsScreen

        def answered(choices) -> None:
            if choices is not None:
                app_state(self.app).preparation.remember(self.template_name, choices)
                self._show_plan()

        chosen = app_state(self.app).preparation.recall(self.template_name)
        screen = ProposalsScreen(self.proposals, self.agenda.team_seconds(), self.template_name, chosen)
        self.app.push_screen(screen, answered)

    # -- saving -----------------------------------------------------------------

    def action_save(self) -> None:
        def check(raw: dict[str, str]) -> Path:
            try:
                return template_path(self.repo, raw["name"].strip())
            except InputError as exc:
                raise ValueError(exc.message) from None

        def named(path: Path | None) -> None:
            if path is None:
                return
            if not path.exists():
                self._save(self.agenda, path.stem, overwrite=False)
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._save(self.agenda, path.stem, overwrite=True)

            self.app.push_screen(
                ConfirmScreen(
                    "Replace the template?", f"agendas/{path.name} exists already.\nReplace it with this agenda?"
                ),
                confirmed,
            )

        spec = FieldSpec("name", "Template name", "letters, digits and dashes, e.g. weekly-sync-short", required=True)
        form = Form("Save as a repository template", (spec,))
        self.app.push_screen(FormDialog(form, check, values={"name": self.template_name}), named)

    @work(thread=True, exclusive=True, group="save-template", description="Save the template", exit_on_error=False)
    def _save(self, agenda: Agenda, name: str, overwrite: bool) -> None:
        self.post_message(TemplateSaved.of(save_repo_template, self.repo, name, agenda, overwrite=overwrite))

    def on_template_saved(self, message: TemplateSaved) -> None:
        if not message.ok:
            self._refuse(f"Not saved: {message.error}")
        else:
            self._saved(message.value)

    def _saved(self, path: Path) -> None:
        self.template_name = path.stem
        if self.is_attached:
            self.query_one(DataTable).border_subtitle = literal(self.template_name)
        replaces = (builtin_agendas_dir() / path.name).exists()
        note = " It replaces the built-in template of that name here." if replaces else ""
        self.notify(f"Saved agendas/{path.name}.{note} Commit it to share it with the team.", timeout=6, markup=False)

    # -- leaving ----------------------------------------------------------------

    def action_use(self) -> None:
        self.dismiss(self.agenda)

    def action_cancel(self) -> None:
        self.dismiss(None)
