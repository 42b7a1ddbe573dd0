"""Proposals offered before a meeting: take each (a segment before the open floor), leave it for later, or decline it.

The screen only collects choices and returns them; whoever opened it applies
them (the meeting screen to the running meeting, the adjust screen to the plan).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from meetingtui.domain.agenda import Team
from meetingtui.domain.agenda_plan import SlotFit, proposals_seconds
from meetingtui.domain.durations import format_duration
from meetingtui.domain.proposals import OpenProposal, minutes_asked
from meetingtui.domain.report import meeting_report
from meetingtui.domain.terminal_text import visible
from meetingtui.domain.wording import plural
from meetingtui.tui.contracts import app_state
from meetingtui.tui.guard import guarded_callback
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, literal, team_text
from meetingtui.tui.preparation import Choice
from meetingtui.tui.screens.screen_styles import load_screen_styles

if TYPE_CHECKING:
    from meetingtui.domain.meeting import Meeting
    from meetingtui.session import MeetingSession

TAKE, LATER, DECLINE = "take", "later", "decline"
_SHOWN = {TAKE: ("✓ take", "bold green"), LATER: ("later", "dim"), DECLINE: ("✗ decline", "bold red")}


def asked_text(proposals: Sequence[OpenProposal], team_seconds: Mapping[Team, int]) -> Text:
    """Minutes each team asks for, against the agenda's time for that team: ``Sales asks 15m (agenda: 20m)``."""
    asked = minutes_asked(proposals)
    text = Text()
    for team in Team:
        if not asked[team]:
            continue
        if text:
            text.append("  ·  ", style="dim")
        text.append_text(team_text(team, f"{TEAM_LABELS[team]} asks {format_duration(asked[team] * 60)}"))
        text.append(f" (agenda: {format_duration(team_seconds.get(team, 0))})", style="dim")
    return text


def choices_text(choices: Mapping[str, Choice], proposals: Sequence[OpenProposal], fit: SlotFit | None = None) -> Text:
    """What was decided while preparing: ``✓ taking 1 (10m) · ✗ declining 1 · 2 later``.

    ``fit`` is the plan's against its slot: with it, the taken topics' time is added and the result compared.
    """
    taken = [item for item in proposals if choices.get(item.id, Choice(LATER)).action == TAKE]
    declined = sum(choices.get(item.id, Choice(LATER)).action == DECLINE for item in proposals)
    later = len(proposals) - len(taken) - declined
    text = Text()
    if taken:
        text.append(f"✓ taking {len(taken)} ({format_duration(proposals_seconds(taken))})", style="green")
    if declined:
        text.append("  ·  " if text else "").append(f"✗ declining {declined}", style="red")
    if later:
        text.append("  ·  " if text else "").append(f"{later} left for later", style="dim")
    if taken and fit is not None:
        with_them = fit.plus(proposals_seconds(taken))
        line = f"\nWith them: {format_duration(with_them.planned)}"
        if with_them.slot is None:
            text.append(line, style="bold")
        elif with_them.over:
            slot, over = format_duration(with_them.slot), format_duration(with_them.over)
            text.append(f"{line} in the {slot} slot, {over} over", "bold red")
        else:
            text.append(f"{line} of the {format_duration(with_them.slot)} slot", style="bold green")
    return text


def ago(days: int) -> str:
    """``today``, ``1 day ago``, ``12 days ago``."""
    return "today" if days == 0 else f"{plural(days, 'day')} ago"


