"""Joining a team: clone the shared minutes repository, or connect an existing folder to it.

The remote is asked first (its default branch, within the fetch time limit), before anything is made: a
remote that never answers costs seconds and leaves no trace. A later failure undoes what joining made.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from meetingtui.store.git.branch import remote_default
from meetingtui.store.git.refs import current_branch, head_sha
from meetingtui.store.git.run import (
    GitError,
    nonblank_lines,
    output_of,
    quote,
    run_git,
)
from meetingtui.store.git.status import init, is_repository

CLONE_TIMEOUT_SECONDS = 120.0
"""A first clone brings the whole history: longer than a fetch, still bounded (the remote has answered by then)."""


@dataclass(frozen=True)
class JoinReport:
    """What :func:`join` did; ``message`` is one line for people."""

    cloned: bool
    tracking: str | None
    """The remote branch the current branch now follows ("origin/trunk"), None when the remote has none yet."""
    message: str


def join(root: Path, url: str, remote: str = "origin", timeout: float = 10.0) -> JoinReport:
    """Clone ``url`` into ``root`` (missing or empty), or connect the folder at ``root`` to it.

    ``timeout`` bounds the first question to the remote (the ``fetch_timeout`` setting). Connecting makes
    a git repository of a plain folder, adds the remote (an existing one must point to ``url``), fetches,
    and follows the remote's default branch; it never overwrites a file or moves commits. On failure,
    :class:`GitError` says what went wrong and how to fix it, and the folder is as it was.
    """
    root = Path(root).expanduser()
    url = _absolute(url)
    retry = f"meetingtui init {quote(root)} --remote {quote(url)}"
    if (root / ".git").exists():
        _existing_remote(root, url, remote)  # a remote that points elsewhere is the first thing to say
    default = _ask(root, url, timeout, retry)
    if not root.exists() or (root.is_dir() and not any(root.iterdir())):
        return _clone(root, url, remote, retry)
    return _connect(root, url, remote, default, timeout, retry)


def _absolute(url: str) -> str:
    """A folder given as the remote, made absolute: git would read a relative one from inside the clone."""
    if "://" in url or ":" in url.split("/", 1)[0]:
        return url  # a URL, or scp-like host:path
    path = Path(url).expanduser()
    return str(path.resolve()) if path.exists() else url


def _ask(root: Path, url: str, timeout: float, retry: str) -> str | None:
    """The remote's default branch; GitError naming ``root`` and the limit when the remote cannot be asked."""
    here = next((folder for folder in (root, *root.parents) if folder.is_dir()), Path.cwd())
    try:
        return remote_default(here, url, timeout, step="clone")
    except GitError as exc:
        if "did not finish" in exc.summary:
            summary = (
                f"{url} did not answer within {timeout:.0f} s (the fetch_timeout limit): nothing was made in {root}"
            )
            hint = f"Check the URL, your network and VPN, then run: {retry}"
        else:
            summary = f"{exc.summary}: nothing was made in {root}"
            hint = f"Check the URL and your access (try: git ls-remote {quote(url)}), then run: {retry}"
        raise GitError("clone", summary, hint, exc.output) from None


def _clone(root: Path, url: str, remote: str, retry: str) -> JoinReport:
    made = _first_missing(root)
    root.mkdir(parents=True, exist_ok=True)
    try:
        result = run_git(
            root, "clone", "--quiet", "--origin", remote, "--", url, ".", step="clone", timeout=CLONE_TIMEOUT_SECONDS
        )
        failed = "" if result.returncode == 0 else output_of(result)
    except GitError as exc:
        failed = exc.summary
    if failed:
        _undo_clone(root, made)
        raise GitError(
            "clone",
            f"could not clone {url} into {root} (nothing was left there)",
            f"Check the URL, your access and your network (try: git ls-remote {quote(url)}), then run: {retry}",
            failed,
        )
    branch = current_branch(root)
    tracking = f"{remote}/{branch}" if branch and head_sha(root) else None
    what = f"following {tracking}" if tracking else "the remote is empty: you set up the first files"
    return JoinReport(True, tracking, f"cloned {url} into {root} ({what})")


