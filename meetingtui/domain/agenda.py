"""Agenda templates: timed segments owned by sales, marketing or both."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationInfo, field_validator

from meetingtui.domain.durations import DurationError, format_duration, parse_duration
from meetingtui.domain.terminal_text import no_controls


class Team(StrEnum):
    """Who owns a segment or an item."""

    SALES = "sales"
    MARKETING = "marketing"
    JOINT = "joint"

    @classmethod
    def _missing_(cls, value: object) -> Team | None:
        # "Sales" as the screen shows it is accepted in files and flags; it is written back as "sales".
        if isinstance(value, str):
            folded = value.strip().casefold()
            for team in cls:
                if team.value == folded:
                    return team
        return None


TEAM_LABELS: dict[Team, str] = {Team.SALES: "Sales", Team.MARKETING: "Marketing", Team.JOINT: "Joint"}
"""How a team is named for people: on screen, in the Markdown minutes, on the command line."""


class SegmentKind(StrEnum):
    """What a segment does beyond keeping time."""

    STANDARD = "standard"
    REVIEW_ACTIONS = "review-actions"
    OPEN_FLOOR = "open-floor"


Cadence = Literal["weekly", "biweekly", "monthly", "quarterly"]

CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}


def _to_seconds(value: Any) -> int:
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from None


Seconds = Annotated[
    int,
    BeforeValidator(_to_seconds),
    PlainSerializer(format_duration, return_type=str),
]
"""A duration written as "5m" / "90s" / 10, held as seconds, written back as a string."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_controls(cls, value: Any, info: ValidationInfo) -> Any:
        return no_controls(value, keep_newlines=info.field_name == "description")


class Segment(_Strict):
    """One timed part of the agenda."""

    title: str = Field(min_length=1, max_length=200)
    team: Team
    duration: Seconds = Field(gt=0)
    owner: str | None = Field(default=None, max_length=100)
    kind: SegmentKind = SegmentKind.STANDARD
    prompts: list[str] = Field(default_factory=list)


class Agenda(_Strict):
    """An agenda template as written in ``agendas/*.toml``."""

    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    duration: Seconds | None = None
    cadence: Cadence | None = None
    warn_at: str = "1m"
    rehearsal: bool = False
    """A dry run: never committed, never an earlier action's state changed, never counted anywhere."""
    segments: list[Segment] = Field(min_length=1)

    @field_validator("warn_at", mode="before")
    @classmethod
    def _check_warn_at(cls, value: Any) -> str:
        if isinstance(value, str) and value.strip().endswith("%"):
            number = value.strip()[:-1]
            try:
                percent = float(number)
            except ValueError:
                raise ValueError(f'{value!r}: write a share such as "20%" or a time such as "1m"') from None
            if not 0 < percent < 100:
                raise ValueError("a share must lie between 0% and 100%")
            return value.strip()
        _to_seconds(value)
        return value if isinstance(value, str) else format_duration(parse_duration(value))

    def warn_seconds(self, planned_seconds: int) -> float:
        """Seconds left in a segment of ``planned_seconds`` at which it turns to the warning colour."""
        if self.warn_at.endswith("%"):
            return planned_seconds * float(self.warn_at[:-1]) / 100
        return float(parse_duration(self.warn_at))

    @property
    def planned_seconds(self) -> int:
        """The sum of the segments' durations."""
        return sum(segment.duration for segment in self.segments)

    @property
    def slot_seconds(self) -> int:
        """The booked slot, or the segments' total when no slot is given."""
        return self.duration if self.duration is not None else self.planned_seconds

    @property
    def overbooked_seconds(self) -> int:
        """How far the segments exceed the booked slot (0 when they fit)."""
        return max(0, self.planned_seconds - self.slot_seconds)

    def team_seconds(self) -> dict[Team, int]:
        """Planned seconds per team."""
        totals = {team: 0 for team in Team}
        for segment in self.segments:
            totals[segment.team] += segment.duration
        return totals

    def team_gap_seconds(self) -> int:
        """How far sales' and marketing's planned time differ beyond one segment's granularity (0 when balanced).

        The granularity is the shortest segment: a gap smaller than it cannot be closed by moving time between
        segments without making a segment shorter than the template's own shortest.
        """
        totals = self.team_seconds()
        gap = abs(totals[Team.SALES] - totals[Team.MARKETING])
        return max(0, gap - min(segment.duration for segment in self.segments))

    def to_document(self) -> dict[str, Any]:
        """The agenda as a TOML-ready dict: durations as strings, defaults left out."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def parse_team(text: str) -> Team | None:
    """A team from what a person typed: ``sales``, ``mkt``, ``m``, ``Joint`` …; ``None`` for empty text."""
    value = text.strip().casefold()
    if not value:
        return None
    aliases = {"mkt": Team.MARKETING, "mktg": Team.MARKETING, "both": Team.JOINT}
    if value in aliases:
        return aliases[value]
    for team in Team:
        if team.value.startswith(value):
            return team
    raise ValueError(f"{text!r} is not a team: type sales, marketing or joint (s, m, j)")
