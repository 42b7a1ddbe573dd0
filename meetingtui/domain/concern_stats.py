"""Concerns said out loud, per direction, and whether the room did something about them. Pure.

A concern *led to an action* when the same meeting captured at least one action
in the same segment (titles compared ignoring case; a concern or an action that
names no segment matches nothing). The minutes keep each kind of item in its own
list and do not record the order between kinds, so "in the same segment" is the
closest the history can say to "in answer to it". Such a concern is *closed*
when every one of those actions is closed (done or dropped, after all later
updates); its days to close run from its meeting to the minutes that closed the
last of them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from meetingtui.domain.history import ActionState, ConcernEntry

UNKNOWN = "unknown"
"""The direction of a concern that does not say which team raised it or with whom."""

MAIN_DIRECTIONS = (("sales", "marketing"), ("marketing", "sales"))

TEAM_UNKNOWN = "team unknown"
"""How a row of things whose team the minutes do not say is named: shown, never left out."""


def direction_words(from_team: str, to_team: str) -> str:
    """``sales → marketing``; ``direction unknown`` when neither side is known, ``team unknown`` for one side."""
    if from_team == to_team == UNKNOWN:
        return "direction unknown"
    return " → ".join(TEAM_UNKNOWN if team == UNKNOWN else team for team in (from_team, to_team))


@dataclass(frozen=True)
class ConcernFlow:
    """Concerns one team raised with another (``unknown`` when the minutes do not say), and what came of them."""

    from_team: str
    to_team: str
    count: int
    led_to_action: int = 0
    closed: int = 0
    median_days_to_close: float | None = None


@dataclass(frozen=True)
class ConcernState:
    """One concern with the actions it led to (see the module docstring)."""

    entry: ConcernEntry
    actions: tuple[ActionState, ...]

    @property
    def direction(self) -> tuple[str, str]:
        """``(from, to)`` team names, ``unknown`` for a missing side."""
        item = self.entry.item
        return (item.from_team.value if item.from_team else UNKNOWN, item.to_team.value if item.to_team else UNKNOWN)

    @property
    def closed(self) -> bool:
        """It led to actions and all of them are closed."""
        return bool(self.actions) and all(not state.is_open for state in self.actions)

    @property
    def days_to_close(self) -> int | None:
        """Days from the concern's meeting to the minutes that closed its last action; ``None`` while open."""
        if not self.closed:
            return None
        return max((state.closed_on - self.entry.date).days for state in self.actions if state.closed_on)


def concern_states(concerns: Iterable[ConcernEntry], actions: Iterable[ActionState]) -> list[ConcernState]:
    """Each concern (in the order given) with the actions its meeting captured in its segment."""
    by_segment: dict[tuple[str, str], list[ActionState]] = defaultdict(list)
    for state in actions:
        if state.original.segment:
            by_segment[(state.minutes, state.original.segment.casefold())].append(state)
    return [
        ConcernState(entry, tuple(by_segment.get((entry.minutes, (entry.item.segment or "").casefold()), ())))
        if entry.item.segment
        else ConcernState(entry, ())
        for entry in concerns
    ]


def concern_flows(states: Sequence[ConcernState]) -> tuple[ConcernFlow, ...]:
    """Sales → marketing and marketing → sales always; then other directions that occur, ``unknown`` ones last."""
    grouped: dict[tuple[str, str], list[ConcernState]] = defaultdict(list)
    for state in states:
        grouped[state.direction].append(state)
    others = sorted(pair for pair in grouped if pair not in MAIN_DIRECTIONS)
    others.sort(key=lambda pair: UNKNOWN in pair)  # stable: known directions first, each group sorted
    flows = []
    for pair in [*MAIN_DIRECTIONS, *others]:
        group = grouped.get(pair, [])
        days = [s.days_to_close for s in group if s.days_to_close is not None]
        flows.append(
            ConcernFlow(
                pair[0],
                pair[1],
                count=len(group),
                led_to_action=sum(1 for s in group if s.actions),
                closed=sum(1 for s in group if s.closed),
                median_days_to_close=statistics.median(days) if days else None,
            )
        )
    return tuple(flows)
