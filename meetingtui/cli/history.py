"""``actions``, ``decisions``, ``insights`` and ``stats``: what all the minutes of a repository add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from meetingtui.cli import formats
from meetingtui.cli.common import load_history_of as load
from meetingtui.cli.common import repo_option, say
from meetingtui.cli.params import SINCE, TEAM
from meetingtui.domain.agenda import Team


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


@click.command()
@repo_option
@click.option("--owner", help="Only actions of people whose name contains this (any case): --owner sam.")
@click.option("--team", type=TEAM, help="Only actions of this team (sales, marketing or joint; any case).")
@click.option("--overdue", is_flag=True, help="Only actions past their due date.")
@_format_option("table", "md", "json", "ics")
def actions(repo: Path | None, owner: str | None, team: Team | None, overdue: bool, fmt: str) -> None:
    """Open action items across all minutes, after every later update."""
    _, history = load(repo)
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
    _, history = load(repo)
    _emit(fmt, history.decisions(since), formats.decision_record, formats.decisions_markdown, formats.decisions_table)


@click.command()
@repo_option
@since_option
@_format_option("table", "md", "json")
def insights(repo: Path | None, since: dt.date | None, fmt: str) -> None:
    """Customer insights and content ideas across all minutes: marketing's backlog from the field."""
    _, history = load(repo)
    _emit(fmt, history.insights(since), formats.insight_record, formats.insights_markdown, formats.insights_table)


@click.command()
@repo_option
@_format_option("table", "json")
def stats(repo: Path | None, fmt: str) -> None:
    """Cadence, time share per team, overruns, action completion per team, concerns each way."""
    from meetingtui.domain.stats import compute_stats

    minutes_repo, history = load(repo)
    from meetingtui.store.agendas import agenda_cadences

    figures = compute_stats(history, dt.date.today(), agenda_cadences(minutes_repo))
    from meetingtui.cli.proposals import proposal_figures, proposals_text

    proposed = proposal_figures(minutes_repo, history)
    if fmt == "json":
        say(formats.to_json({**figures.to_json(), "proposals": proposed.to_json()}))
    else:
        say(formats.stats_text(figures) + proposals_text(proposed))


def _emit(fmt: str, rows: list, record: Callable, markdown: Callable, table: Callable) -> None:
    """Print ``rows`` as a JSON array of records, Markdown, or a table for people."""
    if fmt == "json":
        say(formats.json_array(record(row) for row in rows))
    elif fmt == "md":
        say(markdown(rows))
    else:
        say(table(rows))
