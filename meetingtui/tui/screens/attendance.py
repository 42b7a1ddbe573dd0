"""Attendance: who is here, and from which team — before the meeting and with ``t`` during it."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from meetingtui.domain.agenda import Team, parse_team
from meetingtui.domain.attendance import Listed, merge_people, with_facilitator
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import Attendee
from meetingtui.domain.roster import Ambiguous, Member, Resolved, Roster
from meetingtui.domain.terminal_text import visible
from meetingtui.store.people import read_people
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.layout import WIDE
from meetingtui.tui.palette import TEAM_LABELS, literal, team_badge, team_text
from meetingtui.tui.screens.first_paint import FirstPaintScreen
from meetingtui.tui.screens.form import TEAM_WORDS, FieldSpec, Form, FormDialog
from meetingtui.tui.screens.person_choice import PersonChoice
from meetingtui.tui.screens.screen_styles import load_screen_styles
from meetingtui.tui.workers import WorkDone


class PeopleRead(WorkDone[tuple[list[Listed], list[Listed], str | None]]):
    """The roster and the newest minutes' attendees, read off the UI thread."""


class AttendanceScreen(FirstPaintScreen[list[Attendee] | None]):
    """Tick who is present; ``enter`` returns everyone listed with their flag, ``escape`` changes nothing."""

    BINDINGS = [
        Binding(
            "space",
            "toggle",
            "Here / not here",
            id="attendance-toggle",
            key_display="space",
            tooltip="Tick or untick the highlighted person",
        ),
        Binding("a", "add", "Add person", id="attendance-add", tooltip="Add someone who is not listed"),
        Binding("enter", "done", "Done", id="attendance-done", priority=True, tooltip="Keep this attendance and go on"),
        Binding("escape", "cancel", "Cancel", id="attendance-cancel", tooltip="Leave attendance unchanged"),
    ]
    AUTO_FOCUS = "#people"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self, repo: MinutesRepo, meeting: Meeting, add_person: Callable[[str, Team], None] | None = None
    ) -> None:
        """``add_person`` hears of each person the roster lacked and ``a`` added, when ``enter`` keeps the list."""
        super().__init__()
        self.repo = repo
        self.meeting = meeting
        self.add_person = add_person
        listed = [Listed(a.name, a.team, a.present) for a in meeting.attendees]
        self.people: list[Listed] = with_facilitator(listed, meeting.facilitator)
        self.problem: str | None = None
        self.added: list[Member] = []
        """People the roster lacked, added here (``a``): the session writes them to ``people.toml``."""

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with Vertical(id="attendance-body"):
            yield DataTable(id="people", cursor_type="row", zebra_stripes=False)
            yield Static(id="attendance-counts")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = literal(f"Who is here? — {self.meeting.agenda.title}")
        table.border_subtitle = "space ticks · a adds · enter done"
        for label, key in (("Here", "here"), ("Name", "name"), ("Team", "team"), ("", "note")):
            table.add_column(label, key=key)
        self.query_one("#attendance-counts").border_title = "Present"
        self._show()
        self._load()

    @work(thread=True, exclusive=True, group="attendance-load", description="Read the people", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(PeopleRead.of(read_people, self.repo))

    def on_people_read(self, message: PeopleRead) -> None:
        if not message.ok:
            self._merge([], [], str(message.error))
        else:
            self._merge(*message.value)

    def _merge(self, roster: list[Listed], recent: list[Listed], error: str | None) -> None:
        if not self.is_attached:
            return  # dismissed before the files were read
        known = merge_people(self.people, roster, recent, self.meeting.segments)
        known = with_facilitator(known, self.meeting.facilitator, roster)
        selected = self._selected()
        self.people = known
        self.problem = error
        if error:
            self.notify(error, title="people.toml", severity="error", timeout=8, markup=False)
        self._show(select=selected)

    # -- showing ------------------------------------------------------------------

    def _selected(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return self.people[row].key if 0 <= row < len(self.people) else None

    def _show(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        order = list(Team)
        self.people.sort(key=lambda p: (order.index(p.team), p.name.casefold()))
        table.clear()
        for person in self.people:
            here = Text(" ✔ ", style="bold green") if person.present else Text(" · ", style="dim")
            name = Text(visible(person.name), style="bold" if person.present else "")  # also from earlier minutes
            table.add_row(here, name, team_text(person.team), Text(person.note, style="dim"), key=person.key)
        keys = [p.key for p in self.people]
        if select in keys:
            table.move_cursor(row=keys.index(select), animate=False)
        self.query_one("#attendance-counts", Static).update(self._counts())

    def _counts(self) -> Group:
        wide = self.size.width >= WIDE
        line = Text()
        names: list[Text] = []
        for team in Team:
            listed = [p for p in self.people if p.team is team]
            present = [p.name for p in listed if p.present]
            count = Text.assemble(team_badge(team), f" {len(present)} of {len(listed)}   ")
            if wide:  # a side panel: each team on its own line, with who is here
                names += [count, Text("  " + (", ".join(present) or "—"), style="dim"), Text("")]
            else:
                line.append_text(count)
        here = sum(p.present for p in self.people)
        line.append(f"{here} here", style="bold")
        lines = [*names, line]
        if not self.people:
            lines.append(Text("No one listed yet: press a to add the people in the room.", style="dim"))
        elif here:
            for team in (Team.SALES, Team.MARKETING):
                if not any(p.present and p.team is team for p in self.people):
                    lines.append(
                        Text.assemble("⚠ No one from ", team_text(team), " is marked present.", style="yellow")
                    )
        if self.problem:
            lines.append(Text(f"people.toml: {self.problem}", style="red"))
        return Group(*lines)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.query_one("#attendance-counts", Static).update(self._counts())

    # -- commands -----------------------------------------------------------------

    def action_toggle(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.people):
            self.people[row].present = not self.people[row].present
            self._show(select=self.people[row].key)

    def action_add(self) -> None:
        def build(raw: dict[str, str]) -> Listed:
            team = parse_team(raw["team"])
            if team is None:
                raise ValueError("Which team? Type sales, marketing or joint.")
            return Listed(" ".join(raw["name"].split()), team, present=True, note="added today")

        def added(person: Listed | None) -> None:
            if person is None:
                return
            found = Roster.of((p.name, p.team) for p in self.people).resolve(person.name)
            if isinstance(found, Ambiguous):  # "ma": Marco Rossi or Mara Bell? Ask; escape adds nobody
                self.app.push_screen(PersonChoice(found, "Who joined?"), lambda name: name and tick(name, person.team))
            elif isinstance(found, Resolved):
                tick(found.name, person.team)
            else:
                self.people.append(person)
                self.added.append(Member(person.name, person.team))
                self._show(select=person.key)

        def tick(name: str, team: Team) -> None:
            listed = next(p for p in self.people if p.name == name)
            listed.present, listed.team = True, team
            self.notify(f"{listed.name} was listed already: ticked present ({TEAM_LABELS[team]}).", markup=False)
            self._show(select=listed.key)

        form = Form(
            "Add a person",
            (
                FieldSpec("name", "Name", "who just joined", required=True),
                FieldSpec("team", "Team", "sales / marketing / joint", TEAM_WORDS, required=True),
            ),
        )
        self.app.push_screen(FormDialog(form, build), added)

    def action_done(self) -> None:
        for member in self.added:
            if self.add_person is not None and member.team is not None:
                self.add_person(member.name, member.team)
        self.dismiss([Attendee(name=p.name, team=p.team, present=p.present) for p in self.people])

    def action_cancel(self) -> None:
        self.dismiss(None)
