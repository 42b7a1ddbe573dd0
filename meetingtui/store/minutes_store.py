"""Minutes on disk: their readable file names, saving both files, reading them back."""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.ids import is_permanent
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.slug import numbered, slugify
from meetingtui.store.background import InBackground
from meetingtui.store.files import atomic_write_files, atomic_write_text
from meetingtui.store.recent_writes import Upcoming, remember
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.state_records import record_write, written_by_us
from meetingtui.store.toml_io import dumps, read_model


@dataclass(frozen=True)
class SavedMinutes:
    """The two files a save wrote."""

    toml_path: Path
    md_path: Path

    @property
    def paths(self) -> list[Path]:
        return [self.toml_path, self.md_path]


def minutes_stem(date: dt.date, agenda_name: str) -> str:
    """The readable file name (without suffix) minutes of ``agenda_name`` on ``date`` get when it is free."""
    return f"{date.isoformat()}-{slugify(agenda_name)}"


def year_folder(repo: MinutesRepo, date: dt.date) -> Path:
    """``minutes/YYYY``: where minutes of ``date`` live."""
    return repo.minutes_dir / f"{date.year:04d}"


def minutes_file(repo: MinutesRepo, minutes: Minutes, taken: set[str] | None = None) -> Path:
    """The ``.toml`` file these minutes are saved in: the one already holding them, else the first free name.

    Names are tried in order (``<date>-<agenda>``, then ``-2``, ``-3`` …). A name holding these same
    minutes (an earlier save of this meeting that a crash cut short) is reused. A name is free when
    neither its ``.toml`` nor its ``.md`` exists here — whoever wrote them — and no file of that
    name is in ``taken`` (by default the names in the last fetched remote branch; no network).
    The name says nothing that matters: the id inside the file is what references point at.
    """
    if taken is None:
        taken = remote_names(repo)
    folder = year_folder(repo, minutes.date)
    base = minutes_stem(minutes.date, minutes.agenda)
    number = 1
    while True:
        stem = numbered(base, number)
        toml_path = folder / f"{stem}.toml"
        if os.path.lexists(toml_path) or os.path.lexists(toml_path.with_suffix(".md")):
            if _holds(repo, toml_path, minutes):
                return toml_path
        elif stem not in taken:
            return toml_path
        number += 1


def minutes_file_place(minutes_id: str) -> tuple[str, str]:
    """The folder (under the minutes folder) and the start of the names that the minutes ``minutes_id`` may have."""
    base = minutes_id.rsplit(".", 1)[0] if is_permanent(minutes_id) else re.sub(r"-\d+$", "", minutes_id)
    return (minutes_id[:4] if minutes_id[:4].isdigit() else "undated"), base


def find_minutes_file(repo: MinutesRepo, minutes_id: str) -> Path | None:
    """The ``.toml`` file holding the minutes ``minutes_id``, wherever a race moved it; ``None`` if none does.

    Only the names its meeting could have been given are read (``<date>-<agenda>``, ``-2`` …).
    """
    folder_name, base = minutes_file_place(minutes_id)
    folder = repo.minutes_dir / folder_name
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob(f"{glob.escape(base)}*.toml")):
        try:
            if not path.is_symlink() and load_minutes(path).id == minutes_id:
                return path
        except InputError:
            continue
    return None


def _holds(repo: MinutesRepo, toml_path: Path, minutes: Minutes) -> bool:
    """True when ``toml_path`` is an earlier save of these very minutes, byte for byte what this user wrote there.

    Only then may a save write it again (a save a crash cut short, resumed): a file with our id
    that holds anything else is somebody's copy, and is left alone.
    """
    if toml_path.is_symlink() or not toml_path.is_file() or toml_path.with_suffix(".md").is_symlink():
        return False
    if not written_by_us(repo.state_dir, toml_path):  # a digest comparison: cheaper than reading the minutes
        return False
    try:
        found = load_minutes(toml_path)
    except InputError:
        return False
    return found.id == minutes.id and found.started_at == minutes.started_at


def remote_names(repo: MinutesRepo) -> set[str]:
    """File stems (``.toml`` and ``.md``) under the minutes folder of the fetched remote branch; no network."""
    from meetingtui.store.git.sync import remote_files  # the sync code is not needed before the first frame

    try:
        folder = repo.minutes_dir.relative_to(repo.root).as_posix()
        names = remote_files(repo.root, repo.settings.remote, folder)
    except (ValueError, InputError):
        return set()
    return {Path(name).stem for name in names if name.endswith((".toml", ".md"))}


