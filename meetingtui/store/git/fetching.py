"""Talking to the team's remote: a fetch within its time limit, when the last one succeeded, and what a
failure of the network or the remote means for people."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import subprocess
from pathlib import Path

from meetingtui.store.git.dirs import git_dirs
from meetingtui.store.git.limits import time_limit
from meetingtui.store.git.refs import ref_sha
from meetingtui.store.git.run import GitError, output_of, quote, retry_hint, run_git, sync_hint

FETCH_TIMEOUT_SECONDS = 10.0
"""Default bound on a fetch (the ``fetch_timeout`` setting overrides it)."""

_FETCHED_FILE = "meetingtui-fetched"
"""In the git folder: when the last fetch succeeded (ISO 8601), for "history as of"."""


def fetch(root: Path, remote: str, target: str, timeout: float, step: str = "fetch") -> str:
    """Fetch ``remote``'s ``target`` branch within ``timeout`` seconds; the fetched commit ("" if it has none)."""
    with time_limit(timeout, "fetch", setting="fetch_timeout", then=nothing_lost(root)):
        result = run_git(
            root,
            "fetch",
            "--quiet",
            "--no-auto-maintenance",
            remote,
            f"+refs/heads/{target}:refs/remotes/{remote}/{target}",
            step=step,
            c_locale=True,
        )
    if result.returncode != 0 and "couldn't find remote ref" in result.stderr:
        _record_fetch(root)
        return ""  # the remote has no such branch yet (nobody pushed): reached, and nothing to bring in
    if result.returncode != 0:
        raise network_error(root, remote, target, result, step=step)
    _record_fetch(root)
    return ref_sha(root, f"refs/remotes/{remote}/{target}") or ""


def last_fetch(root: Path) -> dt.datetime | None:
    """When a fetch last succeeded here (as recorded by :func:`fetch`)."""
    stamp = _stamp(root)
    try:
        return dt.datetime.fromisoformat(stamp.read_text().strip()) if stamp else None
    except (OSError, ValueError):
        return None


def _record_fetch(root: Path) -> None:
    stamp = _stamp(root)
    with contextlib.suppress(OSError):  # only "history as of" suffers
        if stamp:
            stamp.write_text(dt.datetime.now(dt.UTC).isoformat() + "\n")


def _stamp(root: Path) -> Path | None:
    """The file that records the last fetch: in this work tree's own git folder (where ``git rev-parse --git-path``
    puts a name git does not share between worktrees), found without a git process when ``.git`` says where;
    None outside git."""
    dirs = git_dirs(root)
    return dirs.git_dir / _FETCHED_FILE if dirs else None


def nothing_lost(root: Path) -> str:
    return f"Nothing here changed; run {sync_hint(root)} once that is fixed."


class Unreachable(GitError):
    """The remote was not reached at all (no network, no answer, a server that is down): the one failure
    that is "offline". A wrong URL or refused credentials reach the remote and are named as such."""


def network_error(
    root: Path, remote: str, target: str, result: subprocess.CompletedProcess[str], step: str = "push"
) -> GitError:
    """What a failed fetch or push means for people: refused push, credentials, a wrong URL, or no network
    (:class:`Unreachable`), each with its fix."""
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
            f"git -C {quote(root)} push {quote(remote)} {quote(target)}"
        )
    elif "permission denied" in low or "authentication failed" in low or re.search(r"\b403\b", low):
        summary = f"{remote} refused your credentials"
        hint = "Check that your account may push to this repository and your key or token is valid."
    elif "does not appear to be a git repository" in low or re.search(r"repository '.*' not found", low):
        summary = f"{remote}'s URL leads to no git repository (a wrong path or address?)"
        hint = (
            f"Check its URL: git -C {quote(root)} remote -v — and correct it: "
            f"git -C {quote(root)} remote set-url {quote(remote)} URL"
        )
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
        summary = f"{remote} cannot be reached (offline, or its server is down)"
        return Unreachable(step, summary, f"Check your network connection (and VPN).\n{safe}", output)
    elif "could not read from remote" in low:
        summary = f"{remote} turned the connection away (a wrong URL, or no access for your key?)"
        hint = f"Check its URL and your access: git -C {quote(root)} remote -v"
    else:
        summary = f"git {step} to {remote} exited with status {result.returncode}"
        hint = "Read git's message below."
    return GitError(step, summary, f"{hint}\n{safe}", output)
