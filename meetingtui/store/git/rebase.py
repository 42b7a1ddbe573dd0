"""Bringing the remote's commits in without touching the user's work: no stash, no autostash, no force.

Our own unpushed commits are replayed onto the remote's tip in a temporary
``git worktree`` (so the user's work tree is never the scene of a conflict), and
the branch is then moved like a checkout (`read-tree -m -u`), which refuses to touch a
file the user changed. When another clone saved a meeting or a proposal under the same file
name (an add/add clash), ours moves to the next free name, its content unchanged: references
point at the permanent ids inside files (:mod:`meetingtui.domain.ids`), never at names.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from meetingtui.domain.wording import plural
from meetingtui.store.git.fault import point
from meetingtui.store.git.limits import outside_limit
from meetingtui.store.git.lock import COMMIT_WAIT_SECONDS, integration
from meetingtui.store.git.moves import (
    moved_files,
    redirect,
    resolve_name_clash,
    restore_theirs,
    take_remote_report,
)
from meetingtui.store.git.recovery import REPLAY_PREFIX, begin_move, end_move
from meetingtui.store.git.refs import head_sha
from meetingtui.store.git.run import (
    GitError,
    nonblank_lines,
    output_of,
    present_hooks,
    quote,
    raise_on_failure,
    run_git,
    sync_hint,
)
from meetingtui.store.layout import REPORT_FILE

Regenerate = Callable[[Path], list[str]]
"""Rewrites the generated files of a work tree from its history (``REPORT.md``); the repo-relative paths
that now differ from its ``HEAD``. Passed down by the layers that know how (the git layer does not)."""


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
    """Repo-relative paths of ours whose names the remote's files took, and the paths ours moved to."""
    message: str = ""
    report_regenerated: bool = False
    """True when the replay made the new tip's report (``regenerate``): it is the one its history gives."""


def user_changed(root: Path) -> set[str]:
    """Repo-relative paths the user changed, staged or not, or created (untracked, not ignored)."""
    result = run_git(root, "status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", step="status")
    return {entry[3:] for entry in result.stdout.split("\0") if len(entry) > 3}


def changed_between(root: Path, old: str, new: str) -> list[str]:
    """Paths that differ between two commits."""
    result = run_git(root, "diff", "--name-only", "--no-renames", "-z", old, new, step="status")
    return sorted(name for name in result.stdout.split("\0") if name)


def integrate(
    root: Path, onto: str, minutes_dir: str, step: str = "sync", regenerate: Regenerate | None = None
) -> Integration:
    """Move the current branch onto ``onto`` (a commit), replaying our own commits the remote lacks.

    ``regenerate`` rewrites the generated report in the replay's tree (see :func:`_regenerate_report`).
    Raises :class:`Clash` when our commits conflict with the remote's in a way no
    rename fixes; the branch and the work tree are then as they were.
    """
    with integration(root, "bringing in the remote's commits", COMMIT_WAIT_SECONDS, step):
        return _integrate(root, onto, minutes_dir, step, regenerate)


def _integrate(root: Path, onto: str, minutes_dir: str, step: str, regenerate: Regenerate | None) -> Integration:
    old = _head(root)
    base = run_git(root, "merge-base", old, onto, step=step).stdout.strip()
    if base == onto:
        return Integration(message="nothing new")  # the remote has nothing we lack
    if not base:
        return Integration(message="not updated: this clone and the remote hold separate histories")
    came_in = changed_between(root, base, onto)
    ours = nonblank_lines(run_git(root, "rev-list", "--reverse", "--no-merges", old, "--not", onto, step=step).stdout)
    blocked = sorted(set(came_in) & _changed_here(root, regenerate))
    if blocked:
        return Integration(came_in=came_in, blocked=blocked, message=_blocked_message(root, blocked))
    renamed: dict[str, str] = {}
    new = onto if base == old else _replay(root, onto, ours, minutes_dir, renamed, step, regenerate)
    touched = changed_between(root, old, new)
    here = user_changed(root)  # again: the replay took time
    blocked = sorted(set(touched) & _changed_here(root, regenerate, here))
    if blocked:
        return Integration(came_in=came_in, blocked=blocked, message=_blocked_message(root, blocked))
    aside = regenerate is not None and REPORT_FILE in touched and REPORT_FILE in here
    if aside:  # a report written by a save whose commit failed: generated, so set aside and written again
        restore_theirs(root, REPORT_FILE, step)
    with outside_limit():  # two steps (work tree, then branch) that a time limit must never cut apart
        moved = _move_branch(root, old, new, step)
    if aside and regenerate is not None:
        regenerate(root)  # from the minutes on disk, the uncommitted ones included: `meetingtui commit` takes it
    if moved:
        return Integration(came_in=came_in, blocked=sorted(touched), message="not updated: " + moved)
    note = f"; renamed {', '.join(f'{a} to {b}' for a, b in renamed.items())}" if renamed else ""
    replayed = regenerate is not None and base != old
    return Integration(True, came_in, [], renamed, f"{plural(len(came_in), 'file')} came in{note}", replayed)


