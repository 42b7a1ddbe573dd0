"""Captured: this meeting's actions, decisions, concerns and insights, newest last."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from meetingtui.domain.events import CapturedItem, CaptureKind, ItemCaptured, ItemEdited, ItemRemoved, MeetingEvent
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import ActionItem, ActionStatus, Concern, Decision, Insight
from meetingtui.tui.palette import TEAM_COLOURS, TEAM_LABELS, team_text
from meetingtui.tui.widgets.view import MeetingView

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


class CapturedLog(MeetingView, VerticalScroll, can_focus=False):
    """Everything captured so far; scrolls to the newest item."""

    REDRAWS_ON = frozenset({ItemCaptured, ItemEdited, ItemRemoved})

    def __init__(self, meeting: Meeting, **kwargs) -> None:
        super().__init__(meeting, **kwargs)
        self._entries: list[tuple[CaptureKind, CapturedItem]] = []

    def compose(self):
        yield Static(id="captured-body")

    def on_mount(self) -> None:
        self.border_title = "Captured"
        self.anchor()  # stay scrolled to the newest item as the log grows
        self._entries = [(kind, item) for kind in CaptureKind for item in self.meeting.items(kind)]
        self.show_meeting(self.meeting, None)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Follow the event, then redraw: items in the order they were captured, kinds mixed."""
        if isinstance(event, ItemCaptured):
            if all(item is not event.item for _, item in self._entries):
                self._entries.append((event.kind, event.item))
        elif isinstance(event, ItemEdited | ItemRemoved):
            positions = [n for n, (kind, _) in enumerate(self._entries) if kind is event.kind]
            if event.index < len(positions):
                if isinstance(event, ItemEdited):
                    self._entries[positions[event.index]] = (event.kind, event.item)
                else:
                    del self._entries[positions[event.index]]
        self.border_subtitle = " · ".join(
            f"{len(meeting.items(kind))} {kind}" for kind in CaptureKind if meeting.items(kind)
        )
        if not self._entries:
            body = Text("Nothing captured yet — a action · d decision · c concern · i insight", style="dim")
        else:
            body = Text("\n").join(describe(kind, item) for kind, item in self._entries)
        self.query_one("#captured-body", Static).update(body)
