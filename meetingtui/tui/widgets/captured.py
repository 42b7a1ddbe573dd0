"""Captured: this meeting's actions, decisions, concerns and insights, newest last; a mistake can be fixed here.

``tab`` focuses the list, ``↑``/``↓`` select an item, ``enter`` asks the screen to
edit it and ``delete`` to delete it (intents: the screen commands the engine).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from meetingtui.domain.events import CaptureKind, ItemCaptured, ItemEdited, ItemRemoved, ItemRestored, MeetingEvent
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import ActionItem, ActionStatus, Concern, Decision, Insight
from meetingtui.domain.terminal_text import visible
from meetingtui.domain.wording import plural
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
    text = Text()
    text.append(f"{label:<8}", style=style)  # the label only: the item's own words in the normal colour
    text.append(visible(item.text))
    if isinstance(item, ActionItem):
        if item.owner:
            text.append(" — ").append_text(team_text(item.team, item.owner))
        if item.due:
            text.append(f" · due {item.due:%a %d %b}", style="dim")
        if item.status is not ActionStatus.OPEN:
            text.append(f" [{item.status.value}]", style="dim")
    elif isinstance(item, Concern) and (item.from_team or item.to_team):
        text.append(" (")
        for n, team in enumerate((item.from_team, item.to_team)):
            text.append(" → " if n else "")
            if team:
                text.append(TEAM_LABELS[team], style=TEAM_COLOURS[team])
            else:
                text.append("—", style="dim")
        text.append(")")
    elif isinstance(item, Insight) and item.content_idea:
        text.append(f" → idea: {visible(item.content_idea)}", style="italic")
    return text


@dataclass
class EditCaptured(Message):
    """Edit the ``index``-th captured item of ``kind`` (the same dialog that captured it, filled in)."""

    kind: CaptureKind
    index: int


@dataclass
class DeleteCaptured(Message):
    """Delete the ``index``-th captured item of ``kind`` (after asking)."""

    kind: CaptureKind
    index: int


EMPTY = Text("Nothing captured yet — a action · d decision · c concern · i insight", style="dim")


class CapturedLog(MeetingView, OptionList):
    """Everything captured so far, in the order it was taken; follows the newest item unless one is selected.

    Drawn from the meeting's state (:func:`~meetingtui.domain.capture.captured`) on every change,
    never from a list of its own: a freshly drawn log equals the live one, after a resume too.
    """

    REDRAWS_ON = frozenset({ItemCaptured, ItemEdited, ItemRemoved, ItemRestored})

    BINDINGS = [
        Binding("enter", "edit", "Edit", id="captured-edit", tooltip="Edit the selected captured item"),
        Binding(
            "delete,backspace",
            "delete",
            "Delete",
            id="captured-delete",
            key_display="del",
            tooltip="Delete the selected captured item (asks first)",
        ),
    ]

    def __init__(self, meeting: Meeting, **kwargs) -> None:
        super().__init__(meeting, markup=False, **kwargs)

    def on_mount(self) -> None:
        self.border_title = "Captured"
        self.anchor()  # stay scrolled to the newest item as the list grows (until someone scrolls up)
        self.show_meeting(self.meeting, None)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Redraw from ``meeting``: its items in the order they were captured, kinds mixed."""
        entries = meeting.captured()
        self.border_subtitle = " · ".join(
            plural(len(meeting.items(kind)), kind.label) for kind in CaptureKind if meeting.items(kind)
        )
        selected = self.highlighted
        self.clear_options()
        if not entries:
            self.add_option(Option(EMPTY, disabled=True))
            return
        self.add_options([Option(describe(kind, item)) for kind, item in entries])
        if self.has_focus and selected is not None:
            self.highlighted = min(selected, len(entries) - 1)

    def selected(self) -> tuple[CaptureKind, int] | None:
        """The selected item's kind and its index among the items of that kind."""
        entries = self.meeting.captured()
        if self.highlighted is None or self.highlighted >= len(entries):
            return None
        kind = entries[self.highlighted][0]
        return kind, sum(1 for other, _ in entries[: self.highlighted] if other is kind)

    def on_focus(self) -> None:
        if self.highlighted is None and self.meeting.captured():
            self.highlighted = len(self.meeting.captured()) - 1  # the newest: the likeliest mistake

    def on_blur(self) -> None:
        self.highlighted = None  # no selection without the focus: the list follows the newest item again

    def action_edit(self) -> None:
        """Ask the screen to edit the selected item."""
        if chosen := self.selected():
            self.post_message(EditCaptured(*chosen))

    def action_delete(self) -> None:
        """Ask the screen to delete the selected item."""
        if chosen := self.selected():
            self.post_message(DeleteCaptured(*chosen))
