"""``meetingtui render`` and ``meetingtui commit``: the minutes files after the meeting."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import click

from meetingtui.cli.common import open_repo, repo_option
from meetingtui.domain.errors import InputError

MINUTES_SUFFIXES = (".toml", ".md")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def render(paths: tuple[Path, ...]) -> None:
    """Re-render the Markdown of minutes from their TOML (the TOML is the source of truth).

    Prints the path of each Markdown file written. Bad files are reported one
    line each, after the good ones are rendered; the exit status is then 2.
    """
    from meetingtui.store.minutes_store import render_file

    failed = False
    for path in paths:
        try:
            if path.suffix.lower() == ".md":
                raise InputError(path, f"the Markdown is generated — render its TOML: {path.with_suffix('.toml')}")
            click.echo(render_file(path))
        except InputError as exc:
            click.echo(f"meetingtui: {exc}", err=True)
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
    from meetingtui.store import git

    minutes_repo = open_repo(repo)
    root = minutes_repo.root
    settings = minutes_repo.settings
    try:
        changed = [
            p for p in git.uncommitted_files(root, minutes_repo.minutes_dir) if p.suffix.lower() in MINUTES_SUFFIXES
        ]
        committed, problems = _commit_meetings(root, changed)
        if not committed:
            click.echo("nothing to commit")
        if settings.push if push is None else push:
            if committed or git.unpushed_commits(root, settings.remote):
                click.echo(git.push(root, remote=settings.remote).message)
            else:
                click.echo(f"nothing to push: {settings.remote} has every commit")
    except git.GitError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for problem in problems:
        click.echo(f"meetingtui: {problem} — fix it, then run `meetingtui commit` again", err=True)
    if problems:
        sys.exit(2)


def _commit_meetings(root: Path, changed: list[Path]) -> tuple[int, list[InputError]]:
    """Commit each meeting's changed files on their own; returns how many commits, and the unloadable minutes."""
    from meetingtui.store import git
    from meetingtui.store.minutes_store import check_id, load_minutes

    meetings: dict[Path, list[Path]] = defaultdict(list)
    for path in changed:
        meetings[path.with_suffix(".toml")].append(path)
    committed, problems = 0, []
    for toml_path, files in sorted(meetings.items()):
        if not toml_path.is_file():
            # A Markdown file with no TOML beside it is not minutes (a README, someone's notes): not ours to commit.
            click.echo(f"skipped {_shown(root, files[0])}: no minutes TOML beside it")
            continue
        try:
            minutes = load_minutes(toml_path)
            check_id(toml_path, minutes)
        except InputError as exc:
            problems.append(exc)
            continue
        message = minutes.commit_subject()
        before = git.head_sha(root)
        sha = git.commit_files(root, sorted(files), message)
        if sha == before:
            continue  # only staged, not changed on disk: HEAD already holds these files
        committed += 1
        click.echo(f"committed {sha[:7]} {message}")
        for path in sorted(files):
            click.echo(f"  {_shown(root, path)}")
    return committed, problems


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
