"""Minutes on disk: ids, paths, saving both files, reading them back."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.slug import MAX_SLUG, slugify
from meetingtui.store.files import atomic_write_files, atomic_write_text
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.state_records import record_write
from meetingtui.store.toml_io import dumps, read_model


@dataclass(frozen=True)
class SavedMinutes:
    """The two files a save wrote."""

    toml_path: Path
    md_path: Path

    @property
    def paths(self) -> list[Path]:
        return [self.toml_path, self.md_path]


def allocate_id(repo: MinutesRepo, date: dt.date, agenda_name: str, taken: set[str] | None = None) -> str:
    """``YYYY-MM-DD-<agenda>``, with ``-2``, ``-3`` … when that day already has one, here or on the remote.

    ``taken`` holds ids already used elsewhere; by default the minutes in the
    last fetched remote branch (no network: what the last fetch brought).
    """
    if taken is None:
        taken = remote_ids(repo)
    return next_free_id(repo, f"{date.isoformat()}-{slugify(agenda_name)}", taken)


def next_free_id(repo: MinutesRepo, base: str, taken: set[str]) -> str:
    """``base`` or ``base-N`` (N = 2, 3 …) for the first one with no file here and not in ``taken``.

    The base is cut so that the suffix always survives :data:`MAX_SLUG`: a long
    name never loops, and two meetings never share a file.
    """
    number = 1
    while True:
        suffix = f"-{number}" if number > 1 else ""
        candidate = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        if candidate not in taken and not minutes_path(repo, candidate).exists():
            return candidate
        number += 1


def remote_ids(repo: MinutesRepo) -> set[str]:
    """Ids (file stems) of the minutes in the fetched remote branch; empty without git or a remote."""
    from meetingtui.store.git.sync import remote_files

    try:
        folder = repo.minutes_dir.relative_to(repo.root).as_posix()
        names = remote_files(repo.root, repo.settings.remote, folder)
    except (ValueError, InputError):
        return set()
    return {Path(name).stem for name in names if name.endswith(".toml")}


def minutes_path(repo: MinutesRepo, minutes_id: str) -> Path:
    """``minutes/YYYY/<id>.toml`` for an id that starts with its date."""
    year = minutes_id[:4] if minutes_id[:4].isdigit() else "undated"
    return repo.minutes_dir / year / f"{slugify(minutes_id)}.toml"


def rename_clashing(root: Path, minutes_dir: str, toml: str, text: str) -> tuple[str, str, list[str]]:
    """Write minutes ``text`` (found at ``toml``, whose id another meeting took) under the next free id.

    The id, the action ids ``<id>#n`` and any other reference to the old id
    change; the TOML and its Markdown are written in ``root``. Returns the old
    id, the new id and the two new repo-relative paths.
    """
    from meetingtui.store.toml_io import parse_toml

    repo = MinutesRepo(root)
    minutes = Minutes.model_validate(parse_toml(text, toml))
    old = minutes.id
    new = next_free_id(repo, f"{minutes.date.isoformat()}-{slugify(minutes.agenda)}", remote_ids(repo) | {old})
    return old, new, write_renamed(root, toml, text, old, new)


def write_renamed(root: Path, toml: str, text: str, old: str, new: str) -> list[str]:
    """Write minutes ``text`` (read at ``toml``) as the minutes ``new``: every reference to ``old`` follows.

    The TOML and its Markdown (rendered anew) are written in ``root``; returns their repo-relative paths.
    """
    from meetingtui.store.markdown import render_markdown
    from meetingtui.store.toml_io import parse_toml

    renamed_text = text.replace(f'"{old}"', f'"{new}"').replace(f'"{old}#', f'"{new}#')
    renamed = Minutes.model_validate(parse_toml(renamed_text, toml))
    toml_path = minutes_path(MinutesRepo(root), new)
    md_path = toml_path.with_suffix(".md")
    atomic_write_files({toml_path: dumps(renamed.to_document()).encode(), md_path: render_markdown(renamed).encode()})
    return [toml_path.relative_to(root).as_posix(), md_path.relative_to(root).as_posix()]


def save_minutes(repo: MinutesRepo, minutes: Minutes, *, record: bool = False) -> SavedMinutes:
    """Write the TOML (the source of truth), then the Markdown rendered from it, both atomically.

    ``record``: first remember the TOML as this user's save (:func:`state_records.record_write`), as a meeting's
    save does so that saving again after a crash recognises its own file.
    """
    from meetingtui.store.markdown import render_markdown

    toml_path = minutes_path(repo, minutes.id)
    problem = repo.outside(toml_path.parent)
    if problem:  # a symlinked year folder, say: never write through it
        raise InputError(toml_path.parent, f"{problem} — replace it with a plain folder; nothing was written")
    md_path = toml_path.with_suffix(".md")
    data = dumps(minutes.to_document()).encode()
    if record:
        record_write(repo.state_dir, toml_path, data)
    atomic_write_files({toml_path: data, md_path: render_markdown(minutes).encode()})
    return SavedMinutes(toml_path, md_path)


def load_minutes(path: Path) -> Minutes:
    """Read one minutes file; bad files raise :class:`InputError` naming the field."""
    return read_model(path, Minutes)


def render_file(path: Path) -> Path:
    """Re-render ``<minutes>.md`` beside ``path`` from the TOML; returns the Markdown path."""
    from meetingtui.store.markdown import render_markdown

    minutes = load_minutes(path)
    md_path = Path(path).with_suffix(".md")
    atomic_write_text(md_path, render_markdown(minutes))
    return md_path


def minutes_files(repo: MinutesRepo, skipped: list[Path] | None = None) -> list[Path]:
    """Every minutes TOML file in the repository, in name (so date) order.

    Symlinks are never followed (they may lead out of the repository): they go to ``skipped``.
    """
    if not repo.minutes_dir.is_dir():
        return []
    return sorted(_toml_files(repo.minutes_dir, skipped), key=lambda p: (p.name, str(p)))


def _toml_files(folder: Path, skipped: list[Path] | None) -> list[Path]:
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if entry.is_symlink():
            if skipped is not None:
                skipped.append(Path(entry.path))
            continue
        if entry.name.endswith(".toml"):
            found.append(Path(entry.path))  # a folder of that name is reported as unreadable, as rglob had it
        if entry.is_dir(follow_symlinks=False):
            found += _toml_files(Path(entry.path), skipped)
    return found


def check_id(path: Path, minutes: Minutes) -> None:
    """Minutes whose id does not match their file name would collide with others."""
    if slugify(minutes.id) != path.stem:
        raise InputError(path, f"id {minutes.id!r} does not match the file name {path.name!r}", "id")
