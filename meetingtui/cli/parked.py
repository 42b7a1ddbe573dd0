"""``meetingtui parked``: every topic still parked, the old ones a meeting's start no longer offers included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from meetingtui.cli import formats
from meetingtui.cli.common import open_repo, repo_option, say
from meetingtui.domain.durations import format_duration

if TYPE_CHECKING:
    from meetingtui.domain.parked_topics import ParkedTopic


def parked_record(topic: ParkedTopic) -> dict[str, Any]:
    """The keys of a TOML ``[[parked]]`` table, plus its agenda, ``date`` and ``minutes`` (the meeting that parked
    it), ``age_days``, and ``offered`` (whether the next meeting's start offers it)."""
    entry = topic.entry
    return {
        **entry.item.model_dump(mode="json", exclude_none=True),
        "agenda": topic.agenda,
        "date": entry.date.isoformat(),
        "minutes": entry.minutes,
        "age_days": topic.age_days,
        "offered": topic.offered,
    }


def parked_table(topics: list[ParkedTopic], agenda: str | None) -> str:
    """The topics for people: newest first; ``offered`` says which ones the next meeting's start offers."""
    if not topics:
        return f"Nothing parked for {agenda}." if agenda else "Nothing parked."
    rows = [
        (
            t.entry.date,
            t.agenda,
            t.entry.item.title,
            t.entry.item.team.value,
            format_duration(t.entry.item.planned_seconds) if t.entry.item.planned_seconds else "",
            t.entry.item.reason or "",
            "yes" if t.offered else "",
            t.entry.minutes,
        )
        for t in topics
    ]
    return formats.table(["date", "agenda", "topic", "team", "plan", "reason", "offered", "minutes"], rows)


@click.command()
@repo_option
@click.option("--agenda", metavar="NAME", help="Only topics parked by meetings of this agenda (any case).")
@click.option("--offered", is_flag=True, help="Only the topics the next meeting's start offers (the recent ones).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for scripts.",
)
def parked(repo: Path | None, agenda: str | None, offered: bool, fmt: str) -> None:
    """Topics still parked, newest first, old ones included: a meeting's start offers only the recent ones
    (parked_meetings and parked_days in meetingtui.toml; by default the last meeting and 30 days)."""
    from meetingtui.store.parked_store import parked_topics  # after the options are checked

    topics, warnings = parked_topics(open_repo(repo, reading=True), dt.date.today(), agenda)
    for warning in warnings:
        say(f"meetingtui: warning: {warning}", err=True)
    if offered:
        topics = [topic for topic in topics if topic.offered]
    if fmt == "json":
        say(formats.json_array(parked_record(topic) for topic in topics))
    else:
        say(parked_table(topics, agenda))
