"""``actions``, ``decisions``, ``concerns``, ``insights``, ``stats``: what the minutes of a repository add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from meetingtui.cli import formats
from meetingtui.cli.common import load_history_of as load
from meetingtui.cli.common import repo_option, say
from meetingtui.cli.params import SINCE, TEAM
from meetingtui.domain.agenda import Team

if TYPE_CHECKING:
    from meetingtui.domain.history import History
    from meetingtui.store.repo import MinutesRepo


def _format_option(*choices: str):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="table",
        show_default=True,
        help="table for people, md to paste into a chat or an issue, json for scripts"
        + (", ics for calendars." if "ics" in choices else "."),
    )


since_option = click.option(
    "--since",
    type=SINCE,
    metavar="DATE",
    help="Only what was recorded on or after this day: 2026-11-27, today, yesterday, fri (the last Friday), -2w.",
)


as_of_option = click.option(
    "--as-of",
    "as_of",
    type=SINCE,
    metavar="DATE",
    help="Figures as they stood on this day (overdue, days since, the running period); any date word.",
)
FIGURES = ("meetings", "actions", "concerns", "outcomes")
"""The parts of the history ``stats`` and ``report`` read (see :func:`~meetingtui.store.figures.repo_stats`)."""
agenda_option = click.option("--agenda", metavar="NAME", help="Only meetings of this agenda (any case).")


@click.command()
@repo_option
@click.option("--owner", help="Only actions of people whose name contains this (any case): --owner sam.")
@click.option("--team", type=TEAM, help="Only actions of this team (sales, marketing or joint; any case).")
@click.option("--overdue", is_flag=True, help="Only actions past their due date.")
@_format_option("table", "md", "json", "ics")
def actions(repo: Path | None, owner: str | None, team: Team | None, overdue: bool, fmt: str) -> None:
    """Open action items across all minutes, after every later update."""
    _, history = load(repo, ["open"])
    states = history.open_actions(dt.date.today(), owner=owner, team=team, overdue=overdue)
    if fmt == "ics":
        click.echo(formats.actions_ics(states), nl=False)  # bytes go to the binary stream as they are
    else:
        _emit(fmt, states, formats.action_record, formats.actions_markdown, formats.actions_table)


@click.command()
@repo_option
@since_option
@_format_option("table", "md", "json")
def decisions(repo: Path | None, since: dt.date | None, fmt: str) -> None:
    """The decision log across all minutes, newest first."""
    _, history = load(repo, ["decisions"])
    _emit(fmt, history.decisions(since), formats.decision_record, formats.decisions_markdown, formats.decisions_table)


@click.command()
@repo_option
@click.option("--from", "from_team", type=TEAM, help="Only concerns raised by this team (sales, marketing or joint).")
@click.option("--to", "to_team", type=TEAM, help="Only concerns raised with this team.")
@click.option("--open", "only_open", is_flag=True, help="Only concerns not closed: no action yet, or one still open.")
@since_option
@_format_option("table", "md", "json")
def concerns(
    repo: Path | None, from_team: Team | None, to_team: Team | None, only_open: bool, since: dt.date | None, fmt: str
) -> None:
    """Concerns one team raised with the other, newest first, with the actions they led to."""
    from meetingtui.domain.concern_stats import concern_states

    _, history = load(repo, ["concerns", "actions"])
    states = [
        state
        for state in concern_states(history.concerns(since), history.actions)
        if (from_team is None or state.entry.item.from_team is from_team)
        and (to_team is None or state.entry.item.to_team is to_team)
        and not (only_open and state.closed)
    ]
    _emit(fmt, states, formats.concern_record, formats.concerns_markdown, formats.concerns_table)


@click.command()
@repo_option
@since_option
@_format_option("table", "md", "json")
def insights(repo: Path | None, since: dt.date | None, fmt: str) -> None:
    """Customer insights and content ideas across all minutes: marketing's backlog from the field."""
    _, history = load(repo, ["insights"])
    _emit(fmt, history.insights(since), formats.insight_record, formats.insights_markdown, formats.insights_table)


@click.command()
@repo_option
@since_option
@agenda_option
@as_of_option
@_format_option("table", "json")
def stats(repo: Path | None, since: dt.date | None, agenda: str | None, as_of: dt.date | None, fmt: str) -> None:
    """Cadence, time share per team, overruns, action completion per team, concerns each way, attendance.

    As of today unless --as-of says otherwise; --since and --agenda narrow the meetings counted.
    """
    minutes_repo, history = load(repo, FIGURES)
    figures = figures_for(minutes_repo, history, as_of or dt.date.today(), since, agenda)
    if fmt == "json":
        say(formats.to_json(figures.to_json()))
    else:
        from meetingtui.cli.proposals import proposals_text

        text = formats.stats_text(figures)
        say(text + (proposals_text(figures.proposals) if figures.proposals else ""))


def figures_for(minutes_repo: MinutesRepo, history: History, today: dt.date, since, agenda):
    """The figures ``stats`` and ``report`` print (one computation); unreadable files are reported on stderr."""
    from meetingtui.domain.stats import Scope
    from meetingtui.store.figures import repo_stats

    figures, warnings = repo_stats(minutes_repo, history, today, Scope(since, agenda.strip() if agenda else None))
    for warning in warnings:
        say(f"meetingtui: warning: {warning}", err=True)
    return figures


def _emit(fmt: str, rows: list, record: Callable, markdown: Callable, table: Callable) -> None:
    """Print ``rows`` as a JSON array of records, Markdown, or a table for people."""
    if fmt == "json":
        say(formats.json_array(record(row) for row in rows))
    elif fmt == "md":
        say(markdown(rows))
    else:
        say(table(rows))
