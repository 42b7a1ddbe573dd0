"""``meetingtui render`` and ``meetingtui commit``: the minutes files after the meeting."""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import click

from meetingtui.cli.common import SYNCING, open_repo, repo_option, say
from meetingtui.domain.errors import InputError
from meetingtui.domain.wording import pending_words, plural

MINUTES_SUFFIXES = (".toml", ".md")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def render(paths: tuple[Path, ...]) -> None:
    """Re-render the Markdown of minutes from their TOML (the TOML is the source of truth).

    Prints the path of each Markdown file written. Bad files are reported one
    line each, after the good ones are rendered; the exit status is then 2.
    """
    # the Markdown renderer with the command that uses it (CLI start-up: bench/cli_startup.py)
    from meetingtui.store.minutes_store import render_file

    failed = False
    for path in paths:
        try:
            if path.suffix.lower() == ".md":
                raise InputError(path, f"the Markdown is generated — render its TOML: {path.with_suffix('.toml')}")
            say(render_file(path))
        except InputError as exc:
            say(f"meetingtui: {exc}", err=True)
            failed = True
    if failed:
        sys.exit(2)


@click.command()
@repo_option
@click.option(
    "--push/--no-push", default=None, help="Push after committing (default: the repository's `push` setting)."
)
def commit(repo: Path | None, push: bool | None) -> None:
    """Commit (and push) minutes that were saved but not committed yet, e.g. after a git failure.

    One commit per meeting, holding its TOML and Markdown. Minutes whose TOML
    does not load are left uncommitted and reported (exit status 2), so that a
    broken file never reaches everyone's history; the others are committed.
    """
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store import git
    from meetingtui.store.git.lock import COMMIT_WAIT_SECONDS, network
    from meetingtui.store.git.sync import wants_push
    from meetingtui.store.report_replay import regenerate_report

    minutes_repo = open_repo(repo, using="committing the minutes in")
    root = minutes_repo.root
    settings = minutes_repo.settings
    try:
        # One hold for the listing, the commits and the push: no sync may move the files in between.
        with network(root, "meetingtui commit", COMMIT_WAIT_SECONDS + settings.push_timeout, "commit"):
            changed = [
                p for p in git.uncommitted_files(root, minutes_repo.minutes_dir) if p.suffix.lower() in MINUTES_SUFFIXES
            ]
            committed, problems, skipped = _commit_meetings(minutes_repo, changed, settings.commit_timeout)
            if not committed:
                say("nothing to commit")
            if wants_push(root, settings, push):
                if committed or git.unpushed_commits(root, settings.remote):
                    say(
                        git.push(
                            root,
                            remote=settings.remote,
                            timeout=settings.push_timeout,
                            minutes_dir=settings.minutes_dir,
                            regenerate=regenerate_report,
                        ).message
                    )
                else:
                    say(f"nothing to push: {settings.remote} has every commit")
    except git.GitError as exc:
        say(str(exc), err=True)
        sys.exit(1)
    for problem in problems:
        say(f"meetingtui: {problem} — fix it, then run `meetingtui commit` again", err=True)
    _say_skipped(root, skipped)
    if problems:
        sys.exit(2)
    if skipped:
        sys.exit(1)


def _commit_meetings(minutes_repo, changed: list[Path], timeout: float) -> tuple[int, list[InputError], list[Path]]:
    """Commit each meeting's changed files on their own; how many commits, the unloadable minutes, and the
    changed tracked files left alone because this clone did not write their content."""
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store import git
    from meetingtui.store.git.provenance import not_ours
    from meetingtui.store.minutes_store import load_minutes

    root = minutes_repo.root
    skipped: list[Path] = []

    meetings: dict[Path, list[Path]] = defaultdict(list)
    for path in changed:
        meetings[path.with_suffix(".toml")].append(path)
    committed, problems = 0, []
    ready: list[tuple[list[Path], str]] = []
    for toml_path, files in sorted(meetings.items()):
        if not toml_path.is_file():
            # A Markdown file with no TOML beside it is not minutes (a README, someone's notes): not ours to commit.
            say(f"skipped {_shown(root, files[0])}: no minutes TOML beside it")
            continue
        foreign = not_ours(root, minutes_repo.state_dir, toml_path, files)
        if foreign:
            skipped += foreign
            continue
        try:
            minutes = load_minutes(toml_path)
        except InputError as exc:
            problems.append(exc)
            continue
        ready.append((sorted(files), minutes.commit_subject()))
    if ready:  # the report of every meeting now on disk goes with the last one
        ready[-1][0].extend(_report_paths(minutes_repo))
    for files, message in ready:
        before = git.head_sha(root)
        sha = git.commit_files(root, files, message, timeout=timeout)
        if sha == before:
            continue  # only staged, not changed on disk: HEAD already holds these files
        committed += 1
        say(f"committed {sha[:7]} {message}")
        for path in files:
            say(f"  {_shown(root, path)}")
    return committed, problems, skipped


