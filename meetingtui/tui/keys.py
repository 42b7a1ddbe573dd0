"""The meeting screen's keys: the table in docs/PRODUCT.md, the facilitator's muscle memory.

Help and the palette read it.
"""

from __future__ import annotations

from textual.binding import Binding

from meetingtui.domain.events import CaptureKind


def _b(
    key: str,
    action: str,
    description: str,
    tooltip: str,
    *,
    show: bool = True,
    key_display: str | None = None,
    priority: bool = False,
) -> Binding:
    return Binding(
        key,
        action,
        description,
        show=show,
        key_display=key_display,
        tooltip=tooltip,
        id=action.replace("_", "-"),
        priority=priority,
    )


def _capture(kind: CaptureKind) -> str:
    return f"capture('{kind.value}')"


MEETING_BINDINGS = [
    _b("space", "toggle_clock", "Start/pause", "Start, pause or resume the clock", key_display="space"),
    _b("n", "next_segment", "Next", "Finish this segment and start the next"),
    _b("p", "previous_segment", "Back", "Go back to the previous segment", show=False),
    _b("plus", "extend", "+1m", "Give this segment one more minute", key_display="+"),
    _b("minus", "shorten", "-1m", "Take one minute from this segment", key_display="-", show=False),
    _b("k", "skip", "Skip", "Skip this segment", show=False),
    _b("z", "park", "Park", "Skip this segment now and offer it to the next meeting of this agenda", show=False),
    _b("a", _capture(CaptureKind.ACTIONS), "Action", "Capture an action item: text, owner, team, due"),
    _b("d", _capture(CaptureKind.DECISIONS), "Decision", "Capture a decision"),
    _b("c", _capture(CaptureKind.CONCERNS), "Concern", "Raise a concern from one team to the other"),
    _b("i", _capture(CaptureKind.INSIGHTS), "Insight", "Capture a customer insight or content idea"),
    _b(
        "ctrl+e",
        "fix_captured",
        "Edit captured",
        "Edit or delete a captured item (tab to the Captured list does it too)",
        key_display="^e",
        show=False,
    ),
    _b(
        "ctrl+z",
        "undo_delete",
        "Undo delete",
        "Bring back the last captured item deleted",
        key_display="^z",
        show=False,
    ),
    _b("e", "edit_notes", "Notes", "Edit the notes of this segment (escape leaves)"),
    _b("t", "attendance", "Attendance", "Who is here, and from which team", show=False),
    _b("s", "add_segment", "Add segment", "Add an ad-hoc segment after this one", show=False),
    _b(
        "left_square_bracket", "move_up", "Move up", "Move the selected pending segment up", key_display="[", show=False
    ),
    _b(
        "right_square_bracket",
        "move_down",
        "Move down",
        "Move the selected pending segment down",
        key_display="]",
        show=False,
    ),
    _b("q", "end_meeting", "End", "End the meeting: summary, then save and commit"),
    _b("question_mark", "help", "Help", "Every key", key_display="?"),
]
# The action ids above double as the command palette's entries (see tui/commands.py).
LETTER_ACTIONS = {b.action.split("(")[0] for b in MEETING_BINDINGS}

FOOTER_RANKING = (
    "end_meeting",
    "help",
    "toggle_clock",
    "next_segment",
    "mark",  # the review list's keys, while it has the focus
    "reassign",
    "edit",  # the Captured list's keys, while it has the focus
    "delete",
    "leave",  # the notes editor's escape
    "capture",
    "edit_notes",
    "extend",
)
"""The footer's keys from most to least important: at 80 columns the last ones give way, never ``q`` and ``?``."""
