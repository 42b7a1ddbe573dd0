"""``propose`` and ``proposals``: anyone puts a topic on the next meeting of an agenda; what is still open."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from meetingtui.cli.common import open_repo, person_named, refuse_controls, repo_option, say
from meetingtui.domain.agenda import Team
from meetingtui.domain.errors import InputError
from meetingtui.domain.proposals import MAX_MINUTES, OpenProposal
from meetingtui.domain.wording import plural
from meetingtui.store.repo import MinutesRepo

if TYPE_CHECKING:
    from meetingtui.domain.proposal_stats import ProposalStats

DEFAULT_MINUTES = 10


@click.command()
@click.argument("text", required=False)
@repo_option
@click.option("--agenda", "agenda_name", metavar="NAME", help="The agenda whose next meeting should take it up.")
@click.option("--team", metavar="TEAM", help="sales, marketing or joint (default: your team in people.toml).")
@click.option("--minutes", metavar="N", help=f"Minutes asked for, 1–{MAX_MINUTES} (default {DEFAULT_MINUTES}).")
@click.option("--owner", metavar="NAME", help="Who leads the topic in the meeting.")
@click.option("--note", metavar="TEXT", help="Context for the facilitator.")
@click.option("--withdraw", "withdraw_id", metavar="ID", help="Withdraw a proposal (TEXT, if given, says why).")
@click.option("--push/--no-push", default=None, help="Push after committing (default: the repository's `push`).")
def propose(
    text: str | None,
    repo: Path | None,
    agenda_name: str | None,
    team: str | None,
    minutes: str | None,
    owner: str | None,
    note: str | None,
    withdraw_id: str | None,
    push: bool | None,
) -> None:
    """Put a topic (TEXT) on the next meeting of an agenda: a small file under proposals/, committed alone.

    The meeting's facilitator is offered it when the meeting is prepared or
    starts: take it (it becomes a segment before the open floor), leave it for
    later, or decline it with a reason.
    """
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.store import git
    from meetingtui.store.proposals_store import find_proposal, save_proposal

    refuse_controls(text=text, owner=owner, note=note)
    minutes_repo = open_repo(repo, using="withdrawing in" if withdraw_id is not None else "proposing in")
    settings = minutes_repo.settings  # a broken meetingtui.toml stops us before anything is written
    if withdraw_id is not None:
        if agenda_name or team or minutes or owner or note:
            raise InputError("--withdraw", "takes only the id and, optionally, TEXT saying why")
        where, current = find_proposal(minutes_repo, withdraw_id)
        proposal_id = current.id or withdraw_id.strip()
        if current.withdrawn:
            raise InputError(proposal_id, f"was withdrawn already, on {current.withdrawn_at:%Y-%m-%d %H:%M}")
        # one command's needs: `proposals` lists without propose's git/sync/report code, and back
        from meetingtui.domain.clock import local_now

        reason = (text or "").strip() or None
        changed = current.model_copy(
            update={
                "withdrawn": True,
                "withdrawn_at": local_now().replace(microsecond=0),
                "withdrawn_by": _identity(minutes_repo),
                "withdrawn_reason": reason,
            }
        )
        message = f"Withdraw proposal: {current.title} ({current.agenda})"
    else:
        if not text or not text.strip():
            raise InputError(
                "TEXT", 'say what the topic is, e.g. meetingtui propose "Pricing FAQ" --agenda weekly-sync'
            )
        if not agenda_name:
            raise InputError("--agenda", "say which agenda's next meeting should take it up, e.g. --agenda weekly-sync")
        changed, where = _new_proposal(minutes_repo, text, agenda_name, team, minutes, owner, note)
        proposal_id = changed.id
        message = f"Propose: {changed.title} ({changed.agenda})"
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.store.git.lock import COMMIT_WAIT_SECONDS, network
    from meetingtui.store.git.sync import wants_push
    from meetingtui.store.report_file import refresh_report

    # One hold from the write to the push: a sync of this repository cannot move the file in between.
    with network(minutes_repo.root, "meetingtui propose", COMMIT_WAIT_SECONDS + settings.push_timeout, "commit"):
        path = save_proposal(minutes_repo, where, changed)
        written = path.relative_to(minutes_repo.root).as_posix()
        say(f"wrote {written} (id {proposal_id})")
        try:
            report = [minutes_repo.root / name for name in refresh_report(minutes_repo.root)]
            sha = git.commit_files(minutes_repo.root, [path, *report], message, timeout=settings.commit_timeout)
        except git.GitError as exc:
            exc.hint = _proposal_hint(exc.hint, minutes_repo.root, written, message)
            raise
        say(f"committed {sha[:7]} {message}")
        if wants_push(minutes_repo.root, settings, push):
            _push(minutes_repo, sha)


def _push(minutes_repo: MinutesRepo, sha: str) -> None:
    """Push the proposal's commit; a failure says it stays committed here for ``sync`` (exit 1)."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.store import git
    from meetingtui.store.git.run import sync_hint
    from meetingtui.store.report_replay import regenerate_report

    settings = minutes_repo.settings
    try:
        pushed = git.push(
            minutes_repo.root,
            remote=settings.remote,
            timeout=settings.push_timeout,
            minutes_dir=settings.minutes_dir,
            regenerate=regenerate_report,
        )
    except git.GitError as exc:
        say(str(exc), err=True)
        say(f"meetingtui: the proposal is committed here; {sync_hint(minutes_repo.root)} pushes it later")
        sys.exit(1)
    say(pushed.message)
    if pushed.head and pushed.head != sha:
        say(f"the commit is now {pushed.head[:7]} (rebased onto {settings.remote})")


