"""What the facilitator decides while preparing a meeting (picker, adjust), kept until that meeting starts.

A declared object the App owns and passes along the start flow; no Textual here, so holding one costs
the first frame nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Literal

from meetingtui.domain.lean import frozen, mutable

ProposalAction = Literal["take", "later", "decline"]
"""What to do with one proposed topic."""


@frozen
class Choice:
    """What to do with one proposal; ``reason`` only for a decline."""

    action: ProposalAction
    reason: str | None = None


@mutable
class Preparation:
    """Proposal choices per agenda (by lower-case name), made before that agenda's meeting starts."""

    choices: dict[str, dict[str, Choice]] = field(default_factory=dict)

    def remember(self, agenda_name: str, choices: Mapping[str, Choice]) -> None:
        """Keep ``choices`` (proposal id → choice) for the next meeting of ``agenda_name``."""
        self.choices[agenda_name.casefold()] = dict(choices)

    def recall(self, agenda_name: str) -> dict[str, Choice]:
        """The choices kept for ``agenda_name`` (empty when none)."""
        return dict(self.choices.get(agenda_name.casefold(), {}))

    def take(self, agenda_name: str) -> dict[str, Choice]:
        """The choices kept for ``agenda_name``, forgotten here: the meeting that starts applies them."""
        return self.choices.pop(agenda_name.casefold(), {})