def _first_missing(root: Path) -> Path | None:
    """The outermost folder of ``root``'s path that does not exist yet: what a failed clone removes."""
    missing = None
    for folder in (root, *root.parents):
        if folder.exists():
            break
        missing = folder
    return missing


def _undo_clone(root: Path, made: Path | None) -> None:
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        return
    for child in root.iterdir():  # the folder was empty before
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _connect(root: Path, url: str, remote: str, default: str | None, timeout: float, retry: str) -> JoinReport:
    made_git = not is_repository(root)
    if made_git:
        init(root)
    added = False
    try:
        added = _add_remote(root, url, remote)
        return _follow(root, url, remote, default, timeout, retry)
    except GitError:
        if made_git:
            shutil.rmtree(root / ".git", ignore_errors=True)
        elif added:
            run_git(root, "remote", "remove", remote, step="remote")
        raise


def _add_remote(root: Path, url: str, remote: str) -> bool:
    """Add ``remote`` for ``url``; False when it exists already (pointing there), GitError when elsewhere."""
    if _existing_remote(root, url, remote):
        return False
    added = run_git(root, "remote", "add", "--", remote, url, step="remote")
    if added.returncode != 0:
        raise GitError("remote", f"could not add the remote {remote!r}", "Read git's message below.", output_of(added))
    return True


def _existing_remote(root: Path, url: str, remote: str) -> bool:
    """True when ``root`` has ``remote`` at ``url``; False when it has no such remote; GitError when elsewhere."""
    if remote not in nonblank_lines(run_git(root, "remote", step="remote").stdout):
        return False
    now = run_git(root, "remote", "get-url", remote, step="remote").stdout.strip()
    if now != url:
        raise GitError(
            "remote",
            f"{root} already has a remote {remote!r}, at {now}",
            f"To use {url} instead: git -C {quote(root)} remote set-url {quote(remote)} {quote(url)}",
        )
    return True


def _follow(root: Path, url: str, remote: str, default: str | None, timeout: float, retry: str) -> JoinReport:
    """Fetch, then check out (or follow) the remote's default branch."""
    try:
        fetched = run_git(root, "fetch", "--quiet", remote, step="fetch", c_locale=True, timeout=timeout)
        failed = "" if fetched.returncode == 0 else output_of(fetched)
    except GitError as exc:
        failed = exc.summary
    if failed:
        raise GitError(
            "fetch",
            f"could not fetch from {url} into {root} (the folder is as it was)",
            f"Check the URL, your access and your network, then run: {retry}",
            failed,
        )
    branch = current_branch(root) or "main"
    heads = nonblank_lines(
        run_git(root, "for-each-ref", "--format=%(refname:lstrip=3)", f"refs/remotes/{remote}/", step="remote").stdout
    )
    target = next((name for name in (default, branch, "main", "master") if name and name in heads), None)
    if target is None:
        return JoinReport(
            False,
            None,
            f"{remote} is empty: share this repository with "
            f"git -C {quote(root)} push -u {quote(remote)} {quote(branch)}",
        )
    if head_sha(root) is None:
        checked = run_git(root, "checkout", "--quiet", "-B", target, "--track", f"{remote}/{target}", step="checkout")
        if checked.returncode != 0:
            raise GitError(
                "checkout",
                f"files in {root} are in the way of the team's files",
                f"Move them elsewhere, then run: {retry}",
                output_of(checked),
            )
        return JoinReport(False, f"{remote}/{target}", f"connected {root} to {url}, following {remote}/{target}")
    related = run_git(root, "merge-base", "HEAD", f"{remote}/{target}", step="remote").returncode == 0
    if not related:
        raise GitError(
            "remote",
            f"{root} and {url} hold separate histories (the folder is as it was)",
            f"Start from the team's instead: meetingtui init NEW_FOLDER --remote {quote(url)}",
        )
    run_git(root, "branch", "--quiet", f"--set-upstream-to={remote}/{target}", step="remote")
    return JoinReport(
        False,
        f"{remote}/{target}",
        f"connected {root} to {url}, following {remote}/{target}; run meetingtui sync --repo {quote(root)}",
    )
