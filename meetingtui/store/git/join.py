"""Joining a team: clone the shared minutes repository, or connect an existing folder to it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meetingtui.store.git.run import (
    GitError,
    current_branch,
    head_sha,
    nonblank_lines,
    output_of,
    quote,
    run_git,
)

CLONE_TIMEOUT_SECONDS = 120.0
"""A first clone brings the whole history: longer than a fetch, still bounded."""


@dataclass(frozen=True)
class JoinReport:
    """What :func:`join` did; ``message`` is one line for people."""

    cloned: bool
    tracking: str | None
    """The remote branch the current branch now follows ("origin/main"), None when the remote has none yet."""
    message: str


def join(root: Path, url: str, remote: str = "origin", timeout: float = CLONE_TIMEOUT_SECONDS) -> JoinReport:
    """Clone ``url`` into ``root`` (missing or empty), or connect the repository at ``root`` to it.

    Connecting adds the remote (an existing one must point to ``url``), fetches,
    and checks out or follows the remote's branch; it never overwrites a file
    or moves commits. :class:`GitError` says what went wrong and how to fix it.
    """
    root = Path(root).expanduser()
    if not root.exists() or (root.is_dir() and not any(root.iterdir())):
        return _clone(root, url, remote, timeout)
    return _connect(root, url, remote, timeout)


def _clone(root: Path, url: str, remote: str, timeout: float) -> JoinReport:
    root.parent.mkdir(parents=True, exist_ok=True)
    result = run_git(
        root.parent, "clone", "--quiet", "--origin", remote, "--", url, str(root), step="clone", timeout=timeout
    )
    if result.returncode != 0:
        raise GitError(
            "clone",
            f"could not clone {url}",
            f"Check the URL and your access (try: git ls-remote {quote(url)}), "
            f"then run: meetingtui init {quote(root)} --remote {quote(url)}",
            output_of(result),
        )
    branch = current_branch(root)
    tracking = f"{remote}/{branch}" if branch and head_sha(root) else None
    what = f"following {tracking}" if tracking else "the remote is empty: you set up the first files"
    return JoinReport(True, tracking, f"cloned {url} into {root} ({what})")


def _connect(root: Path, url: str, remote: str, timeout: float) -> JoinReport:
    remotes = nonblank_lines(run_git(root, "remote", step="remote").stdout)
    if remote in remotes:
        now = run_git(root, "remote", "get-url", remote, step="remote").stdout.strip()
        if now != url:
            raise GitError(
                "remote",
                f"{root} already has a remote {remote!r}, at {now}",
                f"To use {url} instead: git -C {quote(root)} remote set-url {quote(remote)} {quote(url)}",
            )
    else:
        added = run_git(root, "remote", "add", "--", remote, url, step="remote")
        if added.returncode != 0:
            raise GitError(
                "remote", f"could not add the remote {remote!r}", "Read git's message below.", output_of(added)
            )
    fetched = run_git(root, "fetch", "--quiet", remote, step="fetch", c_locale=True, timeout=timeout)
    if fetched.returncode != 0:
        raise GitError(
            "fetch",
            f"could not fetch from {url}",
            f"The remote is set. Check the URL and your access, then run: meetingtui sync --repo {quote(root)}",
            output_of(fetched),
        )
    branch = current_branch(root) or "main"
    heads = nonblank_lines(
        run_git(root, "for-each-ref", "--format=%(refname:lstrip=3)", f"refs/remotes/{remote}/", step="remote").stdout
    )
    target = next((name for name in (branch, "main", "master") if name in heads), None)
    if target is None:
        return JoinReport(
            False,
            None,
            f"{remote} is empty: share this repository with "
            f"git -C {quote(root)} push -u {quote(remote)} {quote(branch)}",
        )
    if head_sha(root) is None:
        checked = run_git(root, "checkout", "--quiet", "-B", branch, "--track", f"{remote}/{target}", step="checkout")
        if checked.returncode != 0:
            raise GitError(
                "checkout",
                f"files in {root} are in the way of the team's files",
                f"Move them elsewhere, then run: meetingtui init {quote(root)} --remote {quote(url)}",
                output_of(checked),
            )
        return JoinReport(False, f"{remote}/{target}", f"connected {root} to {url}, following {remote}/{target}")
    related = run_git(root, "merge-base", "HEAD", f"{remote}/{target}", step="remote").returncode == 0
    if not related:
        raise GitError(
            "remote",
            f"{root} and {url} hold separate histories",
            f"The remote is set but not followed. Start from the team's instead: "
            f"meetingtui init NEW_FOLDER --remote {quote(url)}",
        )
    run_git(root, "branch", "--quiet", f"--set-upstream-to={remote}/{target}", step="remote")
    return JoinReport(
        False,
        f"{remote}/{target}",
        f"connected {root} to {url}, following {remote}/{target}; run meetingtui sync --repo {quote(root)}",
    )