def _proposal_hint(hint: str, root: Path, relative: str, message: str) -> str:
    """Git's hint with its retry (``meetingtui commit``, which commits minutes only) made the git commands that
    commit this proposal's file alone."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.store.git.run import quote, retry_hint

    where = f"git -C {quote(root)}"
    retry = f"`{where} add -- {quote(relative)} && {where} commit -m {quote(message)} -- {quote(relative)}`"
    return hint.replace(retry_hint(root), retry)


def _new_proposal(
    repo: MinutesRepo,
    text: str,
    agenda_name: str,
    team: str | None,
    minutes: str | None,
    owner: str | None,
    note: str | None,
):
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from pydantic import ValidationError

    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.domain.clock import local_now
    from meetingtui.domain.errors import validation_error
    from meetingtui.domain.proposals import Proposal
    from meetingtui.store.proposals_store import new_proposal

    name = _agenda_name(repo, agenda_name)
    # people.toml is read only for a proposal being written
    from meetingtui.store.people import repo_roster

    roster = repo_roster(repo)  # a broken people.toml is said, located, before anything is written
    if owner and owner.strip():  # "Marco" is recorded as the roster's "Marco Rossi", never as a second person
        owner = person_named(roster, owner, "--owner")
    identity = _identity(repo)
    proposed_by = roster.canonical(identity) if identity else (owner.strip() if owner else None)
    if not proposed_by:
        raise InputError("--owner", "git has no user.name here: give --owner NAME, or set git config user.name")
    now = local_now()
    fields = {
        "title": " ".join(text.split()),
        "agenda": name,
        "team": _team(repo, team, proposed_by),
        "minutes": _minutes(minutes),
        "owner": owner.strip() if owner and owner.strip() else None,
        "note": note.strip() if note and note.strip() else None,
        "proposed_by": proposed_by,
        "proposed_at": now.replace(microsecond=0),
    }
    try:
        proposal = Proposal.model_validate(fields)
    except ValidationError as exc:
        error = validation_error(None, exc)
        option = {"title": "TEXT", "owner": "--owner", "proposed_by": "--owner"}.get(error.where or "", error.where)
        raise InputError(option, error.message) from None
    proposal_id, path = new_proposal(repo, name, now.date(), proposal.title)
    return proposal.model_copy(update={"id": proposal_id}), path


def _agenda_name(repo: MinutesRepo, wanted: str) -> str:
    """The template name as the catalog spells it (built-in or repository); a near miss gets a suggestion."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.store.agendas import list_agendas

    names = [entry.name for entry in list_agendas(repo)]
    by_key = {name.casefold(): name for name in names}
    key = wanted.strip().casefold()
    if key in by_key:
        return by_key[key]
    close = difflib.get_close_matches(key, list(by_key), n=1)
    hint = f"did you mean {by_key[close[0]]!r}? " if close else ""
    raise InputError("--agenda", f"no agenda template named {wanted!r} — {hint}choose one of: {', '.join(names)}")


