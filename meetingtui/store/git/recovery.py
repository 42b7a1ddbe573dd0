"""Finishing what a killed integration left: a half-done branch move, a temporary replay worktree.

A branch move is two git steps, ``read-tree -m -u OLD NEW`` (index and work tree)
then ``update-ref`` (the branch). Killed between them, a clone's files are at NEW
while HEAD is at OLD: ``git status`` shows the remote's changes undone, as if the
user had made them. So the move first writes an intent record (atomically, fsynced)
in the work tree's git folder and clears it after; :func:`recover`, run at the
start of every integration under the repository's lock, reads it and rolls the
move forward (the two-tree ``read-tree`` is a no-op for paths already at NEW), or
drops it when the branch went elsewhere meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

from meetingtui.store.files import atomic_write_text, fsync_dir
from meetingtui.store.git.dirs import GitDirs, git_dirs
from meetingtui.store.git.run import GitError, output_of, quote, run_git, sync_hint

INTENT_NAME = "meetingtui-move.json"
REPLAY_PREFIX = "meetingtui-rebase-"
"""The temporary folder of a replay (:func:`~meetingtui.store.git.rebase._replay`) starts with this."""


def begin_move(root: Path, ref: str, old: str, new: str) -> None:
    """Record, durably, that ``ref`` and the work tree are about to go from ``old`` to ``new``."""
    dirs = git_dirs(root)
    if dirs is not None:
        atomic_write_text(dirs.git_dir / INTENT_NAME, json.dumps({"ref": ref, "old": old, "new": new}))


def end_move(root: Path) -> None:
    """The move is done (or undone): forget the record."""
    dirs = git_dirs(root)
    if dirs is not None:
        _clear(dirs)


def recover(root: Path, dirs: GitDirs) -> None:
    """Remove replay worktrees a killed process left, and finish (or drop) a branch move it cut short.

    Only called with the repository's integration lock held: no other integration is running.
    Raises :class:`GitError` when the move cannot be finished because the user changed a file it touches.
    """
    _remove_stale_replays(root, dirs)
    try:
        intent = json.loads((dirs.git_dir / INTENT_NAME).read_text(encoding="utf-8"))
        ref, old, new = (str(intent[key]) for key in ("ref", "old", "new"))
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        _clear(dirs)  # torn before its atomic rename completed: nothing was moved yet
        return
    checked_out = run_git(root, "symbolic-ref", "--quiet", "HEAD", step="sync").stdout.strip()
    head = run_git(root, "rev-parse", "--verify", "--quiet", ref, step="sync").stdout.strip()
    exists = run_git(root, "cat-file", "-e", f"{new}^{{commit}}", step="sync").returncode == 0
    if checked_out != ref or head != old or not exists:
        # Already moved (head == new), or the user went elsewhere (a commit, another branch): nothing to finish.
        _clear(dirs)
        return
    forward = run_git(root, "read-tree", "-m", "-u", old, new, step="sync", c_locale=True)
    if forward.returncode != 0:
        raise GitError(
            "sync",
            "an update of this clone was cut short (meetingtui was killed) and cannot be finished: "
            "files it brings in were changed since",
            f"Your files were left as they are. Look at them: git -C {quote(root)} status\n"
            f"Once you have committed or put aside your changes to the files git names below, run {sync_hint(root)}.",
            output_of(forward),
        )
    updated = run_git(root, "update-ref", "-m", "meetingtui: finish an interrupted sync", ref, new, old, step="sync")
    if updated.returncode != 0:
        run_git(root, "read-tree", "-m", "-u", new, old, step="sync")
    _clear(dirs)


def _clear(dirs: GitDirs) -> None:
    with contextlib.suppress(FileNotFoundError):
        (dirs.git_dir / INTENT_NAME).unlink()
        fsync_dir(dirs.git_dir)


def _remove_stale_replays(root: Path, dirs: GitDirs) -> None:
    """``git worktree remove --force`` each of this repository's replay worktrees, by its exact path.

    Never ``worktree prune``: it would also drop the user's own worktrees on a disk that is not mounted.
    """
    registered = dirs.common_dir / "worktrees"
    if not registered.is_dir():
        return
    for entry in registered.iterdir():
        try:
            tree = Path((entry / "gitdir").read_text(encoding="utf-8").strip()).parent
        except OSError:
            continue
        if not tree.parent.name.startswith(REPLAY_PREFIX):
            continue
        run_git(root, "worktree", "remove", "--force", str(tree), step="sync")
        if tree.parent.is_dir() and not tree.parent.is_symlink():
            shutil.rmtree(tree.parent, ignore_errors=True)
