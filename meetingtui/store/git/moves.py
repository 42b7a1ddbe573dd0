"""Our files on a push race: when another clone's minutes or proposal took a file name first, ours moves
to the next free name, byte for byte, and later commits of ours follow it. The ids inside the files are
permanent (:mod:`meetingtui.domain.ids`), so no reference anywhere changes. The generated report is never
merged: the remote's version is taken, and the replay regenerates it. The roster (``people.toml``), to which a
meeting adds the people it met, is the remote's with the people ours added that it lacks."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.slug import numbered
from meetingtui.store.git.run import output_of, raise_on_failure, run_git
from meetingtui.store.layout import PEOPLE_FILE, PROPOSALS_DIR, REPORT_FILE
from meetingtui.store.toml_io import dumps, parse_toml

MINUTES_SUFFIXES = (".toml", ".md")
PROPOSALS_PREFIX = PROPOSALS_DIR + "/"


class Clash(Exception):
    """Our commits and the remote's change the same lines of a file: people must combine them."""

    def __init__(self, paths: list[str], output: str) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths
        self.output = output


def moved_files(tree: Path, commit: str, renamed: dict[str, str], step: str) -> dict[str, str]:
    """The files moved earlier in this replay that ``commit`` changes too: old path -> new path."""
    if not renamed:
        return {}
    changed = run_git(tree, "diff-tree", "--no-commit-id", "--name-only", "-r", "-z", commit, step=step).stdout
    return {path: renamed[path] for path in changed.split("\0") if path in renamed}


def redirect(tree: Path, commit: str, moved: dict[str, str], picked, step: str) -> None:
    """Commit ``commit`` (picked without committing) with its change to each moved file made to the new one.

    Merged into the old path instead, a later change of ours (a withdrawal, a fix of the minutes) would
    change the other clone's file, silently. The old path keeps the remote's version (or nothing).
    """
    for old, new in moved.items():
        restore_theirs(tree, old, step)
        _place_ours(tree, commit, old, new, step)
    take_remote_report(tree, step, None)
    status = run_git(tree, "status", "--porcelain=v1", "-z", "--no-renames", step=step).stdout.split("\0")
    unmerged = sorted(entry[3:] for entry in status if len(entry) > 3 and is_unmerged(entry[:2]))
    if unmerged:
        run_git(tree, "reset", "--hard", "--quiet", "HEAD", step=step)
        raise Clash(unmerged, output_of(picked))
    # A replayed commit was already checked by the hooks when it was made: it is committed again as it was.
    done = run_git(tree, "commit", "--quiet", "--allow-empty", "--no-verify", "-C", commit, step=step, c_locale=True)
    if done.returncode != 0:
        raise Clash(sorted(moved), output_of(done))


def resolve_name_clash(tree: Path, commit: str, minutes_dir: str, renamed: dict[str, str], picked, step: str) -> None:
    """Finish a cherry-pick whose only conflicts are files both sides added under one name: ours moves.

    Only minutes (``.toml`` and ``.md``) and proposals qualify. The remote's file keeps the name; ours
    (both files of a meeting, when either clashes) takes the next free name with the same content,
    byte for byte: the ids inside are permanent, so no reference anywhere has to change.
    """
    status = run_git(tree, "status", "--porcelain=v1", "-z", "--no-renames", step=step).stdout.split("\0")
    unmerged = {entry[3:]: entry[:2] for entry in status if len(entry) > 3 and is_unmerged(entry[:2])}
    prefix = minutes_dir.strip("/") + "/"
    movable = [
        path
        for path, state in unmerged.items()
        if state == "AA"
        and (
            (path.startswith(prefix) and path.endswith(MINUTES_SUFFIXES))
            or (path.startswith(PROPOSALS_PREFIX) and path.endswith(".toml"))
        )
    ]
    stems = sorted({path.rsplit(".", 1)[0] for path in movable})
    # A meeting's files move together, and only a meeting's: a Markdown file of ours with no minutes is no meeting.
    meetings = all(_has(tree, commit, f"{stem}.toml", step) for stem in stems)
    if not unmerged or len(movable) != len(unmerged) or not meetings:
        run_git(tree, "cherry-pick", "--abort", step=step)
        raise Clash(sorted(unmerged) or ["(no file named)"], output_of(picked))
    for stem in stems:
        suffixes = MINUTES_SUFFIXES if stem.startswith(prefix) else (".toml",)
        new_stem = _free_stem(tree, stem, suffixes)
        for suffix in suffixes:
            old, new = stem + suffix, new_stem + suffix
            if _place_ours(tree, commit, old, new, step):
                restore_theirs(tree, old, step)
                renamed[old] = new
    done = run_git(tree, "-c", "core.editor=:", "cherry-pick", "--continue", step=step, c_locale=True)
    if done.returncode != 0:
        run_git(tree, "cherry-pick", "--abort", step=step)
        raise Clash(sorted(movable), output_of(done))


