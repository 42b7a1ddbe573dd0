"""Bringing the remote's commits in without touching the user's work: no stash, no autostash, no force.

Our own unpushed commits are replayed onto the remote's tip in a temporary
``git worktree`` (so the user's work tree is never the scene of a conflict), and
the branch is then moved like a checkout (`read-tree -m -u`), which refuses to touch a
file the user changed. When another clone saved a meeting or a proposal under the same id
(an add/add clash on a minutes or proposal file), ours takes the next free id instead.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.wording import plural
from meetingtui.store.files import atomic_write_text
from meetingtui.store.git.fault import point
from meetingtui.store.git.lock import COMMIT_WAIT_SECONDS, integration
from meetingtui.store.git.recovery import REPLAY_PREFIX, begin_move, end_move
from meetingtui.store.git.run import GitError, nonblank_lines, output_of, quote, run_git
from meetingtui.store.repo import PROPOSALS_DIR

MINUTES_SUFFIXES = (".toml", ".md")
PROPOSALS_PREFIX = PROPOSALS_DIR + "/"


@dataclass(frozen=True)
class Integration:
    """What :func:`integrate` did (or would have done)."""

    moved: bool = False
    """True when the branch now includes the remote's commits."""
    came_in: list[str] = field(default_factory=list)
    """Repo-relative paths the remote's commits changed."""
    blocked: list[str] = field(default_factory=list)
    """User-changed files the update would have touched; nothing was changed."""
    renamed: dict[str, str] = field(default_factory=dict)
    """Minutes and proposal ids of ours that clashed with the remote's, and the ids they took."""
    message: str = ""


class Clash(Exception):
    """Our commits and the remote's change the same lines of a file: people must combine them."""

    def __init__(self, paths: list[str], output: str) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths
        self.output = output


def user_changed(root: Path) -> set[str]:
    """Repo-relative paths the user changed, staged or not, or created (untracked, not ignored)."""
    result = run_git(root, "status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", step="status")
    return {entry[3:] for entry in result.stdout.split("\0") if len(entry) > 3}


def changed_between(root: Path, old: str, new: str) -> list[str]:
    """Paths that differ between two commits."""
    result = run_git(root, "diff", "--name-only", "--no-renames", "-z", old, new, step="status")
    return sorted(name for name in result.stdout.split("\0") if name)


def integrate(root: Path, onto: str, minutes_dir: str, step: str = "sync") -> Integration:
    """Move the current branch onto ``onto`` (a commit), replaying our own commits the remote lacks.

    Raises :class:`Clash` when our commits conflict with the remote's in a way no
    rename fixes; the branch and the work tree are then as they were.
    """
    with integration(root, "bringing in the remote's commits", COMMIT_WAIT_SECONDS, step):
        return _integrate(root, onto, minutes_dir, step)


def _integrate(root: Path, onto: str, minutes_dir: str, step: str) -> Integration:
    old = _rev(root, "HEAD")
    base = run_git(root, "merge-base", old, onto, step=step).stdout.strip()
    if base == onto:
        return Integration(message="nothing new")  # the remote has nothing we lack
    if not base:
        return Integration(message="not updated: this clone and the remote hold separate histories")
    came_in = changed_between(root, base, onto)
    ours = nonblank_lines(run_git(root, "rev-list", "--reverse", "--no-merges", old, "--not", onto, step=step).stdout)
    blocked = sorted(set(came_in) & user_changed(root))
    if blocked:
        return Integration(came_in=came_in, blocked=blocked, message=_blocked_message(root, blocked))
    renamed: dict[str, str] = {}
    new = onto if base == old else _replay(root, onto, ours, minutes_dir, renamed, step)
    touched = changed_between(root, old, new)
    blocked = sorted(set(touched) & user_changed(root))
    if blocked:
        return Integration(came_in=came_in, blocked=blocked, message=_blocked_message(root, blocked))
    moved = _move_branch(root, old, new, step)
    if moved:
        return Integration(came_in=came_in, blocked=sorted(touched), message="not updated: " + moved)
    note = f"; renamed {', '.join(f'{a} to {b}' for a, b in renamed.items())}" if renamed else ""
    return Integration(True, came_in, [], renamed, f"{plural(len(came_in), 'file')} came in{note}")


