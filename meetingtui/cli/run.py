"""``meetingtui``, ``meetingtui run AGENDA`` and ``meetingtui resume``: the commands that open the screen."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from meetingtui.cli.common import open_repo, repo_option
from meetingtui.domain.errors import InputError


def _options(no_commit: bool, push: bool, quiet: bool):
    from meetingtui.session import SessionOptions

    return SessionOptions(commit=not no_commit, push=push, quiet=quiet)


def _run(app) -> None:
    status = app.run()
    sys.exit(status if isinstance(status, int) else 1)


@click.command()
@click.argument("agenda")
@repo_option
@click.option("--facilitator", help="Your name, recorded in the minutes.")
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option("--push", is_flag=True, help="Push after committing.")
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
@click.option("--share", is_flag=True, help="Serve a read-only web page of the meeting for people not in the room.")
@click.option(
    "--host",
    metavar="H",
    help="With --share: the address to listen on (default 127.0.0.1, this computer only; 0.0.0.0: the network).",
)
@click.option(
    "--port", metavar="P", type=click.IntRange(0, 65535), help="With --share: the port (default: any free one)."
)
def run(
    agenda: str,
    repo: Path | None,
    facilitator: str | None,
    no_commit: bool,
    push: bool,
    quiet: bool,
    share: bool,
    host: str | None,
    port: int | None,
) -> None:
    """Run one meeting. AGENDA is a template name or a path to a .toml file.

    Opens the meeting screen directly, clock stopped until you press space.
    """
    from meetingtui.store.agendas import resolve_agenda

    if (host is not None or port is not None) and not share:
        raise click.UsageError("--host and --port go with --share.")
    minutes_repo = open_repo(repo)
    name, loaded = resolve_agenda(agenda, minutes_repo)
    from meetingtui.tui.app import make_app

    _run(
        make_app(
            minutes_repo,
            agenda_name=name,
            agenda=loaded,
            facilitator=facilitator,
            options=_options(no_commit, push, quiet),
            share=(host, port) if share else None,
        )
    )


@click.command()
@repo_option
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option("--push", is_flag=True, help="Push after committing.")
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
@click.option("--no-downtime", is_flag=True, help="Do not count the time the app was down to the running segment.")
def resume(repo: Path | None, no_commit: bool, push: bool, quiet: bool, no_downtime: bool) -> None:
    """Continue a meeting that was interrupted (crash, kill, closed terminal)."""
    from meetingtui.store.journal import find_interrupted

    minutes_repo = open_repo(repo)
    found = find_interrupted(minutes_repo.state_dir)
    if found is None:
        raise InputError(minutes_repo.root, "no interrupted meeting to resume in this repository")
    from meetingtui.session import MeetingSession
    from meetingtui.tui.app import make_app

    options = _options(no_commit, push, quiet)
    session = MeetingSession.resume(minutes_repo, found, count_downtime=not no_downtime, options=options)
    _run(make_app(minutes_repo, session=session, options=options))


@click.command()
@repo_option
@click.option("--facilitator", help="Your name, recorded in the minutes.")
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option("--push", is_flag=True, help="Push after committing.")
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
def start_interactive(
    repo: Path | None = None,
    facilitator: str | None = None,
    no_commit: bool = False,
    push: bool = False,
    quiet: bool = False,
) -> None:
    """Pick an agenda, mark attendance, run the meeting (offers to resume an interrupted one)."""
    from meetingtui.tui.app import make_app

    _run(make_app(open_repo(repo), facilitator=facilitator, options=_options(no_commit, push, quiet)))
