"""Which branch of the team's remote a clone goes to: the remote's default branch (its ``HEAD``), never a guess.

A remote on ``trunk`` is not empty because it has no ``main``; a clone that follows another branch than the
remote's default is told so before anything is pushed, or the team would split onto two branches.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from meetingtui.store.git.dirs import git_dirs
from meetingtui.store.git.fetching import network_error
from meetingtui.store.git.refs import ref_sha
from meetingtui.store.git.run import GitError, quote, run_git, sync_hint

_HEAD_PREFIX = "ref: refs/heads/"


class BranchMismatch(GitError):
    """The clone follows another branch of the remote than the remote's default branch."""


def remote_default(root: Path, remote: str, timeout: float, step: str = "fetch") -> str | None:
    """The remote's default branch, asked of the remote (``ls-remote --symref``, within ``timeout``).

    When the remote does not say (an empty remote has no ``HEAD`` to show), ``refs/remotes/REMOTE/HEAD``
    as a clone or an earlier answer recorded it; None when neither knows. An unreachable remote raises
    :class:`GitError`, as a fetch would.
    """
    result = run_git(root, "ls-remote", "--symref", "--", remote, "HEAD", step=step, c_locale=True, timeout=timeout)
    if result.returncode != 0:
        raise network_error(root, remote, "HEAD", result, step=step)
    for line in result.stdout.splitlines():
        head, _, name = line.partition("\t")
        if name == "HEAD" and head.startswith(_HEAD_PREFIX):
            default = head.removeprefix(_HEAD_PREFIX)
            _remember(root, remote, default)
            return default
    return recorded_default(root, remote)


def recorded_default(root: Path, remote: str) -> str | None:
    """``refs/remotes/REMOTE/HEAD`` as last recorded (offline); None when it is not set."""
    result = run_git(root, "symbolic-ref", "--quiet", f"refs/remotes/{remote}/HEAD", step="status")
    prefix = f"refs/remotes/{remote}/"
    name = result.stdout.strip()
    return name.removeprefix(prefix) if result.returncode == 0 and name.startswith(prefix) else None


def _remember(root: Path, remote: str, default: str) -> None:
    """Record the answer for offline readers, once the remote-tracking branch exists (a dangling one warns)."""
    ref = f"refs/remotes/{remote}/{default}"
    dirs = git_dirs(root)
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if dirs and (dirs.common_dir / f"refs/remotes/{remote}/HEAD").read_text("ascii").strip() == f"ref: {ref}":
            return  # recorded already (a sync asks the remote before its fetch and before its push)
    if ref_sha(root, ref) is not None:
        run_git(root, "symbolic-ref", f"refs/remotes/{remote}/HEAD", ref, step="status")


def check_target(root: Path, remote: str, branch: str, target: str, default: str | None, step: str) -> None:
    """Raise :class:`BranchMismatch` when ``branch`` goes to ``remote``'s ``target``, not its default branch."""
    if default is None or target == default:
        return
    where = quote(root)
    raise BranchMismatch(
        step,
        f"this clone's branch {branch} goes to {remote}/{target}, but {remote}'s default branch, "
        f"the team's, is {default}: nothing was pushed",
        f"Follow the team's branch: git -C {where} fetch {quote(remote)} {quote(default)} && "
        f"git -C {where} branch --set-upstream-to={quote(f'{remote}/{default}')}\n"
        f"then run {sync_hint(root)}: it brings your minutes onto {default} and pushes them.",
    )


def team_branch(root: Path, remote: str, branch: str, target: str, timeout: float) -> str:
    """The remote branch ``branch`` updates from: ``target`` (its upstream) when it has one on ``remote``, else
    the remote's default branch; :class:`BranchMismatch` when that is not the remote's default."""
    default = remote_default(root, remote, timeout)
    tracked = run_git(root, "config", "--get", f"branch.{branch}.remote", step="sync").stdout.strip()
    if tracked != remote:
        target = default or target
    check_target(root, remote, branch, target, default, "fetch")
    return target
