"""Captured: this meeting's actions, decisions, concerns and insights, newest last."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from meetingtui.domain.events import CaptureKind
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import ActionItem, ActionStatus, Concern, Decision, Insight
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, team_text

KIND_MARKS: dict[CaptureKind, tuple[str, str]] = {
    CaptureKind.ACTIONS: ("ACTION", "bold cyan"),
    CaptureKind.DECISIONS: ("DECIDED", "bold green"),
    CaptureKind.CONCERNS: ("CONCERN", "bold red"),
    CaptureKind.INSIGHTS: ("INSIGHT", "bold magenta"),
}


def describe(kind: CaptureKind, item: ActionItem | Decision | Concern | Insight) -> Text:
    """One line for an item, coloured by team where it has one."""
    label, style = KIND_MARKS[kind]
    text = Text(f"{label:<8}", style=style)
    text.append(item.text)
    if isinstance(item, ActionItem):
        if item.owner:
            text.append(" — ").append_text(team_text(item.team, item.owner))
        if item.due:
            text.append(f" · due {item.due:%a %d %b}", style="dim")
        if item.status is not ActionStatus.OPEN:
            text.append(f" [{item.status.value}]", style="dim")
    elif isinstance(item, Concern):
        text.append(" (")
        text.append(TEAM_LABELS[item.from_team], style=TEAM_COLOURS[item.from_team])
        text.append(" → ")
        text.append(TEAM_LABELS[item.to_team], style=TEAM_COLOURS[item.to_team])
        text.append(")")
    elif isinstance(item, Insight) and item.content_idea:
        text.append(f" → idea: {item.content_idea}", style="italic")
    return text


class CapturedLog(VerticalScroll, can_focus=False):
    """Everything captured so far; scrolls to the newest item."""

    def compose(self):
        yield Static(id="captured-body")

    def on_mount(self) -> None:
        self.border_title = "Captured"
        self._order: list[tuple[str, int]] = [("", -1)]  # never equal to a real set of items
        self.anchor()  # stay scrolled to the newest item as the log grows

    def show(self, meeting: Meeting) -> None:
        """Redraw when the items change; new items go last, in the order they were captured."""
        by_key = {(kind, id(item)): (kind, item) for kind in KIND_MARKS for item in meeting.items(kind)}
        if set(by_key) == set(self._order):
            return  # the same item objects: nothing was captured, edited or removed
        kept = [key for key in self._order if key in by_key]
        self._order = kept + [key for key in by_key if key not in set(kept)]
        items = [by_key[key] for key in self._order]
        self.border_subtitle = " · ".join(
            f"{len(meeting.items(kind))} {kind}" for kind in KIND_MARKS if meeting.items(kind)
        )
        if not items:
            body = Text("Nothing captured yet — a action · d decision · c concern · i insight", style="dim")
        else:
            body = Text("\n").join(describe(kind, item) for kind, item in items)
        self.query_one("#captured-body", Static).update(body)
