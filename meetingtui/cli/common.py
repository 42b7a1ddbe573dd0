"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import gc
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from meetingtui.domain.errors import InputError, shown
from meetingtui.domain.terminal_text import control_problem, visible


def say(message: object = "", err: bool = False, nl: bool = True) -> None:
    """Print ``message`` (to stderr with ``err``), every control character in it made visible.

    The one way the commands print: values from minutes, proposals, flags or git's output may
    hold escape sequences that would set the terminal's title, clear it or write its clipboard.
    """
    click.echo(visible(str(message), keep_newlines=True), err=err, nl=nl)


def refuse_controls(**values: str | None) -> None:
    """Refuse typed text (a flag or an argument, by name) that holds a control character: a located error (exit 2).

    ``note`` may hold newlines and tabs. What is kept goes to files a whole team reads in their terminals.
    """
    for name, value in values.items():
        problem = control_problem(value or "", keep_newlines=name == "note")
        if problem:
            option = name.upper() if name == "text" else f"--{name}"
            raise InputError(option, f"{shown(value)} {problem}")


def person_named(roster: Roster, typed: str, option: str) -> str:
    """The roster's full name for ``typed`` (``option``'s value); several fit: a located error listing them (exit 2);
    nobody: ``typed`` as is, with a warning on stderr when there is a roster (its team is unknown)."""
    # the roster's rule only when a person is named
    from meetingtui.domain.roster import Ambiguous, Resolved

    found = roster.resolve(typed)
    if isinstance(found, Resolved):
        return found.name
    if isinstance(found, Ambiguous):
        raise InputError(option, found.message())
    if found.name and roster.members:  # no roster at all: nothing to check against, nothing to warn about
        say(f"meetingtui: warning: {option}: {found.warning()}", err=True)
    return found.name


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from meetingtui.domain.history import History
    from meetingtui.domain.roster import Roster
    from meetingtui.store.repo import MinutesRepo

    Records = tuple[list[str], list[str]]
    """JSON records, one a line, and the warnings to tell."""

repo_option = click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Minutes repository (default: $MEETINGTUI_REPO, the enclosing repository, or your own).",
)


def open_repo(
    repo: Path | None, *, reading: bool = False, meeting: bool = False, commit: bool = True, using: str | None = None
):
    """Resolve the repository for a command (see docs/PRODUCT.md, "Default repository").

    The shared files and folders are checked here, before anything runs: one that leads out of
    the repository (a symlink, ``..``, ``.git``) is a located error (exit 2; see
    :meth:`~meetingtui.store.repo.MinutesRepo.check_shared_paths`). A command that is ``reading``
    history names the repository on stderr (stdout stays the data, in every format), and so does
    one that says what it is ``using`` it for ("committing in", "reading the agendas in" …); a
    ``meeting`` says so when the minutes go to the per-user repository, and refuses a folder
    that is not a git repository when it is to ``commit`` there.
    """
    # `agendas validate` and --help need no repository
    from meetingtui.store.repo import REPO_ENV, in_git_work_tree, is_default, resolve_repo

    minutes_repo = resolve_repo(repo)
    minutes_repo.check_shared_paths()
    if (reading or using == SYNCING) and not is_default(minutes_repo):
        refuse_if_no_minutes_repository(minutes_repo, "--repo" if repo is not None else f"${REPO_ENV}")
    if meeting and commit and not in_git_work_tree(minutes_repo.root):
        origin = "--repo" if repo is not None else f"${REPO_ENV}"
        raise InputError(
            minutes_repo.root,
            f"is not a git repository (given by {origin}), so the minutes could not be committed — "
            f"make it one with `meetingtui init {shlex.quote(str(minutes_repo.root))}`, or add --no-commit",
        )
    default = is_default(minutes_repo)
    if reading or using or (meeting and default):
        whose = ""
        if default:
            whose = " (your own repository, created now" if minutes_repo.created else " (your own repository"
            whose += "; a team's: --repo DIR or $MEETINGTUI_REPO)"
        verb = using or ("reading the minutes in" if reading else "the minutes go to")
        say(f"meetingtui: {verb} {minutes_repo.root}{whose}", err=True)
    return minutes_repo


SYNCING = "syncing"


def refuse_if_no_minutes_repository(minutes_repo: MinutesRepo, origin: str) -> None:
    """A folder that is no git repository and has none of meetingtui's files (``meetingtui.toml``, the
    minutes folder, ``people.toml``, ``agendas/``, ``proposals/``) is no minutes repository: say so (exit 2).

    Reading one would print "No minutes yet." about a folder that was never meant, a typo or the wrong
    clone. A git repository is a place for minutes as it is for ``run`` (its first meeting lays them out).
    """
    # only for a --repo or $MEETINGTUI_REPO given, not for every command's start
    from meetingtui.store.layout import AGENDAS_DIR, PEOPLE_FILE, PROPOSALS_DIR, SETTINGS_FILE
    from meetingtui.store.repo import in_git_work_tree

    root = minutes_repo.root
    if in_git_work_tree(root) or minutes_repo.minutes_dir.is_dir():
        return
    if any((root / name).exists() for name in (SETTINGS_FILE, PEOPLE_FILE, AGENDAS_DIR, PROPOSALS_DIR)):
        return
    folder = minutes_repo.minutes_dir.relative_to(root).as_posix()
    raise InputError(
        root,
        f"is not a minutes repository (given by {origin}: no git repository, no {SETTINGS_FILE}, "
        f"no {folder}/ folder) — "
        f"give the team's clone, or make this one with `meetingtui init {shlex.quote(str(root))}`",
    )


def refuse_if_open_elsewhere(minutes_repo) -> None:
    """A meeting of this repository open in another window is not taken over: say where it is (exit 2)."""
    from meetingtui.store.window_lock import MeetingOpenElsewhere, open_elsewhere  # the screen's commands only

    owner = open_elsewhere(minutes_repo.state_dir, minutes_repo.root)
    if owner is not None:
        raise MeetingOpenElsewhere(minutes_repo.root, owner)


def index_records_of(repo_dir: Path | None, ask: Callable[[MinutesRepo], Records | None]) -> list[str] | None:
    """JSON records asked of the history index (``ask``: a :mod:`~meetingtui.store.history_store` function of the
    repository) with no model built; ``None`` when there is no index (then load the history). Warnings are reported
    on stderr as :func:`load_history_of` reports them."""
    found = ask(open_repo(repo_dir, reading=True))
    if found is None:
        return None
    records, warnings = found
    for warning in warnings:
        say(f"meetingtui: warning: {warning}", err=True)
    return records


def load_history_of(repo_dir: Path | None, parts: Iterable[str] | None = None) -> tuple[MinutesRepo, History]:
    """The repository and its history (only the ``parts`` named, when named: see
    :data:`~meetingtui.store.history_query.PARTS`); unreadable files are reported on stderr and skipped."""
    from meetingtui.store.history_store import load_history  # the history commands only; not before the first frame

    # The command keeps every object it builds until it ends: cyclic GC would only walk years of
    # minutes over and over (about a tenth of a warm run). Back on when the command is done.
    if gc.isenabled():
        gc.disable()
        click.get_current_context().call_on_close(gc.enable)
    repo = open_repo(repo_dir, reading=True)
    history = load_history(repo) if parts is None else load_history(repo, parts=parts)
    for warning in history.warnings:
        say(f"meetingtui: warning: {warning}", err=True)
    return repo, history
