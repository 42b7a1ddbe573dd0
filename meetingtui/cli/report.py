"""``report``: one Markdown page (or JSON) on whether sales and marketing keep their alignment habits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from meetingtui.cli import formats
from meetingtui.cli.common import repo_option, say
from meetingtui.cli.history import FIGURES, agenda_option, as_of_option, figures_for, load, since_option
from meetingtui.domain.errors import InputError
from meetingtui.store.files import atomic_write_text
from meetingtui.store.report_page import minutes_links, overdue_in_scope, render_report, report_day, report_json


@click.command()
@repo_option
@since_option
@agenda_option
@as_of_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of printing it; links are relative to its folder.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="md: the page for the git host; json: the same figures as `stats --format json`, plus the overdue list.",
)
def report(
    repo: Path | None, since: dt.date | None, agenda: str | None, as_of: dt.date | None, out: Path | None, fmt: str
) -> None:
    """Cadence, time given, concerns, promises kept, proposals and attendance, with Mermaid charts.

    Generated from the minutes alone, so every clone writes the same bytes: figures are as of the
    newest minutes' date (or --as-of), never the clock. Printed reports link minutes as seen from
    the repository's top folder.
    """
    # the report's code after the options are checked
    from meetingtui.store.history_store import minutes_paths

    minutes_repo, history = load(repo, FIGURES)
    figures = figures_for(minutes_repo, history, as_of or report_day(history), since, agenda)
    overdue = overdue_in_scope(history, figures)
    base = out.parent if out is not None else minutes_repo.root
    known = minutes_paths(minutes_repo, {s.minutes for s in overdue})  # the index knows where each one is
    links = minutes_links(minutes_repo, (s.minutes for s in overdue), base, known)
    text = formats.to_json(report_json(figures, overdue, links)) + "\n" if fmt == "json" else None
    text = text or render_report(figures, overdue, links)
    if out is None:
        say(text, nl=False)
        return
    try:
        atomic_write_text(out, text)
    except OSError as exc:
        raise InputError(out, f"cannot be written: {exc.strerror or exc} — choose another --out") from None
    say(f"meetingtui: wrote {out}", err=True)
