"""Staying in step with the team's remote: fetch (bounded), fast-forward, and what is not pushed yet.

:func:`update_before_meeting` is what the screen calls in the background at
start; it never raises for network or git trouble, and it never stashes,
rewrites or merges into the user's uncommitted work.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.domain.wording import plural
from meetingtui.store.git.branch import BranchMismatch, team_branch
from meetingtui.store.git.fault import point
from meetingtui.store.git.fetching import FETCH_TIMEOUT_SECONDS, Unreachable, fetch, last_fetch, nothing_lost
from meetingtui.store.git.limits import time_limit
from meetingtui.store.git.lock import network
from meetingtui.store.git.moves import PROPOSALS_PREFIX, Clash
from meetingtui.store.git.rebase import Regenerate, changed_between, integrate
from meetingtui.store.git.refs import current_branch, head_sha
from meetingtui.store.git.run import (
    GitError,
    TimedOut,
    nonblank_lines,
    quote,
    run_git,
)
from meetingtui.store.git.sync_outcome import SyncOutcome
from meetingtui.store.layout import PEOPLE_FILE, REPORT_FILE

if TYPE_CHECKING:
    from meetingtui.domain.settings import RepoSettings


@dataclass(frozen=True)
class SyncStatus:
    """Where this clone stands against the remote, after :func:`update_before_meeting`."""

    remote: str | None
    """The remote's name; None when the repository has none (history is this clone's own)."""
    fetched: bool
    """True when this fetch succeeded."""
    fetched_at: dt.datetime | None
    """The last successful fetch (this one, or an earlier one)."""
    history_as_of: dt.datetime | None
    """The date of the newest remote commit we have."""
    came_in: list[str] = field(default_factory=list)
    """Repo-relative paths that arrived."""
    unpushed: int = 0
    """Commits the remote lacks."""
    blocked: list[str] = field(default_factory=list)
    """User-changed files an update would touch (left alone)."""
    message: str = ""
    """One line for people."""
    unpushed_minutes: int = 0
    """Of those, the commits that save minutes (one a meeting)."""
    unpushed_proposals: int = 0
    """Of those, the commits that only change proposals (``meetingtui propose``)."""
    renamed: dict[str, str] = field(default_factory=dict)
    """Repo-relative paths of ours whose names the remote had taken meanwhile, and the paths ours moved to."""
    waiting: list[str] = field(default_factory=list)
    """Repo-relative paths the remote changed that did not come in (blocked, or the update was skipped)."""
    outcome: SyncOutcome = SyncOutcome.CURRENT
    """How it ended (the ``message`` says it to people)."""
    going: Unpushed | None = None
    """The unpushed commits ``unpushed`` counts, once looked at."""
    report_current: bool = False
    """The update replayed our commits and made the report its history gives: no need to make it again."""

    @property
    def held_back(self) -> bool:
        """The remote has commits that did not come in, and ``message`` says why: a push now would be refused."""
        return bool(self.blocked or self.waiting) or self.outcome is SyncOutcome.NOT_UPDATED


def has_remote(root: Path, remote: str) -> bool:
    """True when ``root`` has a remote named ``remote``."""
    return remote in nonblank_lines(run_git(root, "remote", step="sync").stdout)


def wants_push(root: Path, settings: RepoSettings, asked: bool | None) -> bool:
    """Whether to push after a commit: ``--push``/``--no-push`` when given, else the ``push`` setting,
    which a repository without the remote never acts on (its minutes are its own)."""
    if asked is not None:
        return asked
    return settings.push and has_remote(root, settings.remote)


def tracking(root: Path, remote: str) -> tuple[str | None, str]:
    """The current branch and the branch of ``remote`` it goes to (its upstream there, else the same name)."""
    branch = current_branch(root)
    if branch is None:
        return None, ""
    tracked = run_git(root, "config", "--get", f"branch.{branch}.remote", step="sync").stdout.strip()
    merge = run_git(root, "config", "--get", f"branch.{branch}.merge", step="sync").stdout.strip()
    if tracked == remote and merge.startswith("refs/heads/"):
        return branch, merge.removeprefix("refs/heads/")
    return branch, branch


def remote_files(root: Path, remote: str, folder: str) -> list[str]:
    """Repo-relative paths under ``folder`` in the fetched remote branch (offline: no fetch here).

    The branch is the current branch's upstream (one git process in a usual
    clone), else ``remote``'s branch of the same name (two or three: this runs
    before a new meeting's first frame).
    """
    root = Path(root)
    if not (root / ".git").exists():
        return []
    listing = ("ls-tree", "-r", "--name-only", "-z")
    result = run_git(root, *listing, "@{upstream}", "--", folder, step="status")
    if result.returncode != 0:
        ref = fetched_branch(root, remote)
        if ref is None:
            return []
        result = run_git(root, *listing, ref, "--", folder, step="status")
    return [name for name in result.stdout.split("\0") if name] if result.returncode == 0 else []


def fetched_branch(root: Path, remote: str) -> str | None:
    """The remote-tracking ref of ``remote``'s branch that the current branch goes to, if fetched; one git process.

    The same branch as :func:`tracking` picks, read with the refs that exist in one ``for-each-ref``: no remote,
    a detached HEAD or nothing fetched yet all give None.
    """
    fields = "%(HEAD)%00%(refname)%00%(upstream:remotename)%00%(upstream:remoteref)"
    result = run_git(root, "for-each-ref", f"--format={fields}", "refs/heads", f"refs/remotes/{remote}", step="status")
    if result.returncode != 0:
        return None
    rows = [line.split("\0") for line in nonblank_lines(result.stdout)]
    current = next((row for row in rows if len(row) == 4 and row[0] == "*"), None)
    if current is None:
        return None
    branch = current[1].removeprefix("refs/heads/")
    tracked, merge = current[2], current[3]
    target = merge.removeprefix("refs/heads/") if tracked == remote and merge.startswith("refs/heads/") else branch
    ref = f"refs/remotes/{remote}/{target}"
    return ref if any(row[1] == ref for row in rows if len(row) == 4) else None


def unpushed_count(root: Path, remote: str = "origin") -> int:
    """How many commits of the current branch no fetched branch of ``remote`` has (0 without a remote)."""
    return unpushed(root, remote).count


@dataclass(frozen=True)
class Unpushed:
    """What of the current branch no fetched branch of the remote has, as last fetched (offline)."""

    count: int = 0
    """Every such commit."""
    commits: list[tuple[str, str]] = field(default_factory=list)
    """Those that change files, oldest first, as ``(kind, "<short sha> <subject>")``: ``minutes`` (it writes a
    minutes file), ``proposal`` (it changes a proposal file and no minutes), or ``other`` (the set-up commit of
    ``init``: its ``minutes/.gitkeep`` is no meeting's minutes)."""

    def of_kind(self, kind: str) -> list[str]:
        return [line for each, line in self.commits if each == kind]


def unpushed(root: Path, remote: str = "origin", minutes_dir: str = "minutes") -> Unpushed:
    """:class:`Unpushed` from one ``git log`` (nothing without a commit or without the remote)."""
    root = Path(root)
    if head_sha(root) is None or not has_remote(root, remote):
        return Unpushed()
    result = run_git(
        root,
        *("-c", "core.quotePath=false", "log", "--reverse", "--name-only", "--format=%x00%h %s"),
        *("HEAD", "--not", f"--remotes={remote}"),
        step="status",
    )
    if result.returncode != 0:
        return Unpushed()
    records = result.stdout.split("\0")[1:]
    folder = minutes_dir.strip("/") + "/"
    commits = []
    for record in records:
        line, *names = nonblank_lines(record)
        if not names:
            continue  # an empty commit (or a merge) changes no file: nothing of it to name
        kind = (
            "minutes"
            if any(name.startswith(folder) and name.endswith((".toml", ".md")) for name in names)
            else "proposal"
            if any(name.startswith(PROPOSALS_PREFIX) and name.endswith(".toml") for name in names)
            else "other"
        )
        commits.append((kind, line))
    return Unpushed(len(records), commits)


def _with_pending(status: SyncStatus, root: Path, minutes_dir: str) -> SyncStatus:
    """``status`` with what its unpushed commits are: minutes and proposals, counted apart."""
    if status.remote is None:
        return status
    try:
        going = unpushed(root, status.remote, minutes_dir)
    except (GitError, OSError):
        return status
    minutes, proposals = going.of_kind("minutes"), going.of_kind("proposal")
    return replace(
        status, unpushed=going.count, unpushed_minutes=len(minutes), unpushed_proposals=len(proposals), going=going
    )


def history_date(root: Path, remote: str, target: str) -> dt.datetime | None:
    """The committer date of the fetched remote branch's tip."""
    result = run_git(root, "log", "-1", "--format=%cI", f"refs/remotes/{remote}/{target}", "--", step="status")
    try:
        return dt.datetime.fromisoformat(result.stdout.strip()) if result.returncode == 0 else None
    except ValueError:
        return None


def update_before_meeting(
    root: Path,
    *,
    remote: str = "origin",
    timeout: float = FETCH_TIMEOUT_SECONDS,
    minutes_dir: str = "minutes",
    regenerate: Regenerate | None = None,
) -> SyncStatus:
    """Fetch within ``timeout`` and fast-forward (rebasing only our own unpushed commits); never raises.

    A file the user changed is never touched: when the update would change one,
    nothing changes and ``blocked`` names it. ``minutes_dir`` is the repository's minutes folder
    (the ``minutes_dir`` setting): commits that touch only it, proposals and the generated report are
    ours to rebase; ``regenerate`` rewrites that report on a replay (see :func:`~.rebase.integrate`).
    """
    root = Path(root)
    try:
        with network(root, "updating from the remote", timeout, "fetch"):
            return _with_pending(_update(root, remote, timeout, minutes_dir, regenerate), root, minutes_dir)
    except (GitError, Clash, OSError, ValueError) as exc:
        summary = exc.summary if isinstance(exc, GitError) else str(exc)
        return _with_pending(
            SyncStatus(
                remote,
                False,
                last_fetch(root),
                None,
                message=f"not updated: {summary}",
                outcome=SyncOutcome.NOT_UPDATED,
            ),
            root,
            minutes_dir,
        )


def _update(root: Path, remote: str, timeout: float, minutes_dir: str, regenerate: Regenerate | None) -> SyncStatus:
    began = time.monotonic()
    if not has_remote(root, remote):
        return SyncStatus(
            None, False, None, None, message="no remote: the history is this clone's own", outcome=SyncOutcome.NO_REMOTE
        )
    branch, target = tracking(root, remote)
    if branch is None:
        detached = "HEAD is detached: not updated"
        return SyncStatus(remote, False, last_fetch(root), None, message=detached, outcome=SyncOutcome.NOT_UPDATED)
    deadline = time.monotonic() + timeout
    try:
        target = team_branch(root, remote, branch, target, timeout)
        onto = fetch(root, remote, target, max(0.5, deadline - time.monotonic()))
    except BranchMismatch as exc:
        message = f"not updated: {exc.summary}. " + " ".join(line.strip() for line in exc.hint.splitlines())
        return SyncStatus(
            remote,
            False,
            last_fetch(root),
            None,
            message=message,
            outcome=SyncOutcome.NOT_UPDATED,
        )
    except GitError as exc:
        out_of_time = deadline - time.monotonic() <= 0.5  # the limit ran out inside git, whichever command it was
        summary = f"{remote} did not answer within {timeout:.0f} s (the fetch_timeout limit)" if out_of_time else ""
        # "offline" only when the network or the server is down; a wrong URL or refused credentials say so
        offline = out_of_time or isinstance(exc, (Unreachable, TimedOut))
        fix = f". {exc.hint.splitlines()[0]}" if exc.hint else ""
        return SyncStatus(
            remote,
            False,
            last_fetch(root),
            history_date(root, remote, target),
            message=f"offline: {summary or exc.summary}" if offline else f"not updated: {exc.summary}{fix}",
            outcome=SyncOutcome.OFFLINE if offline else SyncOutcome.NOT_UPDATED,
        )
    point("update:after-fetch")
    fetched_at = last_fetch(root)
    as_of = history_date(root, remote, target)

    def fetched_only(message: str, waiting: list[str] | None = None, outcome=SyncOutcome.NOT_UPDATED) -> SyncStatus:
        return SyncStatus(remote, True, fetched_at, as_of, message=message, waiting=waiting or [], outcome=outcome)

    if not onto or head_sha(root) is None:
        return fetched_only(f"{remote}/{target} has no commits yet", outcome=SyncOutcome.CURRENT)
    if run_git(root, "merge-base", "--is-ancestor", onto, "HEAD", step="sync").returncode == 0:
        return fetched_only("history current: nothing new", outcome=SyncOutcome.CURRENT)
    if not _only_minutes(root, onto, minutes_dir):
        base = run_git(root, "merge-base", "HEAD", onto, step="sync").stdout.strip()
        return fetched_only(
            "not updated: your branch has commits of your own besides minutes and proposals, which meetingtui "
            f"never rebases. Bring {remote}'s in yourself: git -C {quote(root)} pull --rebase {quote(remote)} "
            f"{quote(target)}",
            changed_between(root, base, onto) if base else [],
        )
    try:
        # The fetch and the rebase's steps, the user's hooks they run included, end within fetch_timeout.
        with time_limit(timeout, "sync", setting="fetch_timeout", then=nothing_lost(root), began=began):
            done = integrate(root, onto, minutes_dir, regenerate=regenerate)
    except Clash as clash:
        return fetched_only(f"not updated: your commits clash with {remote}'s in {', '.join(clash.paths)}")
    came_in = done.came_in if done.moved else []
    outcome = SyncOutcome.CURRENT
    if done.moved:
        message = f"history current: {plural(len(came_in), 'file')} came in"
    elif done.message == "nothing new":
        message = "history current: nothing new"
    else:
        message, outcome = done.message, SyncOutcome.NOT_UPDATED
    return SyncStatus(
        remote,
        True,
        fetched_at,
        as_of,
        came_in,
        0,  # counted by _with_pending, as on every path
        done.blocked,
        message,
        renamed=done.renamed if done.moved else {},
        waiting=[] if done.moved else done.came_in,
        outcome=outcome,
        report_current=done.moved and done.report_regenerated,
    )


def _only_minutes(root: Path, onto: str, minutes_dir: str) -> bool:
    """True when every unpushed commit of ours only touches minutes, proposals, the generated report or the
    roster (people a meeting added, saved with its minutes): those we may rebase."""
    result = run_git(root, "log", "--format=", "--name-only", "HEAD", "--not", onto, step="sync")
    allowed = (minutes_dir.strip("/") + "/", PROPOSALS_PREFIX)
    return all(name.startswith(allowed) or name in (REPORT_FILE, PEOPLE_FILE) for name in nonblank_lines(result.stdout))


__all__ = [
    "SyncStatus",
    "Unpushed",
    "fetch",
    "fetched_branch",
    "has_remote",
    "last_fetch",
    "remote_files",
    "tracking",
    "unpushed",
    "unpushed_count",
    "update_before_meeting",
    "wants_push",
]
