"""What the minutes would miss if saved now: actions nobody can follow up, and items the figures cannot count.

An action needs an owner and a due date (to be followed up) and a team (``stats`` counts promises per team);
a concern needs both teams (``stats`` counts concerns per direction). Each gap names the item, what is missing
and the dialog field to fix first. Pure: the summary lists them and ``f`` opens the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetingtui.domain.events import CaptureKind
from meetingtui.domain.minutes import ActionItem, Minutes


@dataclass(frozen=True)
class Gap:
    """One item with something missing: its kind and index, what is missing (words), the field to fix first."""

    kind: CaptureKind
    index: int
    missing: str
    field: str
    text: str

    def line(self) -> str:
        """``“Send the deck” has no due date``: the summary's line (user text: shown literally)."""
        what = "concern " if self.kind is CaptureKind.CONCERNS else ""
        return f"{what}“{self.text}” has no {self.missing}"


def gaps(minutes: Minutes) -> list[Gap]:
    """Every gap, actions first (in the order taken), then concerns."""
    found = []
    for index, action in enumerate(minutes.actions):
        missing = [(name, field) for name, field, value in _action_needs(action) if not value]
        if missing:
            words = " and ".join(name for name, _ in missing)
            found.append(Gap(CaptureKind.ACTIONS, index, words, missing[0][1], action.text))
    for index, concern in enumerate(minutes.concerns):
        if concern.from_team is None or concern.to_team is None:
            missing = "direction (from → to team)" if concern.from_team is None else "team it is raised with"
            field = "from_team" if concern.from_team is None else "to_team"
            found.append(Gap(CaptureKind.CONCERNS, index, missing, field, concern.text))
    return found


def _action_needs(action: ActionItem) -> tuple[tuple[str, str, object], ...]:
    """(words, dialog field, value): the owner and the due date first (the follow-up), then the owner's team."""
    team = action.team is not None or not action.owner  # no owner: the owner is what is missing, not a team
    return (
        ("owner", "owner", action.owner),
        ("due date", "due", action.due),
        (f"team for {action.owner}", "team", team),
    )