def _move_branch(root: Path, old: str, new: str, step: str) -> str:
    """Point the branch at ``new`` and update the work tree like a checkout; "" or why it did not.

    A two-tree ``read-tree -m -u`` changes only the files that differ between
    the commits, keeps everything the user staged or changed elsewhere, and
    refuses (changing nothing) when a file to update has local changes or an
    untracked file is in the way. Not ``reset --keep``: it would unstage.
    """
    ref = run_git(root, "symbolic-ref", "--quiet", "HEAD", step=step).stdout.strip()
    begin_move(root, ref, old, new)  # a kill from here on is finished by the next integration's recovery
    point("move:before-read-tree")
    checked = run_git(root, "read-tree", "-m", "-u", old, new, step=step, c_locale=True)
    if checked.returncode != 0:
        end_move(root)
        return output_of(checked)
    point("move:before-update-ref")
    # The old value makes the move atomic: a commit made meanwhile is never lost.
    updated = run_git(root, "update-ref", "-m", "meetingtui: sync with the remote", ref, new, old, step=step)
    if updated.returncode != 0:
        run_git(root, "read-tree", "-m", "-u", new, old, step=step)
        end_move(root)
        return "the branch changed meanwhile"
    point("move:after-update-ref")
    end_move(root)
    return ""


def _blocked_message(root: Path, blocked: list[str]) -> str:
    shown = ", ".join(blocked[:3]) + (" …" if len(blocked) > 3 else "")
    return (
        f"not updated: newer commits change {shown}, which you changed (left alone). "
        f"Commit or undo your change (git -C {quote(root)} status), then run meetingtui sync --repo {quote(root)}"
    )


def _rev(root: Path, name: str) -> str:
    result = run_git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", step="status")
    if result.returncode != 0:
        raise GitError("status", f"{name} is not a commit", "Read git's message below.", output_of(result))
    return result.stdout.strip()


def _replay(root: Path, onto: str, commits: list[str], minutes_dir: str, renamed: dict[str, str], step: str) -> str:
    """Cherry-pick ``commits`` onto ``onto`` in a temporary work tree; returns the new tip."""
    temp = Path(tempfile.mkdtemp(prefix=REPLAY_PREFIX))
    tree = temp / "tree"
    added = run_git(root, "worktree", "add", "--quiet", "--detach", str(tree), onto, step=step, c_locale=True)
    if added.returncode != 0:
        shutil.rmtree(temp, ignore_errors=True)
        raise GitError(step, "could not prepare a temporary work tree", "Read git's message below.", output_of(added))
    point("replay:after-worktree")
    try:
        for commit in commits:
            moved = _moved_files(tree, commit, renamed, step)
            picked = run_git(
                tree,
                "cherry-pick",
                "--allow-empty",
                "--keep-redundant-commits",
                *(["--no-commit"] if moved else []),
                commit,
                step=step,
                c_locale=True,
            )
            if moved:
                _redirect(tree, commit, moved, renamed, picked, step)
            elif picked.returncode != 0:
                _resolve_id_clash(tree, minutes_dir, renamed, picked, step)
        point("replay:before-remove")
        return _rev(tree, "HEAD")
    finally:
        # Only our own entry goes: `worktree prune` would also drop the user's worktrees on an unmounted disk.
        run_git(root, "worktree", "remove", "--force", str(tree), step=step)
        shutil.rmtree(temp, ignore_errors=True)


def _moved_files(tree: Path, commit: str, renamed: dict[str, str], step: str) -> dict[str, str]:
    """The files of ids renamed earlier in this replay that ``commit`` changes too: path -> old id."""
    if not renamed:
        return {}
    changed = run_git(tree, "diff-tree", "--no-commit-id", "--name-only", "-r", "-z", commit, step=step).stdout
    files = {path: old for old in renamed for path in _files_of(tree, old)}
    return {path: files[path] for path in changed.split("\0") if path in files}


def _files_of(tree: Path, item_id: str) -> list[str]:
    """The repo-relative files of a minutes id, or of a proposal id (``<agenda>/<name>``)."""
    if "/" in item_id:
        return [f"{PROPOSALS_PREFIX}{item_id}.toml"]
    from meetingtui.store.minutes_store import minutes_path
    from meetingtui.store.repo import MinutesRepo

    toml = minutes_path(MinutesRepo(tree), item_id).relative_to(tree).as_posix()
    return [toml, toml.removesuffix(".toml") + ".md"]


