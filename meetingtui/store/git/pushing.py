"""Pushing minutes: push the current branch within a hard time limit; when the remote moved on (or another
clone holds the branch's lock), bring its commits in and retry, a bounded number of times with jitter.

Never forces, never stashes: the remote's commits come in through :func:`git_rebase.integrate`, which
leaves the user's uncommitted work alone and moves our minutes or proposals to a free name when another clone
took theirs (the content, and so every id and reference, stays as it was).
"""

from __future__ import annotations

import random
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from meetingtui.store.git.branch import check_target, remote_default
from meetingtui.store.git.fault import point
from meetingtui.store.git.fetching import FETCH_TIMEOUT_SECONDS, fetch, network_error
from meetingtui.store.git.limits import limit_now, time_left, time_limit
from meetingtui.store.git.lock import network
from meetingtui.store.git.moves import Clash, describe_renames
from meetingtui.store.git.rebase import Regenerate, integrate
from meetingtui.store.git.refs import current_branch, head_sha
from meetingtui.store.git.run import (
    GitError,
    TimedOut,
    nonblank_lines,
    output_of,
    quote,
    retry_hint,
    run_git,
    sync_hint,
    toplevel,
)

PUSH_TIMEOUT_SECONDS = 15.0
"""Default hard limit on a whole push, retries included (the ``push_timeout`` setting overrides it)."""

PUSH_ATTEMPTS = 12
"""Enough for a dozen clones pushing at one moment: each lost round means another clone's push landed."""

