"""Committing exactly the minutes' files, and the questions a commit asks of a repository first."""

from __future__ import annotations

import contextlib
import shlex
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from meetingtui.store.git.fault import point
from meetingtui.store.git.limits import not_counted, outside_limit, time_limit
from meetingtui.store.git.lock import COMMIT_WAIT_SECONDS, integration
from meetingtui.store.git.refs import current_branch, git_path, head_sha, plain_head
from meetingtui.store.git.run import (
    GitError,
    git_paths,
    nonblank_lines,
    output_of,
    present_hooks,
    quote,
    relative,
    retry_hint,
    run_git,
    toplevel,
)

COMMIT_TIMEOUT_SECONDS = 30.0
"""Default limit on a commit, the user's hooks included (the ``commit_timeout`` setting overrides it)."""

LOCK_WAIT_SECONDS = 2.0
"""How long a commit waits for another git program to release ``index.lock``."""

LOCK_POLL_SECONDS = 0.1

_COMMIT_HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg")

_BUSY = {  # what a commit must not be mixed into: the file git keeps meanwhile, what it is, how to finish it
    "rebase-merge": ("a rebase is in progress", "git rebase --continue` or `git rebase --abort"),
    "rebase-apply": ("a rebase or `git am` is in progress", "git rebase --continue` or `git rebase --abort"),
    "MERGE_HEAD": ("a merge is in progress", "git commit` (to conclude it) or `git merge --abort"),
    "CHERRY_PICK_HEAD": ("a cherry-pick is in progress", "git cherry-pick --continue` or `git cherry-pick --abort"),
    "REVERT_HEAD": ("a revert is in progress", "git revert --continue` or `git revert --abort"),
    "BISECT_LOG": ("a bisect is in progress", "git bisect reset"),
}


def commit_files(
    root: Path,
    paths: Iterable[Path | str],
    message: str,
    *,
    timeout: float = COMMIT_TIMEOUT_SECONDS,
    optional: Iterable[Path | str] = (),
    awaited: Awaited | None = None,
    fresh: bool = False,
) -> str:
    """Commit exactly ``paths`` as they are on disk; returns the full sha of the commit that holds them.

    Anything else the user has staged stays staged and out of this commit. When
    the files already match HEAD there is nothing to commit and HEAD's sha is
    returned (no empty commit). On failure nothing is committed, the files stay
    on disk, the index is as it was, and :class:`GitError` says how to fix it.
    All of it, the user's commit hooks included, ends within ``timeout`` seconds.

    ``optional``: files that go with them when git can take them (``REPORT.md``): in the commit when they
    differ from HEAD, left out (never refused) when the repository ignores them. Cheaper than asking git
    first whether they changed. ``awaited``: more optional files still being made (see :class:`Awaited`).
    ``fresh``: the caller made every one of these files where git's index has nothing of the user's (a save's new
    minutes; ``awaited`` ones only when :attr:`Awaited.begin` stood in for them): the first git process stages
    their content, as ``git add`` does, instead of an intent-to-add, so the commit itself has less to write while
    the awaited files are made; a commit that fails unstages the new ones again.
    """
    root = Path(root)
    safe = f"The files are safe on disk, not committed: once that is fixed, run {retry_hint(root)}."
    wait = f"Wait for it to finish, then run {retry_hint(root)}."
    with (
        integration(root, "a commit", COMMIT_WAIT_SECONDS, "commit", wait),
        time_limit(timeout, "commit", setting="commit_timeout", then=safe),
    ):
        return _commit_files(root, paths, message, optional, awaited, fresh)


@dataclass(frozen=True)
class Awaited:
    """Optional files of a commit still being made when it starts (a save's ``REPORT.md``, made in a thread of its
    own): those of ``paths`` already on disk are intent-added with the others, then ``ready()`` is waited for — the
    commit's time limit stops meanwhile; the integration lock is held — and gives the files that go in (as
    ``optional`` files do). The wait for them so overlaps a git process instead of coming before it. ``ready`` is
    called once, also when it raises (the intent-to-add is then undone and its error raised)."""

    paths: tuple[Path | str, ...]
    ready: Callable[[], Iterable[Path | str]]
    begin: Callable[[], object] = lambda: None
    """Waited for (the limit's clock stopped too) before the first git process that changes git's index. It may
    put a stand-in (an empty file) at one of ``paths`` not made yet, for that process to take; ``ready`` then puts
    the file in its place. True when it did so where no file was (the commit's ``fresh`` then holds for them)."""