def _report_paths(minutes_repo) -> list[Path]:
    """``REPORT.md`` regenerated from the history, when it changed (see ``store.report_file``)."""
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store.report_file import refresh_report

    return [minutes_repo.root / name for name in refresh_report(minutes_repo.root)]


def _say_skipped(root: Path, skipped: list[Path]) -> None:
    """Changed minutes no save of this clone wrote (an older copy of a colleague's?) are never committed over."""
    # git's quoting only when there is something to say
    from meetingtui.store.git.run import quote

    if not skipped:
        return
    shown = " ".join(quote(_shown(root, path)) for path in skipped)
    say(
        f"meetingtui: not committed: {shown} — it differs from the last commit, and no save of this clone wrote "
        "that content (an older copy?); committing it would replace the committed minutes.\n"
        f"  See the difference: git -C {quote(root)} diff -- {shown}\n"
        f"  Take the committed version back: git -C {quote(root)} restore -- {shown}\n"
        f"  then run meetingtui sync --repo {quote(root)}",
        err=True,
    )


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@click.command()
@repo_option
def sync(repo: Path | None) -> None:
    """Fetch the team's new minutes, bring this clone's unpushed minutes on top of them, and push.

    Prints what came in and what went out, and names saved minutes that were
    never committed (meetingtui commit takes those). Exit status 0 when the
    remote has every commit of this clone afterwards, 1 when something is left
    to do (offline, a wrong URL, a push refused, a file you changed in the way: it says).
    """
    # the git layer with the command that uses it (CLI start-up: bench/cli_startup.py)
    from meetingtui.store import git
    from meetingtui.store.git.lock import network

    minutes_repo = open_repo(repo, using=SYNCING)
    settings = minutes_repo.settings
    try:
        # One sync at a time per repository (other users, cron, the app's background fetch): they wait for it.
        with network(minutes_repo.root, "meetingtui sync", settings.fetch_timeout + settings.push_timeout, "sync"):
            _sync(minutes_repo)
    except git.GitError as exc:
        say(str(exc), err=True)
        sys.exit(1)


def _sync(minutes_repo) -> None:
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store.git.memo import one_operation

    with one_operation():  # the update, the listing and the push ask for the remotes and settings once
        _update_and_push(minutes_repo)


def _update_and_push(minutes_repo) -> None:
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store import git
    from meetingtui.store.git.pushing import chain_renames
    from meetingtui.store.git.sync import unpushed, update_before_meeting
    from meetingtui.store.report_replay import regenerate_report

    root, settings = minutes_repo.root, minutes_repo.settings
    status = update_before_meeting(
        root,
        remote=settings.remote,
        timeout=settings.fetch_timeout,
        minutes_dir=settings.minutes_dir,
        regenerate=regenerate_report,
    )
    if status.remote is None:
        # git's quoting only on this path
        from meetingtui.store.git.run import quote

        say(
            f"meetingtui: this repository has no remote named {settings.remote!r} — add the team's: "
            f"git -C {quote(root)} remote add {quote(settings.remote)} URL",
            err=True,
        )
        sys.exit(1)
    failed = not status.fetched or status.held_back
    _say_came_in(status, settings.remote)
    if failed:
        say(f"meetingtui: {status.message}", err=True)
    elif status.came_in and not status.report_current and _commit_report(minutes_repo):
        status = replace(status, going=None)  # one more commit to go out
    listed = status.going or unpushed(root, settings.remote, settings.minutes_dir)
    going = listed.commits
    renamed = status.renamed
    if listed.count and not failed:
        try:
            pushed = git.push(
                root,
                remote=settings.remote,
                timeout=settings.push_timeout,
                minutes_dir=settings.minutes_dir,
                regenerate=regenerate_report,
            )
        except git.GitError as exc:
            _say_renamed(renamed, settings.remote)
            say(str(exc), err=True)
            sys.exit(1)
        _say_renamed(chain_renames(renamed, pushed.renamed), settings.remote)
        say(f"went out: {pushed.message}")
        for kind, line in going:
            say(f"  {_commit_words(kind, line.partition(' ')[2])}")  # the subject: the rebase may change the sha
    elif going:
        _say_renamed(renamed, settings.remote)
        why = (
            f"{settings.remote} was not reached"
            if _offline(status)
            else "it waits until the update is done"
            if status.fetched
            else f"{settings.remote} could not be read: see below"
        )
        say(f"went out: nothing ({why}); not pushed ({pending_words(*_kinds(going))}):")
        for kind, line in going:
            sha, _, subject = line.partition(" ")
            say(f"  {sha} {_commit_words(kind, subject)}")
    elif failed:
        say("went out: nothing (no commit of this clone waits to go out)")  # the remote was not seen: no claim on it
    else:
        say("went out: nothing (the remote has every commit)")
    _say_uncommitted(minutes_repo)
    if failed:
        sys.exit(1)


