"""Minutes on disk: ids, paths, saving both files, reading them back."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.slug import slugify
from meetingtui.store.files import atomic_write_files, atomic_write_text
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import dumps, read_model


@dataclass(frozen=True)
class SavedMinutes:
    """The two files a save wrote."""

    toml_path: Path
    md_path: Path

    @property
    def paths(self) -> list[Path]:
        return [self.toml_path, self.md_path]


def allocate_id(repo: MinutesRepo, date: dt.date, agenda_name: str) -> str:
    """``YYYY-MM-DD-<agenda>``, with ``-2``, ``-3`` … when that day already has one."""
    base = f"{date.isoformat()}-{slugify(agenda_name)}"
    candidate, number = base, 1
    while minutes_path(repo, candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def minutes_path(repo: MinutesRepo, minutes_id: str) -> Path:
    """``minutes/YYYY/<id>.toml`` for an id that starts with its date."""
    year = minutes_id[:4] if minutes_id[:4].isdigit() else "undated"
    return repo.minutes_dir / year / f"{slugify(minutes_id)}.toml"


def save_minutes(repo: MinutesRepo, minutes: Minutes) -> SavedMinutes:
    """Write the TOML (the source of truth), then the Markdown rendered from it, both atomically."""
    from meetingtui.store.markdown import render_markdown

    toml_path = minutes_path(repo, minutes.id)
    problem = repo.outside(toml_path.parent)
    if problem:  # a symlinked year folder, say: never write through it
        raise InputError(toml_path.parent, f"{problem} — replace it with a plain folder; nothing was written")
    md_path = toml_path.with_suffix(".md")
    atomic_write_files({toml_path: dumps(minutes.to_document()).encode(), md_path: render_markdown(minutes).encode()})
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