def _redirect(tree: Path, commit: str, moved: dict[str, str], renamed: dict[str, str], picked, step: str) -> None:
    """Commit ``commit`` (picked without committing) with its change to each renamed file made to the new one.

    Merged into the old path instead, a later change of ours (a withdrawal, a fix of the minutes) would change
    the other clone's file, silently. The Markdown of minutes is rendered anew from their TOML.
    """
    from meetingtui.store.minutes_store import write_renamed

    for path, old in moved.items():
        ours = run_git(tree, "show", f"{commit}:{path}", step=step)
        run_git(tree, "checkout", "HEAD", "--", path, step=step)  # theirs, as the remote has it
        if ours.returncode != 0 or path.endswith(".md"):
            continue
        if path.startswith(PROPOSALS_PREFIX):
            written = _files_of(tree, renamed[old])
            atomic_write_text(tree / written[0], ours.stdout)
        else:
            try:
                written = write_renamed(tree, path, ours.stdout, old, renamed[old])
            except (InputError, ValueError, OSError) as exc:  # ours does not load: people must look at it
                run_git(tree, "reset", "--hard", "--quiet", "HEAD", step=step)
                raise Clash([path], str(exc)) from None
        run_git(tree, "add", "--", *written, step=step)
    status = run_git(tree, "status", "--porcelain=v1", "-z", "--no-renames", step=step).stdout.split("\0")
    unmerged = sorted(entry[3:] for entry in status if len(entry) > 3 and _is_unmerged(entry[:2]))
    if unmerged:
        run_git(tree, "reset", "--hard", "--quiet", "HEAD", step=step)
        raise Clash(unmerged, output_of(picked))
    done = run_git(tree, "commit", "--quiet", "--allow-empty", "--no-verify", "-C", commit, step=step, c_locale=True)
    if done.returncode != 0:
        raise Clash(sorted(moved), output_of(done))


def _resolve_id_clash(tree: Path, minutes_dir: str, renamed: dict[str, str], picked, step: str) -> None:
    """Finish a cherry-pick whose only conflicts are files both sides added (minutes, proposals): ours is renamed."""
    status = run_git(tree, "status", "--porcelain=v1", "-z", "--no-renames", step=step).stdout.split("\0")
    unmerged = {entry[3:]: entry[:2] for entry in status if len(entry) > 3 and _is_unmerged(entry[:2])}
    prefix = minutes_dir.strip("/") + "/"
    added = [path for path, state in unmerged.items() if state == "AA"]
    minutes = [path for path in added if path.startswith(prefix) and path.endswith(MINUTES_SUFFIXES)]
    proposals = [path for path in added if path.startswith(PROPOSALS_PREFIX) and path.endswith(".toml")]
    clashes = minutes + proposals
    if not unmerged or len(clashes) != len(unmerged) or not any(p.endswith(".toml") for p in clashes):
        run_git(tree, "cherry-pick", "--abort", step=step)
        raise Clash(sorted(unmerged) or ["(no file named)"], output_of(picked))
    try:
        for toml in sorted(p for p in minutes if p.endswith(".toml")):
            md = toml[: -len(".toml")] + ".md"
            _rename_ours(tree, [p for p in (toml, md) if p in unmerged], renamed, step, _minutes_renamer(minutes_dir))
        if proposals:
            # Imported here: the proposal models are not needed before the first frame, a push race is rare.
            from meetingtui.store.proposals_store import rename_clashing_proposal

            for path in sorted(proposals):
                _rename_ours(tree, [path], renamed, step, rename_clashing_proposal)
    except (InputError, ValueError, OSError) as exc:  # ours does not load: people must look at it
        run_git(tree, "cherry-pick", "--abort", step=step)
        raise Clash(clashes, str(exc)) from None
    done = run_git(tree, "-c", "core.editor=:", "cherry-pick", "--continue", step=step, c_locale=True)
    if done.returncode != 0:
        run_git(tree, "cherry-pick", "--abort", step=step)
        raise Clash(clashes, output_of(done))


Renamer = Callable[[Path, str, str], tuple[str, str, list[str]]]
"""Writes our file's text (found at a path another clone took) anew; the old id, the new id, the new paths."""


def _rename_ours(tree: Path, paths: list[str], renamed: dict[str, str], step: str, rename: Renamer) -> None:
    """Theirs (already on the remote) keeps ``paths``; ours (the first path's text) is written under a new id."""
    ours = run_git(tree, "show", f":3:{paths[0]}", step=step).stdout
    run_git(tree, "checkout", "--ours", "--", *paths, step=step)
    old_id, new_id, written = rename(tree, paths[0], ours)
    renamed[old_id] = new_id
    run_git(tree, "add", "--", *paths, *written, step=step)


def _minutes_renamer(minutes_dir: str) -> Renamer:
    from meetingtui.store.minutes_store import rename_clashing

    return lambda tree, toml, text: rename_clashing(tree, minutes_dir, toml, text)


def _is_unmerged(state: str) -> bool:
    return state in {"DD", "AU", "UD", "UA", "DU", "AA", "UU"}
