"""Click parameter types shared by the subcommands: teams and dates as people type them."""

from __future__ import annotations

import datetime as dt

import click

from meetingtui.domain.agenda import Team, parse_team
from meetingtui.domain.duedates import DATE_WORDS, DueDateError, parse_date
from meetingtui.domain.errors import InputError


class TeamType(click.ParamType):
    """A team in any case (``Sales``, ``MARKETING``) or short (``s``, ``mkt``) → :class:`Team`."""

    name = "team"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "sales|marketing|joint"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Team:
        if isinstance(value, Team):
            return value
        try:
            team = parse_team(str(value))
        except ValueError:
            team = None
        if team is None:
            raise InputError(_option(param), f"{value!r} is not a team: choose sales, marketing or joint (any case)")
        return team


class DateType(click.ParamType):
    """A date word (``today``, ``yesterday``, ``fri``, ``-2w``, ``+3d``, ``2026-12-04``) → :class:`datetime.date`.

    A bare weekday (``fri``) means the last one: this type serves ``--since``.
    """

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            day = parse_date(str(value), dt.date.today(), weekday="last")
        except DueDateError:
            day = None
        if day is None:
            raise InputError(_option(param), f"{value!r} is not a date: use {DATE_WORDS}")
        return day


def _option(param: click.Parameter | None) -> str:
    """The option as the person typed it (``--since``), for a one-line error (exit 2, see ``cli.fail``)."""
    if param is None:
        return "<input>"
    return max(param.opts, key=len) if param.opts else (param.name or "<input>")


TEAM = TeamType()
SINCE = DateType()
