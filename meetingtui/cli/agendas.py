"""``meetingtui agendas …`` (list, show, validate, new) and ``meetingtui init``."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from meetingtui.cli.common import open_repo, repo_option, say
from meetingtui.domain.agenda import Agenda, SegmentKind, Team
from meetingtui.domain.durations import format_duration
from meetingtui.domain.errors import InputError
from meetingtui.store.agendas import (
    agenda_warnings,
    list_agendas,
    load_agenda_file,
    new_repo_template,
    resolve_agenda,
)
from meetingtui.store.markdown import ONE_LINE, escape_text

AGENDAS_IN = "reading the agendas in"

KIND_LABELS = {SegmentKind.REVIEW_ACTIONS: "review of open actions", SegmentKind.OPEN_FLOOR: "open floor"}


@click.group()
def agendas() -> None:
    """List, show, validate and create agenda templates."""


@agendas.command("list")
@repo_option
def list_command(repo: Path | None) -> None:
    """List the built-in templates and the repository's own (which win over a built-in of the same name)."""
    entries = list_agendas(open_repo(repo, using=AGENDAS_IN))
    rows = [("NAME", "TITLE", "SLOT", "CADENCE", "SOURCE")]
    for entry in entries:
        source = "repository (overrides built-in)" if entry.overrides_builtin else entry.source
        if entry.agenda is None:
            rows.append((entry.name, "(cannot be read — see below)", "", "", source))
            continue
        agenda = entry.agenda
        rows.append((entry.name, agenda.title, format_duration(agenda.slot_seconds), agenda.cadence or "", source))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for entry in entries:
        if entry.error is not None:
            say(f"meetingtui: {entry.error}", err=True)


@agendas.command()
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md"]),
    default="text",
    show_default=True,
    help="md: GitHub-flavoured Markdown to paste into a meeting invite.",
)
@repo_option
def show(name: str, fmt: str, repo: Path | None) -> None:
    """Show the template NAME (or a .toml file): segments, times, owners and prompts."""
    template, agenda = resolve_agenda(name, open_repo(repo, using=AGENDAS_IN))
    say(agenda_markdown(agenda) if fmt == "md" else agenda_text(template, agenda), nl=False)


@agendas.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=Path))
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check agenda files (a folder means its .toml files); exit 0 only when every file is valid, 2 otherwise."""
    bad = 0
    for path in _expand(files):
        if path.is_dir():
            bad += 1
            say(f"{path}: no .toml files in this folder")
            continue
        try:
            agenda = load_agenda_file(path)
        except InputError as exc:
            bad += 1
            say(str(exc))
            continue
        say(f"ok {path}")
        for warning in agenda_warnings(agenda):
            say(f"{path}: warning: {warning}")
    if bad:
        ctx.exit(2)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    expanded: list[Path] = []
    for path in paths:
        found = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        # An empty folder stays in, to be reported rather than pass silently.
        expanded += found or [path]
    return expanded


@agendas.command()
@click.argument("name")
@click.option("--from", "from_", metavar="TEMPLATE", help="Start from this template (a name or a .toml file).")
@repo_option
def new(name: str, from_: str | None, repo: Path | None) -> None:
    """Create agendas/NAME.toml in the repository: a commented starting file. Never overwrites."""
    minutes_repo = open_repo(repo)
    source = resolve_agenda(from_, minutes_repo)[1] if from_ else None
    path = new_repo_template(minutes_repo, name, source)
    say(f"created {path}")
    where = f" --repo {shlex.quote(str(repo))}" if repo is not None else ""
    say(
        f"edit it, check it with `meetingtui agendas validate {shlex.quote(str(path))}`, and run it with "
        f"`meetingtui run {shlex.quote(path.stem)}{where}`"
    )
    share_hint(minutes_repo.root, [path.relative_to(minutes_repo.root)], f"Agenda: {path.stem}", "Then share it")


def share_hint(root: Path, paths: list[Path], message: str, lead: str) -> None:
    """How to commit exactly ``paths`` (nothing else that is staged) and push them: commands safe to paste as
    they are. Nothing when ``root`` is no git repository; the push only when it has the team's remote."""
    from meetingtui.store.git.sync import has_remote
    from meetingtui.store.repo import MinutesRepo, in_git_work_tree

    if not paths or not in_git_work_tree(root):
        return
    where, files = shlex.quote(str(root)), " ".join(shlex.quote(path.as_posix()) for path in paths)
    remote = MinutesRepo(root).settings.remote
    pushes = has_remote(root, remote)
    say(f"\n{lead} with the team{'' if pushes else ' (no remote to push to yet: commit now, push later)'}:")
    say(f"  git -C {where} add -- {files}")
    say(f"  git -C {where} commit -m {shlex.quote(message)} -- {files}")
    if pushes:
        say(f"  meetingtui sync --repo {where}")
    else:
        say(f"  later, with the team's repository: git -C {where} remote add {shlex.quote(remote)} URL")
        say(f"  then: meetingtui sync --repo {where}")


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--remote", "url", metavar="URL", help="The team's shared repository: clone it into DIR, or connect DIR.")
def init(directory: Path, url: str | None) -> None:
    """Create a shared minutes repository in DIR (safe to run again: never overwrites a file).

    With --remote URL: join the team's repository instead, cloning it into DIR
    (missing or empty) or connecting the repository in DIR to it; files the
    team's repository lacks are then created as above.
    """
    # init only: `agendas validate` starts without the repository and git code
    from meetingtui.store.init_repo import init_repository, turn_push_on
    from meetingtui.store.repo import SETTINGS_FILE

    if url is not None:
        _join(directory, url)
    report = init_repository(directory)
    root = report.root
    if url is None or report.git_initialised:
        say(
            f"initialised a git repository in {root}"
            if report.git_initialised
            else f"{root} is a git repository already"
        )
    for path in report.created:
        say(f"created  {path}")
    for path in report.kept:
        say(f"kept     {path} (exists already)")
    written = list(report.created)
    if url is not None and turn_push_on(root):
        say("set      push = true in meetingtui.toml (a team repository pushes every meeting's minutes)")
        written.append(Path(SETTINGS_FILE))
    share_hint(root, sorted(set(written)), "Set up meeting minutes", "Next: review the files, then share them")
    say(f"Run a meeting:  meetingtui run weekly-sync --repo {shlex.quote(str(root))}")