def describe_renames(renamed: dict[str, str]) -> list[str]:
    """One phrase a moved item: ``minutes/2026/a-b became a-b-2`` (a meeting's two files named once)."""
    pairs = dict.fromkeys((old.rsplit(".", 1)[0], new.rsplit(".", 1)[0]) for old, new in renamed.items())
    return [f"{old} became {new.rpartition('/')[2]}" for old, new in pairs]


def _free_stem(tree: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """``stem`` with the next ``-N`` that no file of ``suffixes`` uses in ``tree``."""
    folder, _, name = stem.rpartition("/")
    base = re.sub(r"-\d+$", "", name)
    number = 2
    while True:
        candidate = f"{folder}/{numbered(base, number)}"
        if not any(os.path.lexists(tree / (candidate + suffix)) for suffix in suffixes):
            return candidate
        number += 1


def _has(tree: Path, commit: str, path: str, step: str) -> bool:
    return run_git(tree, "cat-file", "-e", f"{commit}:{path}", step=step).returncode == 0


def _place_ours(tree: Path, commit: str, old: str, new: str, step: str) -> bool:
    """Stage ``commit``'s version of ``old`` at ``new`` (the very blob, no text round trip); False if it has none."""
    blob = run_git(tree, "rev-parse", "--verify", "--quiet", f"{commit}:{old}", step=step).stdout.strip()
    if not blob:
        run_git(tree, "rm", "--quiet", "--cached", "--ignore-unmatch", "--", new, step=step)
        with contextlib.suppress(FileNotFoundError):
            (tree / new).unlink()
        return False
    staged = run_git(tree, "update-index", "--add", "--cacheinfo", f"100644,{blob},{new}", step=step)
    raise_on_failure(step, staged, f"could not stage {new}")
    run_git(tree, "checkout", "--", new, step=step)
    return True


def restore_theirs(tree: Path, path: str, step: str) -> None:
    """Put ``path`` back as the remote has it (HEAD of the replay), or remove it when the remote has none."""
    if _has(tree, "HEAD", path, step):
        run_git(tree, "checkout", "HEAD", "--", path, step=step)
        return
    run_git(tree, "rm", "--quiet", "--cached", "--force", "--ignore-unmatch", "--", path, step=step)
    with contextlib.suppress(FileNotFoundError):
        (tree / path).unlink()


def is_unmerged(state: str) -> bool:
    return state in {"DD", "AU", "UD", "UA", "DU", "AA", "UU"}


def unmerged_paths(tree: Path, step: str) -> set[str]:
    status = run_git(tree, "status", "--porcelain=v1", "-z", "--no-renames", step=step).stdout.split("\0")
    return {entry[3:] for entry in status if len(entry) > 3 and is_unmerged(entry[:2])}


def take_remote_report(tree: Path, step: str, picked) -> bool:
    """Settle a conflict in the generated report by taking the remote's version: it is regenerated after the
    replay (the replay's regeneration), never merged. True when that finished the cherry-pick (``picked``),
    False when other conflicts remain (or when there is no cherry-pick to finish: ``picked`` is ``None``)."""
    unmerged = unmerged_paths(tree, step)
    if REPORT_FILE in unmerged:
        restore_theirs(tree, REPORT_FILE, step)
        unmerged.discard(REPORT_FILE)
    if PEOPLE_FILE in unmerged and _join_people(tree, step):
        unmerged.discard(PEOPLE_FILE)
    if unmerged or picked is None:
        return False
    done = run_git(tree, "-c", "core.editor=:", "cherry-pick", "--continue", step=step, c_locale=True)
    if done.returncode != 0:  # nothing of ours left in it (a report commit of ours): the remote's report stands
        skipped = run_git(tree, "cherry-pick", "--skip", step=step, c_locale=True)
        if skipped.returncode != 0:
            run_git(tree, "cherry-pick", "--abort", step=step)
            raise Clash([REPORT_FILE], output_of(done))
    return True


def _join_people(tree: Path, step: str) -> bool:
    """Settle a clash in ``people.toml`` (both sides added people at its end): the remote's file, then the people
    our side added that it lacks (any case). False, leaving the clash, when either side does not read as TOML."""
    texts = []
    for stage in (1, 2, 3):  # base, the remote's (HEAD of the replay), ours
        shown = run_git(tree, "show", f":{stage}:{PEOPLE_FILE}", step=step)
        texts.append(shown.stdout if shown.returncode == 0 else "")
    try:
        base, theirs, ours = ([p for p in parse_toml(text).get("people", []) if isinstance(p, dict)] for text in texts)
    except (InputError, AttributeError):
        return False
    known = {str(person.get("name", "")).casefold() for person in [*theirs, *base]}
    added = [person for person in ours if str(person.get("name", "")).casefold() not in known]
    text = texts[1].rstrip("\n") + ("\n\n" if texts[1].strip() else "") + (dumps({"people": added}) if added else "")
    (tree / PEOPLE_FILE).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    run_git(tree, "add", "--", PEOPLE_FILE, step=step)
    return True
