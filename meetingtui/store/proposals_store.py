"""Proposal files: ``proposals/<agenda>/<YYYY-MM-DD>-<slug>.toml``, one topic each, read and written here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.proposals import OpenProposal, Proposal, StoredProposal, open_proposals
from meetingtui.domain.slug import slugify
from meetingtui.store.files import atomic_write_text
from meetingtui.store.repo import PROPOSALS_DIR, MinutesRepo
from meetingtui.store.toml_io import read_model, write_toml


def proposals_dir(repo: MinutesRepo) -> Path:
    """The folder of proposals, at the top of the repository (refused when it leads out of it)."""
    return repo.kept_inside(repo.root / PROPOSALS_DIR)


def agenda_folder(agenda_name: str) -> str:
    """The folder name of an agenda's proposals (the name made safe for a path)."""
    folder = slugify(agenda_name, fallback="")
    if not folder:
        raise InputError(agenda_name or "<empty>", 'an agenda name needs letters or digits, such as "weekly-sync"')
    return folder


def proposal_path(repo: MinutesRepo, proposal_id: str) -> Path:
    """The file of a proposal id; an id that would leave the proposals folder is refused."""
    parts = proposal_id.strip().removesuffix(".toml").split("/")
    if len(parts) != 2 or any(not part or part != slugify(part, fallback="") for part in parts):
        raise InputError(
            proposal_id, "is not a proposal id — ids look like weekly-sync/2026-12-02-pricing-faq (see `proposals`)"
        )
    folder = repo.kept_inside(proposals_dir(repo) / parts[0])
    return repo.kept_inside(folder / f"{parts[1]}.toml")


def allocate_proposal_id(repo: MinutesRepo, agenda_name: str, date: dt.date, title: str) -> str:
    """``<agenda>/<date>-<slug>``, with ``-2``, ``-3`` … when a file here or on the fetched remote has that name."""
    folder = agenda_folder(agenda_name)
    return next_free_proposal_id(repo, folder, _base(date, title), _remote_names(repo, folder))


def next_free_proposal_id(repo: MinutesRepo, folder: str, base: str, taken: set[str]) -> str:
    """``<folder>/<base>`` or ``<folder>/<base>-N`` (N = 2, 3 …): the first with no file here nor in ``taken``."""
    local = proposals_dir(repo) / folder
    stem, number = base, 1
    while (local / f"{stem}.toml").exists() or f"{stem}.toml" in taken:
        number += 1
        stem = f"{base}-{number}"
    return f"{folder}/{stem}"


def rename_clashing_proposal(root: Path, path: str, text: str) -> tuple[str, str, list[str]]:
    """Write our proposal ``text`` (found at ``path``, a name another clone took first) under the next free id.

    A proposal's id is its path, so only the name changes. Returns the old id,
    the new id and the new repo-relative path (in a list, as :func:`~meetingtui.store.minutes_store.rename_clashing`
    returns its two).
    """
    from meetingtui.store.toml_io import parse_toml

    repo = MinutesRepo(root)
    proposal = Proposal.model_validate(parse_toml(text, path))
    folder, stem = path.removeprefix(f"{PROPOSALS_DIR}/").removesuffix(".toml").split("/")
    new = next_free_proposal_id(repo, folder, _base(proposal.proposed_at.date(), proposal.title), {f"{stem}.toml"})
    target = proposal_path(repo, new)
    atomic_write_text(target, text)  # as written: the file holds no id
    return f"{folder}/{stem}", new, [target.relative_to(root).as_posix()]


def _base(date: dt.date, title: str) -> str:
    return f"{date.isoformat()}-{slugify(title, fallback='topic')}"


def _remote_names(repo: MinutesRepo, folder: str) -> set[str]:
    """File names under ``proposals/<folder>/`` in the remote-tracking branch, as last fetched (no network)."""
    from meetingtui.store.git.sync import remote_files

    return {
        name.rsplit("/", 1)[-1] for name in remote_files(repo.root, repo.settings.remote, f"{PROPOSALS_DIR}/{folder}")
    }


def save_proposal(repo: MinutesRepo, proposal_id: str, proposal: Proposal) -> Path:
    """Write a proposal's file atomically; returns its path."""
    path = proposal_path(repo, proposal_id)
    write_toml(path, proposal.to_document())
    return path


def load_proposal(repo: MinutesRepo, proposal_id: str) -> Proposal:
    """One proposal by id; a missing or broken file is an :class:`InputError` naming it."""
    path = proposal_path(repo, proposal_id)
    if not path.is_file():
        raise InputError(proposal_id, "no proposal with this id — list them with `meetingtui proposals`")
    return read_model(path, Proposal)


def load_proposals(repo: MinutesRepo) -> tuple[list[StoredProposal], list[str]]:
    """Every readable proposal (in file-name order) and one located warning per file that cannot be read."""
    root = proposals_dir(repo)
    found: list[StoredProposal] = []
    warnings: list[str] = []
    if not root.is_dir():
        return found, warnings
    for path in sorted(root.glob("*/*.toml")):
        if path.name.startswith(".") or not path.is_file():  # not a device or a folder named *.toml
            continue
        try:
            proposal = read_model(repo.kept_inside(path), Proposal)
        except InputError as exc:
            warnings.append(f"{exc} (this proposal is skipped)")
            continue
        found.append(StoredProposal(f"{path.parent.name}/{path.stem}", proposal))
    return found, warnings


def open_by_agenda(repo: MinutesRepo, today: dt.date) -> tuple[dict[str, list[OpenProposal]], list[str]]:
    """Open proposals per agenda (keyed by the agenda name in lower case), oldest first; and file warnings.

    Reads every minutes file (through the history cache): call it off the UI thread.
    """
    from meetingtui.store.history_store import load_history

    history = load_history(repo)
    stored, warnings = load_proposals(repo)
    found: dict[str, list[OpenProposal]] = {}
    for item in open_proposals(stored, history.proposal_outcomes, today):
        found.setdefault(item.proposal.agenda.casefold(), []).append(item)
    return found, warnings
