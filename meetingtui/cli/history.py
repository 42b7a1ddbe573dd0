"""``actions``, ``decisions``, ``concerns``, ``insights``, ``stats``: what the minutes of a repository add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from meetingtui.cli import formats
from meetingtui.cli.common import index_records_of, person_named, repo_option, say
from meetingtui.cli.common import load_history_of as load
from meetingtui.cli.params import SINCE, TEAM
from meetingtui.domain.agenda import Team
from meetingtui.store import history_store

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
FIGURES = ("figures", "actions", "concerns", "outcomes")
"""The parts of the history ``stats`` and ``report`` read (see :func:`~meetingtui.store.figures.repo_stats`)."""
agenda_option = click.option("--agenda", metavar="NAME", help="Only meetings of this agenda (any case).")


@click.command()
@repo_option
@click.option("--owner", help="Only actions of the person this names (a name or a unique part, any case): --owner sam.")
@click.option("--team", type=TEAM, help="Only actions of this team (sales, marketing or joint; any case).")
@click.option("--overdue", is_flag=True, help="Only actions past their due date.")
@_format_option("table", "md", "json", "ics")
def actions(repo: Path | None, owner: str | None, team: Team | None, overdue: bool, fmt: str) -> None:
    """Open action items across all minutes, after every later update."""
    if fmt == "json" and owner is None:  # records the index keeps ready: no model built
        due_before = dt.date.today() if overdue else None
        records = index_records_of(repo, lambda found: history_store.open_action_records(found, team, due_before))
        if records is not None:
            say(formats.json_lines(records))
            return
    minutes_repo, history = load(repo, ["open"])
    if owner is not None:
        owner = _owner_named(minutes_repo, history, owner)
    today = dt.date.today()
    states = history.open_actions(today, owner=owner, team=team, overdue=overdue)
    if fmt == "ics":
        click.echo(formats.actions_ics(states), nl=False)  # bytes go to the binary stream as they are
        return
    filters = [f"of {team.value}"] if team else []
    filters += [f"owned by '{owner}'"] if owner else []
    what = "overdue actions" if overdue else "open actions"
    narrowed = bool(filters) or overdue
    empty = (
        nothing(what, filters, lambda: len(history.open_actions(today)), "open") if narrowed and not states else None
    )
    _emit(fmt, states, formats.action_record, formats.actions_markdown, formats.actions_table, empty)


def _entries_json(fmt: str, repo: Path | None, part: str, since: dt.date | None) -> bool:
    """Print the JSON records of a log (``part``: decisions or insights) from the index, no model built; ``False``
    when another format is asked for or there is no index (then the history is loaded)."""
    if fmt != "json":
        return False
    records = index_records_of(repo, lambda found: history_store.entry_records(found, part, since))
    if records is not None:
        say(formats.json_lines(records))
    return records is not None


def _owner_named(repo: MinutesRepo, history: History, typed: str) -> str:
    """``--owner`` as the one rule names a person, among the roster and the owners of actions: several fit,
    exit 2 listing them; nobody, a warning (and no action)."""
    # only when --owner is given
    from meetingtui.domain.roster import Member
    from meetingtui.store.people import repo_roster

    owners = (Member(state.owner, state.team) for state in history.actions if state.owner)
    return person_named(repo_roster(repo).with_members(owners), typed, "--owner")


@click.command()
@repo_option
@since_option
@_format_option("table", "md", "json")
def decisions(repo: Path | None, since: dt.date | None, fmt: str) -> None:
    """The decision log across all minutes, newest first."""
    if _entries_json(fmt, repo, "decisions", since):
        return
    _, history = load(repo, ["decisions"])
    rows = history.decisions(since)
    empty = nothing("decisions", _since_words(since), lambda: len(history.decision_log), "in all") if since else None
    _emit(fmt, rows, formats.decision_record, formats.decisions_markdown, formats.decisions_table, empty)


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
    from meetingtui.domain.concern_stats import concern_states  # the concerns command only

    _, history = load(repo, ["concerns", "actions"])
    states = [
        state
        for state in concern_states(history.concerns(since), history.actions)
        if (from_team is None or state.entry.item.from_team is from_team)
        and (to_team is None or state.entry.item.to_team is to_team)
        and not (only_open and state.closed)
    ]
    filters = [f"from {from_team.value}"] if from_team else []
    filters += [f"to {to_team.value}"] if to_team else []
    filters += _since_words(since)
    what = "open concerns" if only_open else "concerns"
    narrowed = bool(filters) or only_open
    empty = nothing(what, filters, lambda: len(history.concern_log), "in all") if narrowed and not states else None
    _emit(fmt, states, formats.concern_record, formats.concerns_markdown, formats.concerns_table, empty)


@click.command()
@repo_option
@since_option
@_format_option("table", "md", "json")
def insights(repo: Path | None, since: dt.date | None, fmt: str) -> None:
    """Customer insights and content ideas across all minutes: marketing's backlog from the field."""
    if _entries_json(fmt, repo, "insights", since):
        return
    _, history = load(repo, ["insights"])
    rows = history.insights(since)
    empty = nothing("insights", _since_words(since), lambda: len(history.insight_log), "in all") if since else None
    _emit(fmt, rows, formats.insight_record, formats.insights_markdown, formats.insights_table, empty)


