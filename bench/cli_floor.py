"""The independent floor of a command: click plus one minutes file read with a small pydantic model of its own.

``python bench/cli_floor.py MINUTES.toml`` is a click command that parses one
minutes file (TOML) and validates it with its own small models — enums, a
timezone-aware datetime, nested segments and actions, ``extra="forbid"`` — then
prints its open actions as JSON, as ``meetingtui actions --format json`` would.

It imports nothing from meetingtui on purpose: the floor is what the chosen
stack (click + pydantic + TOML) costs any command that checks its input, so it
must not grow when meetingtui's own models do. (``cli_startup.py`` prints the
older floor, reading the file with meetingtui's models, as an extra line.)
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from enum import StrEnum

import click
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Team(StrEnum):
    """Who owns a segment or an action."""

    SALES = "sales"
    MARKETING = "marketing"
    JOINT = "joint"


class Status(StrEnum):
    """How a segment ended."""

    DONE = "done"
    SKIPPED = "skipped"
    PARKED = "parked"
    NOT_REACHED = "not-reached"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Segment(Record):
    title: str = Field(min_length=1)
    team: Team
    owner: str | None = None
    planned_seconds: int = Field(ge=0)
    actual_seconds: int = Field(ge=0)
    status: Status
    notes: str = ""


class Action(Record):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    owner: str | None = None
    team: Team | None = None
    due: dt.date | None = None
    status: str = "open"


class Minutes(Record):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    agenda: str
    date: dt.date
    started_at: AwareDatetime
    ended_at: AwareDatetime
    facilitator: str | None = None
    segments: list[Segment] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def main(path: str) -> None:
    """Print the open actions of one minutes file as JSON."""
    with open(path, "rb") as handle:
        minutes = Minutes.model_validate(tomllib.load(handle))
    opened = [action.model_dump(mode="json") for action in minutes.actions if action.status == "open"]
    click.echo(json.dumps(opened, indent=2))


if __name__ == "__main__":
    main()
