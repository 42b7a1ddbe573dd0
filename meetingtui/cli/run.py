"""``meetingtui``, ``meetingtui run AGENDA`` and ``meetingtui resume``: the commands that open the screen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from meetingtui.cli.common import open_repo, person_named, refuse_controls, refuse_if_open_elsewhere, repo_option, say
from meetingtui.domain.errors import InputError
from meetingtui.startup import imports_done


def _options(no_commit: bool, push: bool | None, quiet: bool):
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.session import SessionOptions

    return SessionOptions(commit=not no_commit, push=push, quiet=quiet)


def _run(app) -> None:
    imports_done(collect=False)  # the collector runs again once the first frame is shown (meetingtui/startup.py)
    status = app.run()
    if getattr(app, "farewell", None):
        say(app.farewell, err=True)
    sys.exit(status if isinstance(status, int) else 1)


def share_options(command):
    """``--share [--host H] [--port P]``: serve the follower page from the start (``run``, ``resume``)."""
    options = [
        click.option(
            "--share", is_flag=True, help="Serve a read-only web page of the meeting for people not in the room."
        ),
        click.option(
            "--host",
            metavar="H",
            help="With --share: the address to listen on "
            "(default 127.0.0.1, this computer only; 0.0.0.0: the network).",
        ),
        click.option(
            "--port", metavar="P", type=click.IntRange(0, 65535), help="With --share: the port (default: any free one)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _shared(share: bool, host: str | None, port: int | None) -> tuple[str | None, int | None] | None:
    """What ``make_app(share=…)`` takes; --host and --port alone are a usage error."""
    if (host is not None or port is not None) and not share:
        raise click.UsageError("--host and --port go with --share.")
    return (host, port) if share else None


@click.command()
@click.argument("agenda")
@repo_option
@click.option("--facilitator", help="Your name, recorded in the minutes.")
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option(
    "--push/--no-push",
    default=None,
    help="Push after committing, or not (default: the repository's push setting).",
)
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
@click.option("--no-attendance", is_flag=True, help="Open the meeting without marking who is here.")
@share_options
def run(
    agenda: str,
    repo: Path | None,
    facilitator: str | None,
    no_commit: bool,
    push: bool | None,
    quiet: bool,
    no_attendance: bool,
    share: bool,
    host: str | None,
    port: int | None,
) -> None:
    """Run one meeting. AGENDA is a template name or a path to a .toml file.

    Marks attendance first (enter accepts everyone expected), then opens the meeting
    screen, clock stopped until you press space.
    """
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.store.agendas import resolve_agenda

    refuse_controls(facilitator=facilitator)
    shared = _shared(share, host, port)
    minutes_repo = open_repo(repo, meeting=True, commit=not no_commit)
    refuse_if_open_elsewhere(minutes_repo)
    name, loaded = resolve_agenda(agenda, minutes_repo)
    facilitator = _named_facilitator(minutes_repo, facilitator) or ask_facilitator(minutes_repo)
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.tui.app import make_app

    _run(
        make_app(
            minutes_repo,
            agenda_name=name,
            agenda=loaded,
            facilitator=facilitator,
            options=_options(no_commit, push, quiet),
            share=shared,
            attendance=not no_attendance,
        )
    )


@click.command()
@repo_option
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option(
    "--push/--no-push",
    default=None,
    help="Push after committing, or not (default: the repository's push setting).",
)
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
@click.option("--no-downtime", is_flag=True, help="Do not count the time the app was down to the running segment.")
@share_options
def resume(
    repo: Path | None,
    no_commit: bool,
    push: bool | None,
    quiet: bool,
    no_downtime: bool,
    share: bool,
    host: str | None,
    port: int | None,
) -> None:
    """Continue a meeting that was interrupted (crash, kill, closed terminal).

    Without --repo (or $MEETINGTUI_REPO) it looks in every repository you have
    run a meeting in; with several interrupted meetings it lists them and asks.
    """
    shared = _shared(share, host, port)
    minutes_repo, chosen = _choose_interrupted(repo, commit=not no_commit)
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.session import MeetingSession
    from meetingtui.tui.app import make_app

    options = _options(no_commit, push, quiet)
    session = MeetingSession.resume(minutes_repo, chosen.found, count_downtime=not no_downtime, options=options)
    _run(make_app(minutes_repo, session=session, options=options, share=shared))


def _choose_interrupted(repo: Path | None, *, commit: bool):
    """The interrupted meeting to continue: the only one, or the one the user picks from a list."""
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.store.repo import REPO_ENV, state_root
    from meetingtui.store.resumable import all_resumable, resumable_in  # resume only
    from meetingtui.store.window_lock import MeetingOpenElsewhere

    minutes_repo = None
    if repo is not None or os.environ.get(REPO_ENV):
        minutes_repo = open_repo(repo, meeting=True, commit=commit)
        found = resumable_in(minutes_repo.state_dir, minutes_repo.root)
        if not found:
            raise InputError(minutes_repo.root, "no interrupted meeting to resume in this repository")
    else:
        found = all_resumable()
        if not found:
            raise InputError(None, f"no interrupted meeting to resume in any repository (looked in {state_root()})")
    free = [item for item in found if item.owner is None]
    if not free:
        raise MeetingOpenElsewhere(found[0].root or found[0].found.path.parent, found[0].owner)
    if len(found) > 1:
        say("Interrupted meetings:", err=True)
        for number, item in enumerate(free, 1):
            say(f"  {number}  {item.describe()}", err=True)
        for item in found:
            if item.owner is not None:
                say(f"  -  {item.describe()}", err=True)
    if len(free) > 1:
        number = click.prompt("Resume which one?", type=click.IntRange(1, len(free)), default=1, err=True)
        chosen = free[number - 1]
    else:
        chosen = free[0]
    if chosen.root is None:
        raise InputError(
            chosen.found.path,
            "this journal does not say which repository it belongs to — run `meetingtui resume --repo DIR`",
        )
    if minutes_repo is None and not chosen.root.is_dir():
        raise InputError(
            chosen.found.path,
            f"the repository of this meeting, {chosen.root}, is gone — put it back there, "
            "or delete this journal if the meeting is not wanted",
        )
    return minutes_repo or open_repo(chosen.root, meeting=True, commit=commit), chosen


@click.command()
@repo_option
@click.option("--facilitator", help="Your name, recorded in the minutes.")
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option(
    "--push/--no-push",
    default=None,
    help="Push after committing, or not (default: the repository's push setting).",
)
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
def start_interactive(
    repo: Path | None = None,
    facilitator: str | None = None,
    no_commit: bool = False,
    push: bool | None = None,
    quiet: bool = False,
) -> None:
    """Pick an agenda, mark attendance, run the meeting (offers to resume an interrupted one)."""
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.tui.app import make_app

    refuse_controls(facilitator=facilitator)
    minutes_repo = open_repo(repo, meeting=True, commit=not no_commit)
    refuse_if_open_elsewhere(minutes_repo)
    facilitator = _named_facilitator(minutes_repo, facilitator) or ask_facilitator(minutes_repo)
    _run(make_app(minutes_repo, facilitator=facilitator, options=_options(no_commit, push, quiet)))


def _named_facilitator(repo, given: str | None) -> str | None:
    """``--facilitator`` as the roster names the person: several fit, exit 2 listing them; unknown, a warning."""
    if not given or not given.strip():
        return None
    # people.toml is read only when a facilitator is named
    from meetingtui.store.people import repo_roster

    return person_named(repo_roster(repo), given, "--facilitator")


def ask_facilitator(repo) -> str | None:
    """The facilitator: the one this clone already knows, else asked once (the answer is remembered in this clone).

    Never asks without a terminal: the minutes then name no facilitator, as before.
    """
    # after the input is checked: a usage error or `run --help` answers without the screen's code
    from meetingtui.store.facilitator_store import find_facilitator

    found = find_facilitator(repo)
    if found or not sys.stdin.isatty():
        return found  # the session takes it as given: git is not asked twice before the first frame
    name = click.prompt("Your name, recorded as the facilitator (asked once)", default="", show_default=False)
    refuse_controls(facilitator=name)
    return name.strip() or None