def _commit_files(
    root: Path,
    paths: Iterable[Path | str],
    message: str,
    optional: Iterable[Path | str],
    awaited: Awaited | None,
    fresh: bool = False,
) -> str:
    where = _locate(root, [*_BUSY, "index.lock"])
    found, on_branch = where.paths, where.branch is not None
    specs = [relative(root, path) for path in paths]
    if not specs:
        raise ValueError("commit_files needs at least one path")
    for spec in specs:
        if not (root / spec).is_file():
            raise FileNotFoundError(root / spec)
    extra = [spec for spec in dict.fromkeys(relative(root, path) for path in optional) if spec not in specs]
    extra = [spec for spec in extra if (root / spec).is_file()]
    ahead: list[str] = []
    ready = None
    if awaited is not None:
        ahead = [spec for spec in dict.fromkeys(relative(root, path) for path in awaited.paths) if spec not in specs]
        ready = _once(awaited.ready)  # the index.lock retries below call it once
        with not_counted():
            fresh = awaited.begin() is True and fresh  # may put a stand-in where a file is not made yet
            if not all((root / spec).is_file() for spec in ahead):
                # one not made yet, with no stand-in: waited for first, so one intent-to-add takes them all
                made = [spec for spec in map(partial(relative, root), ready()) if spec not in (*specs, *extra)]
                extra += [spec for spec in dict.fromkeys(made) if (root / spec).is_file()]
                ahead, ready = [], None
        ahead = [spec for spec in ahead if spec not in extra]
    # A save runs few git processes: what can be checked up front is checked in one; the causes of a
    # refusal (identity, ignore rules, hooks) are looked up only after git refuses.
    _check_can_commit(root, found, on_branch)
    lock = found["index.lock"]
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    point("commit:before")
    while True:
        _wait_for_index_lock(lock, deadline)
        try:
            sha = _commit_once(root, specs, extra, message, ahead, ready, fresh)
            point("commit:after")
            return sha
        except _IndexLocked as locked:
            if time.monotonic() >= deadline:
                raise _lock_error(root, lock, locked.output) from None
            time.sleep(LOCK_POLL_SECONDS)


class _IndexLocked(Exception):
    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def _once(ready: Callable[[], Iterable[Path | str]]) -> Callable[[], list[Path | str]]:
    done: list[list[Path | str]] = []

    def once() -> list[Path | str]:
        if not done:
            done.append([])  # also when it raises: called once
            done[0] = list(ready())
        return done[0]

    return once


def _commit_once(
    root: Path,
    specs: list[str],
    optional: list[str],
    message: str,
    ahead: Sequence[str] = (),
    ready: Callable[[], list[Path | str]] | None = None,
    staged: bool = False,
) -> str:
    intend, forget = partial(_intend, staged=staged), partial(_forget_new, staged=staged)
    every = intend(root, [*optional, *ahead], [*specs, *optional, *ahead])
    if ready is not None:
        try:
            with not_counted():
                made = [relative(root, path) for path in ready()]
        except BaseException:
            forget(root, every)
            raise
        left = [spec for spec in ahead if spec in every and spec not in made]
        if left:  # intent-added ahead, not to be committed now (no new report): as it was before
            forget(root, left)
            every = [spec for spec in every if spec not in left]
        late = [spec for spec in dict.fromkeys(made) if spec not in every and (root / spec).is_file()]
        if late:  # made since the commit began (a first REPORT.md)
            every += intend(root, late, late, undo=every)
    # --only commits these paths from the work tree and leaves every other staged change staged.
    # `:(literal)` rather than --literal-pathspecs, which git would pass on to the user's hooks.
    try:
        result = run_git(
            root,
            "commit",
            "--quiet",
            "--only",
            "--message",
            message,
            "--",
            *(f":(literal){spec}" for spec in every),
            step="commit",
        )
    except GitError:  # out of time, or the app is quitting: the index goes back to how it was
        forget(root, every)
        raise
    if result.returncode != 0:
        new = forget(root, every)
        head = head_sha(root)
        if not new and head is not None and _unchanged(root, every):
            return head  # the files already match HEAD: nothing to commit, and no empty commit
        _raise_commit_error(root, result)
    sha = head_sha(root)  # read from the branch's file the commit just wrote (refs.py), or asked of git
    if sha is None:
        raise GitError(
            "commit", "git reported success but made no commit", f"Run {retry_hint(root)} again.", output_of(result)
        )
    return sha


