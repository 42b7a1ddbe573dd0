"""The independent stack floor: a minimal Textual app that first validates an agenda with pydantic.

``python bench/floor_app.py [--timer]`` parses a six-segment agenda (TOML, held
below) and validates it with a small pydantic model of its own — enums, a
duration validator, ``extra="forbid"`` — then shows ``baseline_app.py``'s Header, one Static (the
agenda's title and its first segment's title) and Footer. ``--timer`` rewrites
the Static once a second, as ``baseline_app.py --timer`` does.

It imports nothing from meetingtui on purpose: the floor is what the chosen
stack (Textual + pydantic + TOML) costs any app that checks its input before it
shows an agenda, so it must not grow when meetingtui's own models do.
It quits on ``q`` and ends cleanly on SIGTERM, like the other apps in the harness.
"""

from __future__ import annotations

import re
import sys
import tomllib
from enum import StrEnum

from baseline_app import Baseline  # the same minimal app (bench/ is on the path when run as a script)
from pydantic import BaseModel, ConfigDict, Field, field_validator

AGENDA = """
title = "Weekly sales & marketing sync"
description = "Are we keeping the promises we made each other?"
duration = "45m"
cadence = "weekly"

[[segments]]
title = "Last week's actions"
team = "joint"
duration = "5m"
owner = "Facilitator"
kind = "review-actions"
prompts = ["Which actions are done, which are stuck?", "Who can clear a blocker today?"]

[[segments]]
title = "Lead scorecard against the SLA"
team = "marketing"
duration = "7m"
owner = "Marketing ops lead"
prompts = ["Are qualified leads pacing to target?", "Did sales follow up in time?"]

[[segments]]
title = "Handoff quality"
team = "joint"
duration = "8m"
owner = "SDR lead"
prompts = ["Which leads were sent back, and why?"]

[[segments]]
title = "Pipeline that is stalling"
team = "sales"
duration = "7m"
owner = "Sales lead"
prompts = ["Which deals sat in one stage too long?"]

[[segments]]
title = "Voice of the field"
team = "sales"
duration = "90s"
owner = "Account executive"
prompts = ["What objection came up more than once?"]

[[segments]]
title = "Open floor: one concern each way"
team = "joint"
duration = "1h5m"
kind = "open-floor"
prompts = ["Sales: one thing marketing does that makes your week harder?"]
"""

_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


class Team(StrEnum):
    """Who owns a segment."""

    SALES = "sales"
    MARKETING = "marketing"
    JOINT = "joint"


class Kind(StrEnum):
    """What a segment is for."""

    STANDARD = "standard"
    REVIEW_ACTIONS = "review-actions"
    OPEN_FLOOR = "open-floor"


class Cadence(StrEnum):
    """How often the meeting runs."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


def seconds(value: object) -> int:
    """``"90s"``, ``"5m"``, ``"1h15m"`` or a whole number of minutes, in seconds."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value * 60
    match = _DURATION.fullmatch(str(value).strip())
    if not match or not any(match.groups()):
        raise ValueError(f"{value!r} is not a duration such as 90s, 5m or 1h15m")
    hours, minutes, secs = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs


class Segment(BaseModel):
    """One timed segment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    team: Team
    duration: int = Field(gt=0)
    owner: str | None = None
    kind: Kind = Kind.STANDARD
    prompts: list[str] = Field(default_factory=list)

    @field_validator("duration", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> int:
        return seconds(value)


class Agenda(BaseModel):
    """An agenda template."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    description: str = ""
    duration: int = Field(gt=0)
    cadence: Cadence | None = None
    segments: list[Segment] = Field(min_length=1)

    @field_validator("duration", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> int:
        return seconds(value)


def main(argv: list[str]) -> None:
    agenda = Agenda.model_validate(tomllib.loads(AGENDA))
    assert len(agenda.segments) == 6
    Baseline(f"{agenda.title}\n{agenda.segments[0].title}", "--timer" in argv).run()


if __name__ == "__main__":
    main(sys.argv[1:])
