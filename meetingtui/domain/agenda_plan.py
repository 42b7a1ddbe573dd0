"""Changing an agenda before the meeting starts, and how its plan fits the booked slot.

The adjust screen keeps a list of :class:`~meetingtui.domain.agenda.Segment` and
asks these functions for the next list; a refused change raises
:class:`EditRefused` with words for the person. Nothing here knows a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from meetingtui.domain.agenda import Agenda, Segment
from meetingtui.domain.durations import adjusted_duration, format_duration
from meetingtui.domain.entries import NewSegment
from meetingtui.domain.proposals import OpenProposal


class EditRefused(ValueError):
    """A change the agenda does not take; the message says why, for people."""


@dataclass(frozen=True)
class SlotFit:
    """Planned seconds against the booked slot (``None``: no slot booked)."""

    planned: int
    slot: int | None

    @property
    def over(self) -> int:
        """Seconds the plan runs past the slot (0 when it fits or there is no slot)."""
        return 0 if self.slot is None else max(0, self.planned - self.slot)

    @property
    def spare(self) -> int:
        """Seconds of the slot the plan leaves free (0 when it is full, over, or there is no slot)."""
        return 0 if self.slot is None else max(0, self.slot - self.planned)

    def plus(self, seconds: int) -> SlotFit:
        """The fit with ``seconds`` more planned."""
        return SlotFit(self.planned + seconds, self.slot)


def slot_fit(agenda: Agenda) -> SlotFit:
    """How an agenda's segments fit its booked slot."""
    return SlotFit(agenda.planned_seconds, agenda.duration)


def proposals_seconds(proposals: Sequence[OpenProposal]) -> int:
    """The time the proposals ask for, in seconds."""
    return 60 * sum(item.proposal.minutes for item in proposals)


def retimed(segments: Sequence[Segment], row: int, delta: int) -> list[Segment]:
    """The segments with ``delta`` seconds more (or less) for segment ``row``: never down to nothing."""
    segment = segments[row]
    seconds = adjusted_duration(segment.duration, delta)
    if seconds is None:
        raise EditRefused("That is as short as it gets — remove the segment with x instead.")
    return [*segments[:row], segment.model_copy(update={"duration": seconds}), *segments[row + 1 :]]


def moved(segments: Sequence[Segment], row: int, delta: int) -> list[Segment] | None:
    """The segments with segment ``row`` moved by ``delta`` places; None past either end (nothing to do)."""
    target = row + delta
    if not (0 <= row < len(segments) and 0 <= target < len(segments)):
        return None
    result = list(segments)
    result.insert(target, result.pop(row))
    return result


def removed(segments: Sequence[Segment], row: int) -> list[Segment]:
    """The segments without segment ``row``; an agenda keeps at least one."""
    if len(segments) == 1:
        raise EditRefused("An agenda needs at least one segment.")
    return [*segments[:row], *segments[row + 1 :]]


def added(segments: Sequence[Segment], row: int, entry: NewSegment) -> list[Segment]:
    """The segments with ``entry`` after segment ``row``, validated as an agenda's segment."""
    try:
        duration = format_duration(entry.seconds)  # a bare number in an agenda means minutes
        segment = Segment.model_validate({"title": entry.title, "team": entry.team, "duration": duration})
    except ValidationError as exc:
        raise EditRefused(f"Not added: {exc.errors()[0]['msg']}") from None
    return [*segments[: row + 1], segment, *segments[row + 1 :]]