@click.command()
@repo_option
@since_option
@agenda_option
@as_of_option
@_format_option("table", "md", "json")
def stats(repo: Path | None, since: dt.date | None, agenda: str | None, as_of: dt.date | None, fmt: str) -> None:
    """Cadence, time share per team, overruns, action completion per team, concerns each way, attendance.

    As of today unless --as-of says otherwise; --since and --agenda narrow the meetings counted.
    """
    minutes_repo, history = load(repo, FIGURES)
    figures = figures_for(minutes_repo, history, as_of or dt.date.today(), since, agenda)
    if fmt == "json":
        say(formats.to_json(figures.to_json()))
    elif fmt == "md":
        # --format md only
        from meetingtui.store.report_page import minutes_links, overdue_in_scope, stats_markdown

        overdue = overdue_in_scope(history, figures)
        links = minutes_links(minutes_repo, (state.minutes for state in overdue), minutes_repo.root)
        say(stats_markdown(figures, overdue, links))
    else:
        from meetingtui.cli.proposals import proposals_text  # the table only

        text = formats.stats_text(figures)
        say(text + (proposals_text(figures.proposals) if figures.proposals else ""))


def figures_for(minutes_repo: MinutesRepo, history: History, today: dt.date, since, agenda):
    """The figures ``stats`` and ``report`` print (one computation); unreadable files are reported on stderr."""
    # stats and report only
    from meetingtui.domain.stats import Scope
    from meetingtui.store.figures import repo_stats

    figures, warnings = repo_stats(minutes_repo, history, today, Scope(since, agenda.strip() if agenda else None))
    for warning in warnings:
        say(f"meetingtui: warning: {warning}", err=True)
    return figures


def nothing(what: str, filters: list[str], total: Callable[[], int], counted: str) -> str | None:
    """What an empty answer says when filters narrowed it: ``No overdue actions (3 open)``.

    ``what`` carries the filter that is an adjective ("overdue actions"), ``filters`` the others
    ("of sales", "since 2026-12-01"); ``total`` counts what there is without any (asked only when the
    answer is empty). ``None`` when there is nothing either way: the table's own "No open actions." is the truth.
    """
    count = total()
    return f"No {' '.join([what, *filters])} ({count} {counted})." if count else None


def _since_words(since: dt.date | None) -> list[str]:
    return [f"since {since.isoformat()}"] if since else []


def _emit(
    fmt: str, rows: list, record: Callable, markdown: Callable, table: Callable, empty: str | None = None
) -> None:
    """Print ``rows`` as a JSON array of records, Markdown, or a table for people; ``empty`` says why there are none."""
    if fmt == "json":
        say(formats.json_array(record(row) for row in rows))
    elif not rows and empty:
        say(f"_{empty}_" if fmt == "md" else empty)
    elif fmt == "md":
        say(markdown(rows))
    else:
        say(table(rows))