def _commit_report(minutes_repo) -> bool:
    """After new minutes came in: ``REPORT.md`` regenerated and committed on its own, when it changed (True).

    Not while saved minutes wait uncommitted: the report counts them, so it goes with them (``meetingtui commit``).
    """
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store import git
    from meetingtui.store.report_page import TITLE

    if _waiting(minutes_repo):
        return False
    paths = _report_paths(minutes_repo)
    if paths:
        message = f"Report: {TITLE} regenerated"
        sha = git.commit_files(minutes_repo.root, paths, message, timeout=minutes_repo.settings.commit_timeout)
        say(f"committed {sha[:7]} {message}")
    return bool(paths)


def _say_came_in(status, remote: str) -> None:
    """What arrived; or that nothing did, and whether that is because nothing is new or because it is held back."""
    if status.came_in:
        say(f"came in from {remote}:")
        for path in status.came_in:
            say(f"  {path}")
    elif status.waiting:
        say(f"came in: nothing — {plural(len(status.waiting), 'file')} on {remote} held back (see below):")
        for path in status.waiting:
            say(f"  {path}")
    elif status.fetched and not status.held_back:
        say(f"came in: nothing new from {remote}")
    elif _offline(status):
        say(f"came in: nothing — {remote} was not reached")
    else:
        say("came in: nothing — not updated (see below)")


def _offline(status) -> bool:
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store.git.sync_outcome import SyncOutcome

    return status.outcome is SyncOutcome.OFFLINE


def _kinds(going: list[tuple[str, str]]) -> tuple[int, int, int]:
    return tuple(sum(kind == wanted for kind, _ in going) for wanted in ("minutes", "proposal", "other"))


def _commit_words(kind: str, subject: str) -> str:
    """One unpushed commit: its subject says what it is ("Minutes: …", "Propose: …"); a commit that is
    neither minutes nor a proposal (``init``'s set-up) is said to be one, never labelled minutes."""
    return f"{subject} (not minutes, not a proposal)" if kind == "other" else subject


def _say_renamed(renamed: dict[str, str], remote: str) -> None:
    """Names of ours another clone took first: ours moved to the next free one (ids and references unchanged)."""
    # commit/sync only: `render` starts without it (bench/cli_startup.py)
    from meetingtui.store.git.moves import describe_renames

    for moved in describe_renames(renamed):
        say(f"renamed: ours {moved} ({remote} already had that name; ids are unchanged)")


def _waiting(minutes_repo) -> list[Path]:
    """Saved minutes files not committed yet."""
    # the git layer with the command that uses it (CLI start-up: bench/cli_startup.py)
    from meetingtui.store import git

    return [
        p for p in git.uncommitted_files(minutes_repo.root, minutes_repo.minutes_dir) if p.suffix in MINUTES_SUFFIXES
    ]


def _say_uncommitted(minutes_repo) -> None:
    """Saved minutes that never got committed (a git failure at the end of a meeting) are not sync's to send."""
    # git's quoting only when there is something to say
    from meetingtui.store.git.run import quote

    waiting = _waiting(minutes_repo)
    if waiting:
        say(
            f"not committed yet: {plural(len(waiting), 'minutes file')}, "
            f"e.g. {_shown(minutes_repo.root, waiting[0])} — "
            f"`meetingtui commit --repo {quote(minutes_repo.root)} --push` commits and sends them"
        )