def _join(directory: Path, url: str) -> None:
    # init only: `agendas validate` starts without the repository and git code
    from meetingtui.domain.settings import RepoSettings
    from meetingtui.store.git.join import join
    from meetingtui.store.repo import MinutesRepo

    root = directory.expanduser()
    if root.exists() and not root.is_dir():
        raise InputError(root, "is a file, not a folder — give a folder for the repository")
    try:
        timeout = MinutesRepo(root).settings.fetch_timeout
    except InputError:
        timeout = RepoSettings.defaults().fetch_timeout
    say(join(root, url, timeout=timeout).message)


def agenda_text(name: str, agenda: Agenda) -> str:
    """The template for a terminal: one line per segment, prompts indented below."""
    lines = [f"{agenda.title}  ({name})"]
    if agenda.description:
        lines.append(agenda.description)
    lines += [_summary(agenda), ""]
    start = 0
    for segment in agenda.segments:
        owner = f" — {segment.owner}" if segment.owner else ""
        kind = f"  [{KIND_LABELS[segment.kind]}]" if segment.kind in KIND_LABELS else ""
        lines.append(
            f"{_span(start, start + segment.duration, agenda):>13}  {segment.team.value:<9}  "
            f"{segment.title}{owner}{kind}"
        )
        lines += [f"{'':26}· {prompt}" for prompt in segment.prompts]
        start += segment.duration
    for warning in agenda_warnings(agenda):
        lines.append(f"warning: {warning}")
    return "\n".join(lines) + "\n"


def agenda_markdown(agenda: Agenda) -> str:
    """The template as GitHub-flavoured Markdown for a meeting invite: a table of segments, then prompts."""
    seconds = any(segment.duration % 60 for segment in agenda.segments)
    lines = [f"## {_md(agenda.title)}", ""]
    if agenda.description:
        lines += [_md(agenda.description), ""]
    lines += [_md(_summary(agenda)), ""]
    lines += [f"| # | Time{' (m:ss)' if seconds else ''} | Segment | Team | Owner |", "|---:|---|---|---|---|"]
    start = 0
    for number, segment in enumerate(agenda.segments, 1):
        end = start + segment.duration
        when = _span(start, end, agenda)
        kind = f" *({KIND_LABELS[segment.kind]})*" if segment.kind in KIND_LABELS else ""
        cells = [str(number), when, _md(segment.title) + kind, segment.team.value, _md(segment.owner or "")]
        lines.append("| " + " | ".join(cells) + " |")
        start = end
    prompted = [(n, s) for n, s in enumerate(agenda.segments, 1) if s.prompts]
    if prompted:
        lines += ["", "### Prompts"]
        for number, segment in prompted:
            lines += ["", f"**{number}. {_md(segment.title)}**", ""]
            lines += [f"- {_md(prompt)}" for prompt in segment.prompts]
    return "\n".join(lines) + "\n"


def _summary(agenda: Agenda) -> str:
    shares = agenda.team_seconds()
    parts = [f"slot {format_duration(agenda.slot_seconds)}"]
    if agenda.cadence:
        parts.append(agenda.cadence)
    split = ", ".join(f"{team.value} {format_duration(shares[team])}" for team in Team)
    parts.append(f"planned {format_duration(agenda.planned_seconds)} ({split})")
    return " · ".join(parts).capitalize()


def _span(start: int, end: int, agenda: Agenda) -> str:
    """Minutes from the start ("5–12 min"), or m:ss when some segment is not a whole number of minutes."""
    if any(segment.duration % 60 for segment in agenda.segments):
        return f"{start // 60}:{start % 60:02d}–{end // 60}:{end % 60:02d}"
    return f"{start // 60}–{end // 60} min"


def _md(text: str) -> str:
    """User text as literal Markdown on one line: the minutes' one escaper."""
    return escape_text(" ".join(text.split()), ONE_LINE)