class ProposalsScreen(ModalScreen[dict[str, Choice] | None]):
    """``t`` take, ``l`` later, ``x`` decline (asks why), ``enter`` done; ``escape`` leaves every one for later."""

    BINDINGS = [
        Binding("t", "choose('take')", "Take", id="proposal-take", tooltip="Put it on this meeting's agenda"),
        Binding("l", "choose('later')", "Later", id="proposal-later", tooltip="Leave it open for a later meeting"),
        Binding("x", "decline", "Decline", id="proposal-decline", tooltip="Decline it, with a reason"),
        Binding("escape", "cancel", "Decide later", id="proposal-cancel", tooltip="Leave every proposal open"),
    ]

    def __init__(
        self,
        proposals: Sequence[OpenProposal],
        team_seconds: Mapping[Team, int],
        agenda_name: str,
        choices: Mapping[str, Choice] | None = None,
    ) -> None:
        super().__init__()
        self.proposals = list(proposals)
        self.team_seconds = dict(team_seconds)
        self.agenda_name = agenda_name
        earlier = choices or {}
        self.choices: dict[str, Choice] = {item.id: earlier.get(item.id, Choice(LATER)) for item in self.proposals}

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        with Vertical(id="dialog", classes="proposals-dialog"):
            count = len(self.proposals)
            yield Static(
                literal(f"{plural(count, 'topic')} proposed for the next {self.agenda_name}."),
                id="proposals-intro",
            )
            yield Static(asked_text(self.proposals, self.team_seconds), id="proposals-asked")
            yield DataTable(id="proposal-list", cursor_type="row", zebra_stripes=False)
            yield Static("", id="proposal-detail")
            yield Input(placeholder="why decline? (enter saves, escape cancels)", id="decline-reason", compact=True)
            yield Static("t take · l later · x decline · enter done · escape decide later", id="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Proposed topics"
        table = self.query_one(DataTable)
        table.add_column("", key="choice", width=max(len(label) for label, _ in _SHOWN.values()))
        for label, key in (("Team", "team"), ("Min", "min"), ("Topic", "topic"), ("By", "by")):
            table.add_column(label, key=key)
        for item in self.proposals:
            proposal = item.proposal
            table.add_row(
                self._choice_cell(item.id),
                team_text(proposal.team),
                Text(str(proposal.minutes), justify="right"),
                Text(visible(proposal.title), style=TEAM_COLOURS[proposal.team]),
                Text(visible(f"{proposal.proposed_by}, {ago(item.age_days)}")),
                key=item.id,
            )
        self.query_one("#decline-reason").display = False
        table.focus()
        self._show_detail()

    def withdraw(self, still_open: set[str]) -> list[OpenProposal]:
        """Drop the offers no longer open (another meeting took them up meanwhile); returns them.

        With none left to decide, the screen closes as if ``enter`` were pressed on what was decided.
        """
        gone = [item for item in self.proposals if item.id not in still_open]
        if not gone:
            return []
        table = self.query_one(DataTable)
        for item in gone:
            self.proposals.remove(item)
            self.choices.pop(item.id, None)
            table.remove_row(item.id)
        if not self.proposals:
            self.dismiss(dict(self.choices))
            return gone
        count = len(self.proposals)
        intro = f"{plural(count, 'topic')} proposed for the next {self.agenda_name}."
        self.query_one("#proposals-intro", Static).update(literal(intro))
        self.query_one("#proposals-asked", Static).update(asked_text(self.proposals, self.team_seconds))
        self._show_detail()
        return gone

    def _choice_cell(self, proposal_id: str) -> Text:
        choice = self.choices[proposal_id]
        label, style = _SHOWN[choice.action]
        return Text(label, style=style)

    @property
    def highlighted(self) -> OpenProposal | None:
        """The proposal under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # enter on the list: done
        self.dismiss(dict(self.choices))

    def _show_detail(self) -> None:
        item = self.highlighted
        if item is None:
            return
        proposal, choice = item.proposal, self.choices[item.id]
        facts = [f"owner: {proposal.owner}"] if proposal.owner else []
        if proposal.note:
            facts.append(proposal.note)
        if choice.reason:
            facts.append(f"declined: {choice.reason}")
        self.query_one("#proposal-detail", Static).update(literal(" · ".join(facts)))

    def _set(self, proposal_id: str, choice: Choice) -> None:
        self.choices[proposal_id] = choice
        self.query_one(DataTable).update_cell(proposal_id, "choice", self._choice_cell(proposal_id))
        self._show_detail()

    def action_choose(self, action: str) -> None:
        item = self.highlighted
        if item is None:
            return
        self._set(item.id, Choice(action))
        table = self.query_one(DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def action_decline(self) -> None:
        if self.highlighted is None:
            return
        field = self.query_one("#decline-reason", Input)
        field.value = ""
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        item = self.highlighted
        self._close_reason()
        if item is not None:
            self._set(item.id, Choice(DECLINE, event.value.strip() or None))

    def _close_reason(self) -> None:
        field = self.query_one("#decline-reason", Input)
        field.display = False
        self.query_one(DataTable).focus()

    def action_cancel(self) -> None:
        if self.query_one("#decline-reason").display:
            self._close_reason()
            return
        self.dismiss(None)


def apply_choices(meeting: Meeting, proposals: Sequence[OpenProposal], choices: Mapping[str, Choice]) -> int:
    """Take and decline in the meeting as chosen (oldest first, so taken topics keep that order); returns changes."""
    changed = 0
    for item in proposals:
        choice = choices.get(item.id)
        if choice is None or choice.action == LATER:
            continue
        if choice.action == TAKE:
            changed += meeting.take_proposal(item) is not None
        else:
            changed += meeting.decline_proposal(item, choice.reason)
    return changed


def offer_to_meeting(screen: Screen, session: MeetingSession, then: Callable[[], None] | None = None) -> bool:
    """Offer the open proposals of ``session``'s agenda once, before its clock first starts; apply what is chosen.

    Choices made while preparing the meeting (picker, adjust) are applied first
    and not asked again. True when a dialog opened; ``then`` runs once it is answered.
    """
    for warning in session.proposal_warnings[:3]:
        screen.notify(warning, severity="warning", timeout=8, markup=False)
    offered = session.open_proposals()
    _withdraw_taken(screen, session.meeting.agenda_name, {item.id for item in offered})
    if session.proposals_offered or session.meeting.started or not offered:
        return False
    session.proposals_offered = True
    made = app_state(screen.app).preparation.take(session.meeting.agenda_name)
    gone = [proposal_id for proposal_id, choice in made.items() if choice.action != LATER]
    _note_taken([proposal_id for proposal_id in gone if proposal_id not in {item.id for item in offered}], screen)
    if made:
        apply_choices(session.meeting, offered, made)  # the screen's views follow the events
        offered = [item for item in offered if item.id not in made]
        if not offered:
            return False

    def answered(choices: dict[str, Choice] | None) -> None:
        if choices:
            apply_choices(session.meeting, offered, choices)  # the screen's views follow the events
        if then is not None:
            then()

    plan_by_team = {line.team: line.planned for line in meeting_report(session.meeting).teams}

    screen.app.push_screen(
        ProposalsScreen(offered, plan_by_team, session.meeting.agenda_name), guarded_callback(screen, answered)
    )
    return True


def _withdraw_taken(screen: Screen, agenda_name: str, still_open: set[str]) -> None:
    """An offer on screen that the history now shows taken up (a fetch landed after it was made) disappears."""
    for shown in screen.app.screen_stack:
        if isinstance(shown, ProposalsScreen) and shown.agenda_name.casefold() == agenda_name.casefold():
            _note_taken([item.proposal.title for item in shown.withdraw(still_open)], screen)


def _note_taken(titles: Sequence[str], screen: Screen) -> None:
    if titles:
        names = ", ".join(f"“{title}”" for title in titles)
        screen.notify(
            f"{names}: taken up or declined by another meeting (its minutes just came in) — no longer offered.",
            title="Proposals",
            timeout=10,
            markup=False,
        )


SHOWN_TITLES = 4
"""How many proposed topics the picker and adjust screens list by name."""


def proposals_panel(
    proposals: Sequence[OpenProposal],
    team_seconds: Mapping[Team, int],
    choices: Mapping[str, Choice],
    *,
    titles: bool = True,
    fit: SlotFit | None = None,
) -> Group:
    """For the picker's detail and the adjust screen: what is proposed, the time asked per team, what is decided.

    ``titles`` lists the topics by name too (where there is room); ``fit`` is as for :func:`choices_text`.
    """
    count = len(proposals)
    parts: list[Text] = [
        Text.assemble(
            (f"Proposed for the next meeting: {plural(count, 'topic')}", "bold"),
            ("  ·  o to take, leave or decline", "dim"),
        ),
        asked_text(proposals, team_seconds),
    ]
    for item in proposals[:SHOWN_TITLES] if titles else ():
        proposal = item.proposal
        line = Text("• ")
        line.append(visible(proposal.title), style=TEAM_COLOURS[proposal.team])
        line.append(visible(f"  {proposal.minutes}m · {proposal.proposed_by}, {ago(item.age_days)}"), style="dim")
        parts.append(line)
    if titles and count > SHOWN_TITLES:
        parts.append(Text(f"… and {count - SHOWN_TITLES} more", style="dim"))
    if any(choice.action != LATER for choice in choices.values()):
        parts.append(choices_text(choices, proposals, fit))
    return Group(*parts)
