"""Proposal files: ``proposals/<agenda>/<YYYY-MM-DD>-<slug>.toml``, one topic each, read and written here.

A proposal's id is written in its file (:mod:`meetingtui.domain.ids`); files from before that have none,
and go by their file id, ``<agenda>/<name>``, as they always did.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.ids import new_proposal_id
from meetingtui.domain.proposals import OpenProposal, Proposal, StoredProposal, open_proposals
from meetingtui.domain.slug import numbered, slugify
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
    """The file named by a file id (``<agenda>/<name>``, what ids were before they were permanent).

    An id that would leave the proposals folder is refused.
    """
    parts = proposal_id.strip().removesuffix(".toml").split("/")
    if len(parts) != 2 or any(not part or part != slugify(part, fallback="") for part in parts):
        raise InputError(
            proposal_id, "is not a proposal id — ids look like weekly-sync/2026-12-02-pricing-faq (see `proposals`)"
        )
    folder = repo.kept_inside(proposals_dir(repo) / parts[0])
    return repo.kept_inside(folder / f"{parts[1]}.toml")


def new_proposal(repo: MinutesRepo, agenda_name: str, date: dt.date, title: str) -> tuple[str, Path]:
    """A new proposal's permanent id and its file: ``<date>-<slug>.toml``, ``-2`` … when that name is taken.

    Taken means a file of that name here or in the fetched remote branch (no network). The id
    (:func:`~meetingtui.domain.ids.new_proposal_id`) goes inside the file; the name may still change
    if another clone pushes the same name first, the id never does.
    """
    folder = agenda_folder(agenda_name)
    taken = _remote_names(repo, folder)
    local = proposals_dir(repo) / folder
    base, number = _base(date, title), 1
    while True:
        name = f"{numbered(base, number)}.toml"
        if not os.path.lexists(local / name) and name not in taken:
            return new_proposal_id(folder, date, title), local / name
        number += 1


def find_proposal(repo: MinutesRepo, ref: str) -> tuple[Path, Proposal]:
    """A proposal by its id (as ``proposals`` lists it) or by its file (``weekly-sync/2026-12-02-pricing-faq``)."""
    ref = ref.strip().removeprefix(f"{PROPOSALS_DIR}/").removesuffix(".toml")
    folder = ref.partition("/")[0]
    try:
        named = proposal_path(repo, ref)
    except InputError:
        named = None  # not a file's name: a permanent id, looked up below
    if named is not None and named.is_file():
        return named, read_model(named, Proposal)  # a broken file says where it is broken
    for stored in load_proposals(repo)[0]:
        if stored.id == ref or (stored.path.parent.name == folder and stored.path.stem == ref.partition("/")[2]):
            return stored.path, stored.proposal
    raise InputError(ref or "<empty>", "no proposal with this id — list them with `meetingtui proposals`")


def _base(date: dt.date, title: str) -> str:
    return f"{date.isoformat()}-{slugify(title, fallback='topic')}"


def _remote_names(repo: MinutesRepo, folder: str) -> set[str]:
    """File names under ``proposals/<folder>/`` in the remote-tracking branch, as last fetched (no network)."""
    # a proposal's push only: `stats` reads proposals without the git sync
    from meetingtui.store.git.sync import remote_files

    return {
        name.rsplit("/", 1)[-1] for name in remote_files(repo.root, repo.settings.remote, f"{PROPOSALS_DIR}/{folder}")
    }


def save_proposal(repo: MinutesRepo, where: Path | str, proposal: Proposal) -> Path:
    """Write a proposal's file atomically (``where``: its path, or a file id like ``weekly-sync/2026-12-02-faq``)."""
    path = where if isinstance(where, Path) else proposal_path(repo, where)
    write_toml(path, proposal.to_document())
    return path


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
        found.append(StoredProposal(proposal.id or f"{path.parent.name}/{path.stem}", proposal, path))
    return found, warnings


def open_by_agenda(repo: MinutesRepo, today: dt.date) -> tuple[dict[str, list[OpenProposal]], list[str]]:
    """Open proposals per agenda (keyed by the agenda name in lower case), oldest first; and file warnings.

    Reads every minutes file (through the history cache): call it off the UI thread.
    """
    # the whole history's code only for this read: `propose` stores a proposal without it
    from meetingtui.store.history_store import load_history

    history = load_history(repo, parts=["outcomes"])
    stored, warnings = load_proposals(repo)
    found: dict[str, list[OpenProposal]] = {}
    for item in open_proposals(stored, history.proposal_outcomes, today):
        found.setdefault(item.proposal.agenda.casefold(), []).append(item)
    return found, warnings
