"""Pushing minutes: push the current branch; when the remote moved on, rebase onto it and retry. Never force."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from meetingtui.store.git_run import (
    NETWORK_TIMEOUT_SECONDS,
    GitError,
    current_branch,
    git_paths,
    head_sha,
    nonblank_lines,
    output_of,
    quote,
    raise_on_failure,
    retry_hint,
    run_git,
    toplevel,
)


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


def push(root: Path, remote: str = "origin", attempts: int = 3) -> PushResult:
    """Push the current branch to ``remote`` (setting its upstream if it has none); never forces.

    When the remote has commits we lack, fetch them, rebase our commits onto
    them and try again, up to ``attempts`` pushes. A rebase that conflicts is
    aborted: our commits stay local, the repository is as it was, and
    :class:`GitError` explains how to combine them by hand.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    root = Path(root)
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
            f"Add it: git -C {quote(root)} remote add {remote} URL\nthen run {retry_hint(root, push=True)}.",
        )
    if head_sha(root) is None:
        raise GitError("push", "there are no commits to push yet", f"Commit first: {retry_hint(root)}.")
    tracked_remote, upstream = _upstream(root, branch)
    target = upstream if tracked_remote == remote and upstream else branch
    set_upstream = [] if tracked_remote else ["--set-upstream"]  # never re-point a branch that tracks elsewhere
    rebased = False
    note = ""
    for attempt in range(1, attempts + 1):
        result = run_git(
            root,
            "push",
            "--porcelain",
            *set_upstream,
            remote,
            f"refs/heads/{branch}:refs/heads/{target}",
            step="push",
            c_locale=True,
            timeout=NETWORK_TIMEOUT_SECONDS,
        )
        if result.returncode == 0:
            pushed = not any(line.startswith("=\t") for line in result.stdout.splitlines())
            text = f"pushed {branch} to {remote}/{target}" if pushed else f"{remote}/{target} is up to date"
            if rebased:
                text += f" (after rebasing onto newer commits from {remote})"
            return PushResult(pushed, attempt, text + note, rebased)
        if not _rejected_as_behind(result.stdout):
            raise network_error(root, remote, target, result)
        if attempt == attempts:
            break
        note = _rebase_onto_remote(root, branch, remote, target)
        rebased = True
    raise GitError(
        "push",
        f"{remote}/{target} kept changing: the push was rejected {attempts} times",
        f"Your commits are safe in {branch}, not pushed. Try again in a moment: {retry_hint(root, push=True)}.",
    )


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


def _rebase_onto_remote(root: Path, branch: str, remote: str, target: str) -> str:
    """Fetch ``remote/target`` and rebase our commits onto it; returns a note for people ("" if none)."""
    fetched = run_git(
        root,
        "fetch",
        "--quiet",
        remote,
        f"refs/heads/{target}",
        step="push",
        c_locale=True,
        timeout=NETWORK_TIMEOUT_SECONDS,
    )
    if fetched.returncode != 0:
        raise network_error(root, remote, target, fetched, step="fetch")
    onto = run_git(root, "rev-parse", "--verify", "FETCH_HEAD^{commit}", step="push").stdout.strip()
    # Our own stash rather than `rebase --autostash`, which would restore staged changes as unstaged.
    stashed = _stash(root, f"meetingtui: set aside while rebasing onto {remote}/{target}")
    rebase = run_git(root, "rebase", "--quiet", onto, step="push", c_locale=True)
    if rebase.returncode != 0:
        conflicts = nonblank_lines(run_git(root, "diff", "--name-only", "--diff-filter=U", step="push").stdout)
        if any(path.exists() for path in git_paths(root, "rebase-merge", "rebase-apply")):
            run_git(root, "rebase", "--abort", step="push")
        restored = _unstash(root) if stashed else ""
        what = f"conflicts in {', '.join(conflicts)}" if conflicts else "the rebase failed"
        raise GitError(
            "push",
            f"your commits clash with newer commits on {remote}/{target} ({what})",
            f"Nothing was lost: the rebase was undone and your commits are still on {branch}, not pushed.\n"
            f"Combine them by hand: git -C {quote(root)} pull --rebase {remote} {target}\n"
            f"fix the conflicts, `git add` them, `git rebase --continue`, then `git push`.{restored}",
            output_of(rebase),
        )
    return _unstash(root) if stashed else ""


def _stash(root: Path, message: str) -> bool:
    dirty = run_git(root, "status", "--porcelain", "--untracked-files=no", step="push").stdout.strip()
    if not dirty:
        return False
    result = run_git(root, "stash", "push", "--quiet", "--message", message, step="push", c_locale=True)
    raise_on_failure("push", result, "could not set your uncommitted changes aside to rebase")
    return True


def _unstash(root: Path) -> str:
    """Bring back what :func:`_stash` set aside, staged changes staged; a note when that failed."""
    if run_git(root, "stash", "pop", "--quiet", "--index", step="push").returncode == 0:
        return ""
    return (
        f"\nYour uncommitted changes could not be put back and are kept in the stash: "
        f"`git -C {quote(root)} stash pop` restores them."
    )


def network_error(
    root: Path, remote: str, target: str, result: subprocess.CompletedProcess[str], step: str = "push"
) -> GitError:
    output = output_of(result)
    low = output.lower()
    safe = f"Your commits are safe locally. Once fixed, run {retry_hint(root, push=True)}."
    if "[remote rejected]" in result.stdout:
        summary = f"{remote} refused the push (a protected branch or a server-side hook?)"
        hint = "Read the remote's reason below; a protected branch needs a pull request."
    elif "terminal prompts disabled" in low or "could not read username" in low or "could not read password" in low:
        summary = f"{remote} asks for a user name or password, and meetingtui never prompts for them"
        hint = (
            "Set up a credential helper or an SSH key, or push once yourself: "
            f"git -C {quote(root)} push {remote} {target}"
        )
    elif "permission denied" in low or "authentication failed" in low or re.search(r"\b403\b", low):
        summary = f"{remote} refused your credentials"
        hint = "Check that your account may push to this repository and your key or token is valid."
    elif "does not appear to be a git repository" in low:
        summary = f"{remote} is not a repository we can reach"
        hint = f"Check its URL: git -C {quote(root)} remote -v"
    elif any(
        text in low
        for text in (
            "could not resolve host",
            "connection refused",
            "timed out",
            "failed to connect",
            "couldn't connect",
            "network is unreachable",
            "no route to host",
        )
    ):
        summary = f"{remote} cannot be reached"
        hint = "Check your network connection (and VPN)."
    elif "could not read from remote" in low:
        summary = f"{remote} is not a repository we can reach"
        hint = f"Check its URL and your access: git -C {quote(root)} remote -v"
    else:
        summary = f"git {step} to {remote} exited with status {result.returncode}"
        hint = "Read git's message below."
    return GitError(step, summary, f"{hint}\n{safe}", output)