def _intend(
    root: Path, optional: list[str], every: list[str], undo: Sequence[str] = (), *, staged: bool = False
) -> list[str]:
    """``git add --intent-to-add`` of ``every``; those it took. Intent-to-add makes new files known to `commit
    --only` without staging their content; for a file git already tracks it changes nothing (staged content stays
    staged), so no process asks first which are new. When it refuses (a file the repository ignores) it has still
    taken the others: ignored ``optional`` files are left out, anything else ignored is refused (``undo``: what an
    earlier call took, undone with these). ``staged``: their content is staged instead (``fresh`` files)."""
    how = () if staged else ("--intent-to-add",)
    added = run_git(root, "--literal-pathspecs", "add", *how, "--", *every, step="commit")
    if added.returncode == 0:
        return every
    ignored = _ignored(root, every)
    if not ignored or any(spec not in optional for spec in ignored):
        _forget_new(root, [*undo, *every], staged=staged)
        if ignored:
            raise _ignored_error(root, ignored)
        _raise_commit_error(root, added)
    return [spec for spec in every if spec not in ignored]  # only optional files are left out


def _forget_new(root: Path, specs: list[str], *, staged: bool = False) -> list[str]:
    """Undo the intent-to-add of those of ``specs`` that a commit did not take (also after a time-out); the
    files it was undone for.

    Only a failed commit pays for finding them: a file known only by intent-to-add is the one kind the work
    tree shows as added next to the index (``--diff-filter=A``); a tracked file never is. ``staged``: they were
    staged (``fresh`` files): those the index adds to HEAD are unstaged (a tracked one keeps what was staged).
    """
    # Never raises: the error that brought us here is the one to report.
    new: list[str] = []
    added = ["diff", *(["--cached"] if staged else []), "--name-only", "--diff-filter=A", "-z", "--", *specs]
    with outside_limit(), contextlib.suppress(GitError):
        listed = run_git(root, "--literal-pathspecs", *added, step="commit")
        new = [name for name in listed.stdout.split("\0") if name] if listed.returncode == 0 else []
        if new:  # staged: a stand-in's content is not the file's now, which only --force lets go of
            force = ["--force"] if staged else []
            run_git(root, "--literal-pathspecs", "rm", "--cached", *force, "--quiet", "--", *new, step="commit")
    return new


def _unchanged(root: Path, specs: list[str]) -> bool:
    return run_git(root, "--literal-pathspecs", "diff", "--quiet", "HEAD", "--", *specs, step="commit").returncode == 0


def _raise_commit_error(root: Path, result: subprocess.CompletedProcess[str]) -> None:
    output = output_of(result)
    if "index.lock" in output:
        raise _IndexLocked(output)
    _check_identity(root)
    hooks = present_hooks(root, _COMMIT_HOOKS)
    if hooks:
        raise GitError(
            "commit",
            f"a git hook rejected the commit ({', '.join(hooks)})",
            f"Fix what the hook reports below, then run {retry_hint(root)}.",
            output,
        )
    raise GitError(
        "commit",
        f"git commit exited with status {result.returncode}",
        f"Fix what git reports below, then run {retry_hint(root)}.",
        output,
    )