def _team(repo: MinutesRepo, value: str | None, proposed_by: str) -> Team:
    choices = ", ".join(team.value for team in Team)
    if value is None:
        for person in repo.people.people:  # a broken people.toml is said, located, not taken for "not listed"
            if person.name.casefold() == proposed_by.casefold():
                return person.team
        raise InputError("--team", f"{proposed_by!r} is not in people.toml: say which team asks ({choices})")
    try:
        return Team(value.strip().casefold())
    except ValueError:
        raise InputError("--team", f"{value!r} is not a team — choose one of: {choices}") from None


def _minutes(value: str | None) -> int:
    if value is None:
        return DEFAULT_MINUTES
    text = value.strip().removesuffix("m").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
        raise InputError("--minutes", f"{value!r} is not a number of minutes from 1 to {MAX_MINUTES}, e.g. 10")
    return int(text)


def _identity(repo: MinutesRepo) -> str | None:
    """The git author's name (config or environment), or None when git has none."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.store.facilitator_store import git_user_name

    return git_user_name(repo)


@click.command()
@repo_option
@click.option("--agenda", "agenda_name", metavar="NAME", help="Only proposals for this agenda.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "json"]),
    default="table",
    show_default=True,
    help="table for people, md to paste into a chat or an issue, json for scripts.",
)
def proposals(repo: Path | None, agenda_name: str | None, fmt: str) -> None:
    """Topics proposed and not yet taken up, oldest first: who proposed them, for which team, how long ago."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    import datetime as dt

    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.cli import formats
    from meetingtui.cli.common import load_history_of

    minutes_repo, history = load_history_of(repo, ["outcomes"])
    found = open_for(minutes_repo, history, dt.date.today(), agenda_name, warn=True)
    if fmt == "json":
        say(formats.json_array(record(item) for item in found))
        return
    rows = [
        (
            p.proposal.proposed_at.date(),
            ago(p.age_days),
            p.proposal.agenda,
            p.proposal.team.value,
            p.proposal.minutes,
            p.proposal.proposed_by,
            p.proposal.title,
            p.id,
        )
        for p in found
    ]
    headers = ["proposed", "age", "agenda", "team", "min", "by", "topic", "id"]
    if fmt == "md":
        say(formats.markdown_table(headers, rows) if rows else "_No open proposals._")
    else:
        say(formats.table(headers, rows, right=[4]) if rows else "No open proposals.")


def open_for(repo: MinutesRepo, history, today, agenda_name: str | None, *, warn: bool = False) -> list[OpenProposal]:
    """The open proposals of ``repo`` (of one agenda when named); unreadable files are reported when ``warn``."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.domain.proposals import open_proposals
    from meetingtui.store.proposals_store import load_proposals

    stored, warnings = load_proposals(repo)
    if warn:
        for warning in warnings:
            say(f"meetingtui: warning: {warning}", err=True)
    return open_proposals(stored, history.proposal_outcomes, today, agenda_name)


def record(item: OpenProposal) -> dict:
    """The keys of the proposal's TOML plus ``id`` and ``age_days``."""
    return {"id": item.id, **item.proposal.model_dump(mode="json", exclude_none=True), "age_days": item.age_days}


def ago(days: int) -> str:
    """``today``, ``1 day``, ``12 days``."""
    return "today" if days == 0 else plural(days, "day")


def proposals_text(figures: ProposalStats) -> str:
    """The proposals section of ``stats --format table`` (nothing when nobody proposed anything)."""
    # one command's needs: `proposals` lists without propose's git/sync/report code, and back
    from meetingtui.cli import formats

    if not figures.total:
        return ""
    rows = [(t.team, t.proposed, t.taken, t.declined, t.withdrawn, t.open) for t in figures.teams if t.proposed]
    out = [
        "",
        "",
        "Proposals per team (the topic's team)",
        formats.table(["team", "proposed", "taken", "declined", "withdrawn", "open"], rows, right=range(1, 6)),
        "",
        "Agenda time given to the other team's proposals (by the facilitator's team)",
    ]
    out += [
        f"{g.from_team} → {g.to_team}: {g.proposals} taken, planned {formats.hours(g.planned_seconds)}, "
        f"actual {formats.hours(g.actual_seconds)}"
        for g in figures.given
    ]
    return "\n".join(out)