def _changed_here(root: Path, regenerate: Regenerate | None, changed: set[str] | None = None) -> set[str]:
    """What the user changed (``changed``, else asked of git) that an update must not touch: the generated report
    is not, when it can be regenerated (a save whose commit failed wrote it beside its minutes)."""
    changed = user_changed(root) if changed is None else set(changed)
    if regenerate is not None:
        changed.discard(REPORT_FILE)
    return changed


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


def _head(root: Path) -> str:
    sha = head_sha(root)
    if sha is None:
        raise GitError("status", f"HEAD of {root} is not a commit", "Read `git status` there.")
    return sha


def _replay(
    root: Path,
    onto: str,
    commits: list[str],
    minutes_dir: str,
    renamed: dict[str, str],
    step: str,
    regenerate: Regenerate | None = None,
) -> str:
    """Cherry-pick ``commits`` onto ``onto`` in a temporary work tree; returns the new tip.

    The user's hooks run here as in any checkout and cherry-pick (post-checkout, prepare-commit-msg, …),
    within the caller's time limit. Only :func:`_redirect` re-commits with ``--no-verify``: it commits
    again a commit of ours that passed pre-commit and commit-msg when it was made, with its own message.
    """
    temp = Path(tempfile.mkdtemp(prefix=REPLAY_PREFIX))
    tree = temp / "tree"
    try:
        # Runs the user's post-checkout hook; a time-out or a failure leaves the tree registered: removed below.
        added = run_git(root, "worktree", "add", "--quiet", "--detach", str(tree), onto, step=step, c_locale=True)
        if added.returncode != 0:
            raise GitError(step, *_worktree_failed(root), output_of(added))
        point("replay:after-worktree")
        for commit in commits:
            moved = moved_files(tree, commit, renamed, step)
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
                redirect(tree, commit, moved, picked, step)
            elif picked.returncode != 0:
                _raise_if_a_hook_failed(root, tree, picked, step)
                if not take_remote_report(tree, step, picked):
                    resolve_name_clash(tree, commit, minutes_dir, renamed, picked, step)
        if regenerate is not None:
            _regenerate_report(tree, onto, regenerate, step)
        point("replay:before-remove")
        return _head(tree)
    finally:
        # Only our own entry goes: `worktree prune` would also drop the user's worktrees on an unmounted disk.
        # Also after the push's limit ran out, or while the app quits; never masks the error that brought us here.
        with outside_limit(), contextlib.suppress(GitError):
            run_git(root, "worktree", "remove", "--force", str(tree), step=step)
        shutil.rmtree(temp, ignore_errors=True)


def _raise_if_a_hook_failed(root: Path, tree: Path, picked, step: str) -> None:
    """A cherry-pick that the user's hook refused (git says "'prepare-commit-msg' hook failed") is no clash."""
    failed = re.search(r"'([a-z-]+)' hook failed", output_of(picked))
    if failed is None:
        return
    run_git(tree, "cherry-pick", "--abort", step=step)
    raise GitError(
        step,
        f"your {failed[1]} hook failed while your commit was replayed onto the remote's",
        "Your commits are still on your branch, not pushed. Fix what the hook reports below (it also runs when "
        f"meetingtui replays your commits onto the team's), then run {sync_hint(root)}.",
        output_of(picked),
    )


def _worktree_failed(root: Path) -> tuple[str, str]:
    """Why ``git worktree add`` failed, naming the user's post-checkout hook when there is one (it ran)."""
    if present_hooks(root, ("post-checkout",)):
        return (
            "could not prepare a temporary work tree (`git worktree add` failed after running your post-checkout hook)",
            "If the hook failed, fix what it reports below: it runs on every checkout, ours included. "
            "Your commits are still on your branch.",
        )
    return "could not prepare a temporary work tree", "Read git's message below."


def _regenerate_report(tree: Path, onto: str, regenerate: Regenerate, step: str) -> None:
    """Make the replayed tip's report the one its history gives: amended into our last replayed commit (it is
    ours: this replaces our own regeneration), or a commit of its own when none of ours is left on top."""
    paths = regenerate(tree)
    if not paths:
        return
    added = run_git(tree, "add", "--", *paths, step=step)
    raise_on_failure(step, added, "could not stage the regenerated report")
    ours_on_top = _head(tree) != onto
    amend = ["--amend", "--no-edit"] if ours_on_top else ["-m", "Report: regenerated after bringing in the team's"]
    # A replayed commit passed the hooks when it was made; the report is generated, not written by a person.
    done = run_git(tree, "commit", "--quiet", "--no-verify", *amend, "--", *paths, step=step, c_locale=True)
    raise_on_failure(step, done, "could not commit the regenerated report")