def save_minutes(
    repo: MinutesRepo,
    minutes: Minutes,
    *,
    record: bool = False,
    taken: set[str] | None = None,
    ahead: Callable[[Upcoming], None] | None = None,
) -> SavedMinutes:
    """Write the TOML (the source of truth), then the Markdown rendered from it, both atomically.

    The files are :func:`minutes_file`'s: never a file that holds anything but these minutes (``taken``: the
    names on the fetched remote when the caller already has them).

    ``record``: first remember the TOML as this user's save (:func:`state_records.record_write`), as a meeting's
    save does so that saving again after a crash recognises its own file.

    ``ahead(upcoming)``: called once the TOML's name is chosen, before it is made or anything is written, with an
    :class:`~meetingtui.store.recent_writes.Upcoming` that gets its bytes as soon as they are made (``None`` if
    the save fails first): a meeting's save starts ``REPORT.md`` from them while the files are written.
    """
    # at the save: the Markdown writer is not needed before the first frame
    from meetingtui.store.markdown import render_markdown

    toml_path = minutes_file(repo, minutes, taken)
    problem = repo.outside(toml_path.parent)
    if problem:  # a symlinked year folder, say: never write through it
        raise InputError(toml_path.parent, f"{problem} — replace it with a plain folder; nothing was written")
    md_path = toml_path.with_suffix(".md")
    upcoming = Upcoming(toml_path)
    if ahead is not None:
        ahead(upcoming)
    try:
        data = dumps(minutes.to_document()).encode()
        remember(data, minutes)  # the history read that regenerates REPORT.md takes it without parsing
    except BaseException:
        upcoming.give(None)  # a failed save: a read waiting for the bytes sees the disk as it is
        raise
    upcoming.give(data)
    # The record must be durable before the TOML is in place, not before its bytes are written: its syncs go on
    # beside the Markdown's making and both files' writes and syncs.
    recording = (
        InBackground(lambda: record_write(repo.state_dir, toml_path, data), "meetingtui-record") if record else None
    )
    try:
        markdown = render_markdown(minutes).encode()
        atomic_write_files({toml_path: data, md_path: markdown}, before=recording.result if recording else None)
    finally:
        if recording is not None:
            recording.wait()  # never left behind a failed save
    return SavedMinutes(toml_path, md_path)


def save_rehearsal_copy(repo: MinutesRepo, minutes: Minutes) -> SavedMinutes:
    """Keep a rehearsal's minutes in this user's state folder: outside the history, never committed nor counted."""
    # at the save: the Markdown writer is not needed before the first frame
    from meetingtui.store.markdown import render_markdown

    folder = repo.state_dir / "rehearsals"
    toml_path = folder / f"{minutes.id}.toml"
    md_path = toml_path.with_suffix(".md")
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_files({toml_path: dumps(minutes.to_document()).encode(), md_path: render_markdown(minutes).encode()})
    return SavedMinutes(toml_path, md_path)


def load_minutes(path: Path) -> Minutes:
    """Read one minutes file; bad files raise :class:`InputError` naming the field."""
    return read_model(path, Minutes)


def render_file(path: Path) -> Path:
    """Re-render ``<minutes>.md`` beside ``path`` from the TOML; returns the Markdown path."""
    # at the save: the Markdown writer is not needed before the first frame
    from meetingtui.store.markdown import render_markdown

    minutes = load_minutes(path)
    md_path = Path(path).with_suffix(".md")
    atomic_write_text(md_path, render_markdown(minutes))
    return md_path


def minutes_files(repo: MinutesRepo, skipped: list[Path] | None = None) -> list[Path]:
    """Every minutes TOML file in the repository, in name (so date) order.

    Symlinks are never followed (they may lead out of the repository): they go to ``skipped``.
    """
    return [Path(path) for path in minutes_file_names(repo, skipped)]


def minutes_file_names(repo: MinutesRepo, skipped: list[Path] | None = None) -> list[str]:
    """:func:`minutes_files` as path strings (no :class:`Path` per file: a history can hold 50,000)."""
    if not repo.minutes_dir.is_dir():
        return []
    found: list[str] = []
    _toml_files(str(repo.minutes_dir), found, skipped)
    return sorted(found, key=lambda path: (os.path.basename(path), path))


def _toml_files(folder: str, found: list[str], skipped: list[Path] | None) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            if skipped is not None:
                skipped.append(Path(entry.path))
            continue
        if entry.name.endswith(".toml"):
            found.append(entry.path)  # a folder of that name is reported as unreadable, as rglob had it
        if entry.is_dir(follow_symlinks=False):
            _toml_files(entry.path, found, skipped)