_CONTENTION = ("cannot lock ref", "failed to update ref", "failed to lock", "incorrect old value")
"""What a push that lost the race for the remote's branch lock says: contention, retried, not a refusal."""


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` did; failures raise :class:`GitError` instead."""

    pushed: bool
    """False when the remote already had every commit (nothing to push)."""
    attempts: int
    """Push attempts made: more than one when the remote moved on and we rebased onto it."""
    message: str
    """One line for people."""
    rebased: bool = False
    head: str | None = None
    """The sha of HEAD after the push (after any rebase): what the remote now has."""
    renamed: dict[str, str] = field(default_factory=dict)
    """Repo-relative paths of ours whose names another clone took meanwhile, and the paths ours moved to."""


def push(
    root: Path,
    remote: str = "origin",
    attempts: int = PUSH_ATTEMPTS,
    *,
    timeout: float = PUSH_TIMEOUT_SECONDS,
    minutes_dir: str = "minutes",
    regenerate: Regenerate | None = None,
) -> PushResult:
    """Push the current branch to ``remote`` (setting its upstream if it has none); never forces.

    All of it (retries, fetches, the rebase's git steps and the user's hooks they run) ends within
    ``timeout`` seconds (and a moment to stop git). When
    the remote has commits we lack, fetch them, replay ours onto them and try
    again, up to ``attempts`` pushes, with random pauses between. Commits that
    clash are left as they were, local and unpushed, and :class:`GitError`
    explains how to combine them by hand. ``minutes_dir`` is the repository's minutes folder: our
    minutes there (and our proposals) move to a free name when another clone took theirs. ``regenerate``
    rewrites the generated report of the replayed tip (see :func:`~.rebase.integrate`).
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    root = Path(root)
    safe = f"Your commits are safe locally, not pushed: once that is fixed, run {sync_hint(root)}."
    with network(root, "a push", timeout, "push"), time_limit(timeout, "push", setting="push_timeout", then=safe):
        return _push(root, remote, attempts, minutes_dir, regenerate)


def _push(root: Path, remote: str, attempts: int, minutes_dir: str, regenerate: Regenerate | None) -> PushResult:
    toplevel(root, "push")
    branch = current_branch(root)
    if branch is None:
        raise GitError(
            "push",
            "HEAD is detached: there is no branch to push",
            f"Check out a branch (`git -C {quote(root)} switch BRANCH`), then run {retry_hint(root, push=True)}.",
        )
    if remote not in nonblank_lines(run_git(root, "remote", step="push").stdout):
        raise GitError(
            "push",
            f"this repository has no remote named {remote!r}",
            f"Add it: git -C {quote(root)} remote add {quote(remote)} URL\nthen run {retry_hint(root, push=True)}.",
        )
    if head_sha(root) is None:
        raise GitError("push", "there are no commits to push yet", f"Commit first: {retry_hint(root)}.")
    race = _Race()
    try:
        return _push_rounds(root, branch, remote, attempts, race, minutes_dir, regenerate)
    except GitError as exc:
        if race.lost and isinstance(exc, TimedOut) and exc.hook is None:
            raise race.busy(root, remote, exc) from None  # the limit ran out while other clones' pushes kept landing
        raise


def _push_rounds(
    root: Path, branch: str, remote: str, attempts: int, race: _Race, minutes_dir: str, regenerate: Regenerate | None
) -> PushResult:
    tracked_remote, upstream = _upstream(root, branch)
    default = remote_default(root, remote, time_left() or PUSH_TIMEOUT_SECONDS, step="push")
    target = upstream if tracked_remote == remote and upstream else (default or branch)
    check_target(root, remote, branch, target, default, "push")
    race.target = target
    set_upstream = [] if tracked_remote else ["--set-upstream"]  # never re-point a branch that tracks elsewhere
    rebased, renamed = False, {}
    for attempt in range(1, attempts + 1):
        point("push:before")
        result = run_git(
            root,
            "push",
            "--porcelain",
            *set_upstream,
            remote,
            f"refs/heads/{branch}:refs/heads/{target}",
            step="push",
            c_locale=True,
        )
        if result.returncode == 0:
            point("push:after")
            pushed = not any(line.startswith("=\t") for line in result.stdout.splitlines())
            text = f"pushed {branch} to {remote}/{target}" if pushed else f"{remote}/{target} is up to date"
            if rebased:
                text += f" (after bringing in newer commits from {remote})"
            if renamed:
                text += "; " + ", ".join(f"{moved} (the name was taken)" for moved in describe_renames(renamed))
            return PushResult(pushed, attempt, text, rebased, head_sha(root), renamed)
        behind, contended = _rejected_as_behind(result.stdout), _contended(result)
        if not (behind or contended):
            raise network_error(root, remote, target, result)
        race.lost += 1
        if attempt == attempts:
            break
        # Clones that lost the same race would otherwise come back at the same moment and lose again.
        time.sleep(min(random.uniform(0.05, 0.2 * attempt), (time_left() or 0.0) / 2))
        point("push:after-rejected")
        moved, names = _bring_in(root, branch, remote, target, minutes_dir, regenerate)
        rebased, renamed = rebased or moved, chain_renames(renamed, names)
    raise GitError(
        "push",
        f"{remote}/{target} kept changing: the push was rejected {attempts} times",
        f"Your commits are safe in {branch}, not pushed. Try again in a moment: {retry_hint(root, push=True)}.",
    )


def landed(root: Path, commit: str) -> str:
    """Which sha ``commit`` has after a push failed: its own while the branch holds it, else the branch's tip.

    A push's rebase may have moved the branch before the push failed; it replays our commits onto the
    remote's in order, so the commit that was the tip (the one just saved) is the tip again.
    """
    root = Path(root)
    if run_git(root, "merge-base", "--is-ancestor", commit, "HEAD", step="status").returncode == 0:
        return commit
    return head_sha(root) or commit


@dataclass
class _Race:
    """What the push's rounds ran into: where it pushed, and how many rounds other clones' pushes won."""

    target: str = ""
    lost: int = 0

    def busy(self, root: Path, remote: str, error: GitError) -> GitError:
        """The time limit ran out while the remote kept changing: the network worked, the remote was busy."""
        limit = limit_now.get()
        within = f"within push_timeout = {limit.seconds:g} s" if limit is not None else "in time"
        where = f"{remote}/{self.target}" if self.target else remote
        return GitError(
            "push",
            f"the push did not finish {within}: {where} kept changing — "
            f"{self.lost} of our pushes lost the race to other clones'",
            "Your commits are safe locally, not pushed. The network works; the remote is busy.\n"
            f"Run {sync_hint(root)} in a moment.",
            error.output,
        )


def chain_renames(renamed: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """Compose renames across attempts: a -> b then b -> c reads a -> c."""
    chained = {old: names.get(new, new) for old, new in renamed.items()}
    chained.update({old: new for old, new in names.items() if old not in renamed.values()})
    return chained


def _upstream(root: Path, branch: str) -> tuple[str, str]:
    """The remote and remote branch that ``branch`` tracks (empty strings when it tracks nothing)."""
    tracked_remote = run_git(root, "config", "--get", f"branch.{branch}.remote", step="push").stdout.strip()
    merge = run_git(root, "config", "--get", f"branch.{branch}.merge", step="push").stdout.strip()
    return tracked_remote, merge.removeprefix("refs/heads/") if merge.startswith("refs/heads/") else ""


def _rejected_as_behind(porcelain: str) -> bool:
    return any(
        line.startswith("!\t") and "[rejected]" in line and ("fetch first" in line or "non-fast-forward" in line)
        for line in porcelain.splitlines()
    )


def _contended(result: subprocess.CompletedProcess[str]) -> bool:
    low = output_of(result).lower()
    return any(text in low for text in _CONTENTION) and ("lock" in low or "ref" in low)


def _bring_in(
    root: Path, branch: str, remote: str, target: str, minutes_dir: str, regenerate: Regenerate | None
) -> tuple[bool, dict[str, str]]:
    """Fetch ``remote/target`` and replay our commits onto it; whether the branch moved, and our moved files."""

    onto = fetch(root, remote, target, FETCH_TIMEOUT_SECONDS, step="push")  # within the push's limit too
    try:
        done = integrate(root, onto, minutes_dir, step="push", regenerate=regenerate)
    except Clash as clash:
        raise GitError(
            "push",
            f"your commits clash with newer commits on {remote}/{target} (conflicts in {', '.join(clash.paths)})",
            f"Nothing was lost: your commits are still on {branch}, not pushed, and your files are as they were.\n"
            f"Combine them by hand: git -C {quote(root)} pull --rebase {quote(remote)} {quote(target)}\n"
            "fix the conflicts, `git add` them, `git rebase --continue`, then `git push`.",
            clash.output,
        ) from None
    if done.blocked:
        raise GitError(
            "push",
            f"newer commits on {remote}/{target} change files you changed: {', '.join(done.blocked)}",
            f"Your work was left alone and your commits are still on {branch}, not pushed.\n"
            f"Commit or undo your changes to those files (git -C {quote(root)} status), "
            f"then run {retry_hint(root, push=True)}.",
        )
    if not done.moved and done.message.startswith("not updated"):
        raise GitError(
            "push",
            f"{remote}/{target} has commits we could not bring in ({done.message.removeprefix('not updated: ')})",
            f"Your commits are still on {branch}, not pushed. Combine them by hand: "
            f"git -C {quote(root)} pull --rebase {quote(remote)} {quote(target)}",
        )
    return done.moved, done.renamed