@dataclass(frozen=True)
class _Where:
    """What a commit asks of a repository first, in one process (:func:`_locate`)."""

    paths: dict[str, Path]
    """Where git keeps each name asked for (as :func:`git_paths`)."""
    branch: str | None
    """HEAD's branch (``refs/heads/…``); ``None`` when detached."""


def _locate(root: Path, names: list[str]) -> _Where:
    """Where git keeps each of ``names``, and HEAD's branch.

    One ``rev-parse`` answers both, except outside a work tree (then :func:`toplevel`
    raises the error that says why) and before a branch's first commit, when HEAD does
    not resolve yet and the questions are asked one by one. A plain work tree's files answer them all.
    """
    plain = plain_head(root)
    if plain is not None:
        dirs, branch, _sha = plain
        return _Where({name: git_path(dirs, name) for name in names}, branch and f"refs/heads/{branch}")
    result = run_git(
        root,
        "rev-parse",
        "--show-toplevel",
        *(arg for name in names for arg in ("--git-path", name)),
        "--symbolic-full-name",
        "HEAD",
        step="commit",
    )
    lines = result.stdout.splitlines()  # the top folder, the paths, HEAD's branch ("HEAD" when detached)
    if result.returncode == 0 and len(lines) == len(names) + 2:
        paths = {name: root / line for name, line in zip(names, lines[1:-1], strict=True)}
        return _Where(paths, lines[-1] if lines[-1] != "HEAD" else None)
    toplevel(root, "commit")
    branch = current_branch(root)
    return _Where(dict(zip(names, git_paths(root, *names), strict=True)), f"refs/heads/{branch}" if branch else None)


def _check_can_commit(root: Path, found: dict[str, Path], on_branch: bool) -> None:
    """Refuse before touching anything when a commit would fail or get lost."""
    retry = retry_hint(root)
    for name, (what, commands) in _BUSY.items():
        if found[name].exists():
            raise GitError(
                "commit",
                f"{what}; the minutes were not committed into it",
                f"In {root}, finish it first: `{commands}`.\nThen run {retry}.",
            )
    if not on_branch:
        heads = run_git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/", step="commit")
        branches = nonblank_lines(heads.stdout)
        branch = next((b for b in ("main", "master") if b in branches), branches[0] if branches else "BRANCH")
        raise GitError(
            "commit",
            "HEAD is detached: a commit here would belong to no branch and could get lost",
            f"Check out a branch: git -C {quote(root)} switch {quote(branch)}\nThen run {retry}.",
        )


def _check_identity(root: Path) -> None:
    retry = retry_hint(root)
    for variable in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        ident = run_git(root, "var", variable, step="commit", c_locale=True)
        if ident.returncode != 0:
            raise GitError(
                "commit",
                "git does not know who you are (no user name and email)",
                f'In {root}, run:\n  git config user.name "Your Name"\n'
                '  git config user.email "you@example.com"\n'
                f"(add --global to use them in every repository), then run {retry}.",
                output_of(ident),
            )


def _ignored(root: Path, specs: list[str]) -> list[str]:
    """Those of ``specs`` that the repository ignores and does not track."""
    result = run_git(root, "check-ignore", "--", *specs, step="commit")
    return nonblank_lines(result.stdout)


def _ignored_error(root: Path, ignored: list[str]) -> GitError:
    return GitError(
        "commit",
        f"{', '.join(ignored)} is ignored by the repository (.gitignore)",
        f"See which rule: git -C {quote(root)} check-ignore -v -- {shlex.join(ignored)}\n"
        f"Remove that rule, then run {retry_hint(root)}.",
    )


def _wait_for_index_lock(lock: Path, deadline: float) -> None:
    """Wait (until ``deadline``) for another git program to finish; its lock is never ours to delete."""
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(LOCK_POLL_SECONDS)


def _lock_error(root: Path, lock: Path, output: str) -> GitError:
    return GitError(
        "commit",
        "another git program is using this repository (index.lock exists)",
        f"Wait for it (an editor, IDE or git GUI?) to finish, then run {retry_hint(root)}.\n"
        f"If no git program is running, one crashed and left its lock: remove {quote(lock)}.",
        output,
    )
