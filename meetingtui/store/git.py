"""The one way meetingtui talks to git: the ``git`` command line, so the user's config, hooks and credentials apply.

Every failure becomes a :class:`GitError` that names the step, says what went
wrong and which commands fix it, and carries what git printed.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LOCK_WAIT_SECONDS = 2.0
"""How long a commit waits for another git program to release ``index.lock``."""
LOCK_POLL_SECONDS = 0.1
NETWORK_TIMEOUT_SECONDS = 120.0
"""A push or fetch that takes longer is stuck (a dead network, a prompt we cannot answer)."""
OUTPUT_LINES = 40
"""How much of git's output a :class:`GitError` shows (the end, where the reason is)."""

# Set by git for hooks; inherited, they would point our git at another repository or index.
_REPO_VARIABLES = frozenset({
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_NAMESPACE",
})
_COMMIT_HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg")


class GitError(Exception):
    """A git step that failed: ``summary`` says what, ``hint`` how to fix it, ``output`` what git printed."""

    def __init__(self, step: str, summary: str, hint: str = "", output: str = "") -> None:
        self.step = step
        self.summary = summary
        self.hint = hint
        self.output = output.strip()
        super().__init__(summary)

    def __str__(self) -> str:
        lines = [f"git {self.step} failed: {self.summary}"]
        if self.hint:
            lines += ["How to fix it:", *(f"  {line}" for line in self.hint.splitlines())]
        if self.output:
            shown = self.output.splitlines()
            if len(shown) > OUTPUT_LINES:
                shown = ["…", *shown[-OUTPUT_LINES:]]
            lines += ["Git said:", *(f"  | {line}" for line in shown)]
        return "\n".join(lines)


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


def is_repository(root: Path) -> bool:
    """True when ``root`` is the top folder of a git work tree (a folder inside another repository is not)."""
    root = Path(root)
    if not root.is_dir():
        return False
    result = _git(root, "rev-parse", "--show-toplevel", step="status")
    if result.returncode != 0:
        return False
    try:
        return os.path.samefile(result.stdout.strip(), root)
    except OSError:
        return False


def init(root: Path) -> None:
    """``git init`` ``root``, creating the folder if needed; needs no user identity."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    result = _git(root, "init", "-q", step="init")
    if result.returncode != 0:
        raise GitError("init", f"could not create a git repository in {root}",
                       "Check that the folder is writable, then try again.", _output(result))


def commit_files(root: Path, paths: Iterable[Path | str], message: str) -> str:
    """Commit exactly ``paths`` as they are on disk; returns the full sha of the commit that holds them.

    Anything else the user has staged stays staged and out of this commit. When
    the files already match HEAD there is nothing to commit and HEAD's sha is
    returned (no empty commit). On failure nothing is committed, the files stay
    on disk, the index is as it was, and :class:`GitError` says how to fix it.
    """
    root = Path(root)
    _toplevel(root, "commit")
    specs = [_relative(root, path) for path in paths]
    if not specs:
        raise ValueError("commit_files needs at least one path")
    for spec in specs:
        if not (root / spec).is_file():
            raise FileNotFoundError(root / spec)
    _check_can_commit(root)
    _check_not_ignored(root, specs)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        lock = _wait_for_index_lock(root, deadline)
        try:
            return _commit_once(root, specs, message)
        except _IndexLocked as locked:
            if time.monotonic() >= deadline:
                raise _lock_error(root, lock, locked.output) from None
            time.sleep(LOCK_POLL_SECONDS)


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
    _toplevel(root, "push")
    branch = current_branch(root)
    if branch is None:
        raise GitError("push", "HEAD is detached: there is no branch to push",
                       f"Check out a branch (`git -C {_q(root)} switch BRANCH`), then run {_retry(root, push=True)}.")
    if remote not in _lines(_git(root, "remote", step="push").stdout):
        raise GitError("push", f"this repository has no remote named {remote!r}",
                       f"Add it: git -C {_q(root)} remote add {remote} URL\nthen run {_retry(root, push=True)}.")
    if head_sha(root) is None:
        raise GitError("push", "there are no commits to push yet", f"Commit first: {_retry(root)}.")
    tracked_remote, upstream = _upstream(root, branch)
    target = upstream if tracked_remote == remote and upstream else branch
    set_upstream = [] if tracked_remote else ["--set-upstream"]  # never re-point a branch that tracks elsewhere
    rebased = False
    note = ""
    for attempt in range(1, attempts + 1):
        result = _git(root, "push", "--porcelain", *set_upstream, remote,
                      f"refs/heads/{branch}:refs/heads/{target}",
                      step="push", c_locale=True, timeout=NETWORK_TIMEOUT_SECONDS)
        if result.returncode == 0:
            pushed = not any(line.startswith("=\t") for line in result.stdout.splitlines())
            text = f"pushed {branch} to {remote}/{target}" if pushed else f"{remote}/{target} is up to date"
            if rebased:
                text += f" (after rebasing onto newer commits from {remote})"
            return PushResult(pushed, attempt, text + note, rebased)
        if not _rejected_as_behind(result.stdout):
            raise _push_error(root, remote, target, result)
        if attempt == attempts:
            break
        note = _rebase_onto_remote(root, branch, remote, target)
        rebased = True
    raise GitError("push", f"{remote}/{target} kept changing: the push was rejected {attempts} times",
                   f"Your commits are safe in {branch}, not pushed. Try again in a moment: {_retry(root, push=True)}.")


def uncommitted_files(root: Path, folder: Path) -> list[Path]:
    """Files under ``folder`` that are untracked or differ from HEAD (deleted files excepted), as absolute paths.

    Ignored files are left out: what the repository ignores is not meant to be committed.
    """
    root = Path(root)
    top = _toplevel(root, "status")
    folder = Path(folder) if Path(folder).is_absolute() else root / folder
    if not folder.is_dir():
        return []
    result = _git(root, "--literal-pathspecs", "status", "--porcelain=v1", "-z", "--no-renames",
                  "--untracked-files=all", "--", _relative(root, folder), step="status")
    _raise_on_failure("status", result, "could not list the changed files")
    found = []
    for entry in result.stdout.split("\0"):
        state, name = entry[:2], entry[3:]
        if name and "D" not in state:
            found.append(top / name)
    return sorted(found)


def unpushed_commits(root: Path, remote: str = "origin") -> list[str]:
    """Shas of the commits on the current branch that no branch of ``remote`` has (as last fetched), newest first."""
    root = Path(root)
    if head_sha(root) is None:
        return []
    result = _git(root, "rev-list", "HEAD", "--not", f"--remotes={remote}", step="status")
    _raise_on_failure("status", result, "could not list the unpushed commits")
    return _lines(result.stdout)


def current_branch(root: Path) -> str | None:
    """The checked-out branch (even one with no commits yet), or None when HEAD is detached."""
    result = _git(Path(root), "symbolic-ref", "--quiet", "--short", "HEAD", step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def head_sha(root: Path) -> str | None:
    """The full sha of HEAD, or None before the first commit."""
    result = _git(Path(root), "rev-parse", "--quiet", "--verify", "HEAD^{commit}", step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None


# --- committing -------------------------------------------------------------------------------------------------

class _IndexLocked(Exception):
    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def _commit_once(root: Path, specs: list[str], message: str) -> str:
    tracked = set(_git(root, "--literal-pathspecs", "ls-files", "-z", "--", *specs, step="commit").stdout.split("\0"))
    new = [spec for spec in specs if spec not in tracked]
    head = head_sha(root)
    if head is not None and not new:
        unchanged = _git(root, "--literal-pathspecs", "diff", "--quiet", "HEAD", "--", *specs, step="commit")
        if unchanged.returncode == 0:
            return head
    if new:
        # Intent-to-add makes new files known to `commit --only` without staging their content.
        added = _git(root, "--literal-pathspecs", "add", "--intent-to-add", "--", *new, step="commit")
        if added.returncode != 0:
            _raise_commit_error(root, added)
    # --only commits these paths from the work tree and leaves every other staged change staged.
    # `:(literal)` rather than --literal-pathspecs, which git would pass on to the user's hooks.
    result = _git(root, "commit", "--quiet", "--only", "--message", message, "--",
                  *(f":(literal){spec}" for spec in specs), step="commit")
    if result.returncode != 0:
        if new:
            _git(root, "--literal-pathspecs", "rm", "--cached", "--quiet", "--", *new, step="commit")
        _raise_commit_error(root, result)
    sha = head_sha(root)
    if sha is None or sha == head:
        raise GitError("commit", "git reported success but made no commit", f"Run {_retry(root)} again.",
                       _output(result))
    return sha


def _raise_commit_error(root: Path, result: subprocess.CompletedProcess[str]) -> None:
    output = _output(result)
    if "index.lock" in output:
        raise _IndexLocked(output)
    hooks = _present_hooks(root)
    if hooks:
        raise GitError("commit", f"a git hook rejected the commit ({', '.join(hooks)})",
                       f"Fix what the hook reports below, then run {_retry(root)}.", output)
    raise GitError("commit", f"git commit exited with status {result.returncode}",
                   f"Fix what git reports below, then run {_retry(root)}.", output)


def _check_can_commit(root: Path) -> None:
    """Refuse before touching anything when a commit would fail or get lost."""
    names = ["rebase-merge", "rebase-apply", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "BISECT_LOG"]
    present = {name for name, path in zip(names, _git_paths(root, *names), strict=True) if path.exists()}
    retry = _retry(root)
    busy = {
        "rebase-merge": ("a rebase is in progress", "git rebase --continue` or `git rebase --abort"),
        "rebase-apply": ("a rebase or `git am` is in progress", "git rebase --continue` or `git rebase --abort"),
        "MERGE_HEAD": ("a merge is in progress", "git commit` (to conclude it) or `git merge --abort"),
        "CHERRY_PICK_HEAD": ("a cherry-pick is in progress", "git cherry-pick --continue` or `git cherry-pick --abort"),
        "REVERT_HEAD": ("a revert is in progress", "git revert --continue` or `git revert --abort"),
        "BISECT_LOG": ("a bisect is in progress", "git bisect reset"),
    }
    for name, (what, commands) in busy.items():
        if name in present:
            raise GitError("commit", f"{what}; the minutes were not committed into it",
                           f"In {root}, finish it first: `{commands}`.\nThen run {retry}.")
    if current_branch(root) is None:
        branches = _lines(_git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/", step="commit").stdout)
        branch = next((b for b in ("main", "master") if b in branches), branches[0] if branches else "BRANCH")
        raise GitError("commit", "HEAD is detached: a commit here would belong to no branch and could get lost",
                       f"Check out a branch: git -C {_q(root)} switch {branch}\nThen run {retry}.")
    for variable in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        ident = _git(root, "var", variable, step="commit", c_locale=True)
        if ident.returncode != 0:
            raise GitError("commit", "git does not know who you are (no user name and email)",
                           f'In {root}, run:\n  git config user.name "Your Name"\n'
                           '  git config user.email "you@example.com"\n'
                           f"(add --global to use them in every repository), then run {retry}.",
                           _output(ident))


def _check_not_ignored(root: Path, specs: list[str]) -> None:
    result = _git(root, "check-ignore", "--", *specs, step="commit")
    ignored = _lines(result.stdout)
    if ignored:
        raise GitError("commit", f"{', '.join(ignored)} is ignored by the repository (.gitignore)",
                       f"See which rule: git -C {_q(root)} check-ignore -v -- {shlex.join(ignored)}\n"
                       f"Remove that rule, then run {_retry(root)}.")


def _wait_for_index_lock(root: Path, deadline: float) -> Path:
    """Wait (until ``deadline``) for another git program to finish; its lock is never ours to delete."""
    [lock] = _git_paths(root, "index.lock")
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(LOCK_POLL_SECONDS)
    return lock


def _lock_error(root: Path, lock: Path, output: str) -> GitError:
    return GitError("commit", "another git program is using this repository (index.lock exists)",
                    f"Wait for it (an editor, IDE or git GUI?) to finish, then run {_retry(root)}.\n"
                    f"If no git program is running, one crashed and left its lock: remove {_q(lock)}.",
                    output)


def _present_hooks(root: Path) -> list[str]:
    paths = _git_paths(root, *(f"hooks/{hook}" for hook in _COMMIT_HOOKS))
    return [hook for hook, path in zip(_COMMIT_HOOKS, paths, strict=True) if os.access(path, os.X_OK)]


# --- pushing ----------------------------------------------------------------------------------------------------

def _upstream(root: Path, branch: str) -> tuple[str, str]:
    """The remote and remote branch that ``branch`` tracks (empty strings when it tracks nothing)."""
    tracked_remote = _git(root, "config", "--get", f"branch.{branch}.remote", step="push").stdout.strip()
    merge = _git(root, "config", "--get", f"branch.{branch}.merge", step="push").stdout.strip()
    return tracked_remote, merge.removeprefix("refs/heads/") if merge.startswith("refs/heads/") else ""


def _rejected_as_behind(porcelain: str) -> bool:
    return any(line.startswith("!\t") and "[rejected]" in line and ("fetch first" in line or "non-fast-forward" in line)
               for line in porcelain.splitlines())


def _rebase_onto_remote(root: Path, branch: str, remote: str, target: str) -> str:
    """Fetch ``remote/target`` and rebase our commits onto it; returns a note for people ("" if none)."""
    fetched = _git(root, "fetch", "--quiet", remote, f"refs/heads/{target}",
                   step="push", c_locale=True, timeout=NETWORK_TIMEOUT_SECONDS)
    if fetched.returncode != 0:
        raise _push_error(root, remote, target, fetched, step="fetch")
    onto = _git(root, "rev-parse", "--verify", "FETCH_HEAD^{commit}", step="push").stdout.strip()
    # Our own stash rather than `rebase --autostash`, which would restore staged changes as unstaged.
    stashed = _stash(root, f"meetingtui: set aside while rebasing onto {remote}/{target}")
    rebase = _git(root, "rebase", "--quiet", onto, step="push", c_locale=True)
    if rebase.returncode != 0:
        conflicts = _lines(_git(root, "diff", "--name-only", "--diff-filter=U", step="push").stdout)
        if any(path.exists() for path in _git_paths(root, "rebase-merge", "rebase-apply")):
            _git(root, "rebase", "--abort", step="push")
        restored = _unstash(root) if stashed else ""
        what = f"conflicts in {', '.join(conflicts)}" if conflicts else "the rebase failed"
        raise GitError("push", f"your commits clash with newer commits on {remote}/{target} ({what})",
                       f"Nothing was lost: the rebase was undone and your commits are still on {branch}, not pushed.\n"
                       f"Combine them by hand: git -C {_q(root)} pull --rebase {remote} {target}\n"
                       f"fix the conflicts, `git add` them, `git rebase --continue`, then `git push`.{restored}",
                       _output(rebase))
    return _unstash(root) if stashed else ""


def _stash(root: Path, message: str) -> bool:
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no", step="push").stdout.strip()
    if not dirty:
        return False
    result = _git(root, "stash", "push", "--quiet", "--message", message, step="push", c_locale=True)
    _raise_on_failure("push", result, "could not set your uncommitted changes aside to rebase")
    return True


def _unstash(root: Path) -> str:
    """Bring back what :func:`_stash` set aside, staged changes staged; a note when that failed."""
    if _git(root, "stash", "pop", "--quiet", "--index", step="push").returncode == 0:
        return ""
    return (f"\nYour uncommitted changes could not be put back and are kept in the stash: "
            f"`git -C {_q(root)} stash pop` restores them.")


def _push_error(root: Path, remote: str, target: str, result: subprocess.CompletedProcess[str],
                step: str = "push") -> GitError:
    output = _output(result)
    low = output.lower()
    safe = f"Your commits are safe locally. Once fixed, run {_retry(root, push=True)}."
    if "[remote rejected]" in result.stdout:
        summary = f"{remote} refused the push (a protected branch or a server-side hook?)"
        hint = "Read the remote's reason below; a protected branch needs a pull request."
    elif "terminal prompts disabled" in low or "could not read username" in low or "could not read password" in low:
        summary = f"{remote} asks for a user name or password, and meetingtui never prompts for them"
        hint = ("Set up a credential helper or an SSH key, or push once yourself: "
                f"git -C {_q(root)} push {remote} {target}")
    elif "permission denied" in low or "authentication failed" in low or re.search(r"\b403\b", low):
        summary = f"{remote} refused your credentials"
        hint = "Check that your account may push to this repository and your key or token is valid."
    elif "does not appear to be a git repository" in low:
        summary = f"{remote} is not a repository we can reach"
        hint = f"Check its URL: git -C {_q(root)} remote -v"
    elif any(text in low for text in ("could not resolve host", "connection refused", "timed out", "failed to connect",
                                      "couldn't connect", "network is unreachable", "no route to host")):
        summary = f"{remote} cannot be reached"
        hint = "Check your network connection (and VPN)."
    elif "could not read from remote" in low:
        summary = f"{remote} is not a repository we can reach"
        hint = f"Check its URL and your access: git -C {_q(root)} remote -v"
    else:
        summary = f"git {step} to {remote} exited with status {result.returncode}"
        hint = "Read git's message below."
    return GitError(step, summary, f"{hint}\n{safe}", output)


# --- running git ------------------------------------------------------------------------------------------------

def _git(root: Path, *args: str, step: str, c_locale: bool = False,
         timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``git -C root args`` without a shell or a terminal; never raises for git's own failures."""
    argv = ["git", "-C", str(root), *args]
    try:
        # A new session has no controlling terminal: ssh or gpg cannot prompt over the app's screen.
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=_environment(c_locale), text=True, encoding="utf-8", errors="replace",
                                   start_new_session=True)
    except FileNotFoundError:
        raise GitError(step, "git is not installed (or not on PATH)",
                       "Install git (Debian/Ubuntu: sudo apt-get install git), then try again.") from None
    with process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            stdout, stderr = process.communicate()
            raise GitError(step, f"`git {args[0]}` did not finish within {timeout:.0f} s",
                           f"Check your network connection, then run {_retry(root, push=True)}.",
                           stdout + stderr) from None
        except BaseException:
            _kill(process)
            raise
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def _environment(c_locale: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _REPO_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_EDITOR"] = ":"  # git never starts an editor for ":"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    if c_locale:
        env["LC_ALL"] = "C"  # messages we parse; LC_ALL=C also makes gettext ignore LANGUAGE
    return env


def _kill(process: subprocess.Popen[str]) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)  # git and its children (ssh, credential helpers)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _toplevel(root: Path, step: str) -> Path:
    """The top of the work tree holding ``root``; :class:`GitError` when there is none."""
    if not root.is_dir():
        raise GitError(step, f"{root} does not exist", f"Create the repository: meetingtui init {_q(root)}")
    result = _git(root, "rev-parse", "--show-toplevel", step=step, c_locale=True)
    if result.returncode == 0 and result.stdout.strip():
        return Path(result.stdout.strip())
    output = _output(result)
    if "dubious ownership" in output:
        raise GitError(step, f"git does not trust {root}: it belongs to another user",
                       f"If you trust it: git config --global --add safe.directory {_q(root)}", output)
    raise GitError(step, f"{root} is not a git repository",
                   f"Make it one: git -C {_q(root)} init  (or create a new shared repository: meetingtui init DIR)\n"
                   f"then run {_retry(root)}.", output)


def _relative(root: Path, path: Path | str) -> str:
    """``path`` (absolute, or relative to ``root``) as a pathspec relative to ``root``."""
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def _git_paths(root: Path, *names: str) -> list[Path]:
    """``$GIT_DIR/<name>`` for each name, as git resolves them (worktrees, ``core.hooksPath``)."""
    result = _git(root, "rev-parse", *(arg for name in names for arg in ("--git-path", name)), step="status")
    _raise_on_failure("status", result, "could not locate the repository's git folder")
    return [root / line for line in result.stdout.splitlines()]


def _raise_on_failure(step: str, result: subprocess.CompletedProcess[str], summary: str) -> None:
    if result.returncode != 0:
        raise GitError(step, summary, "Read git's message below.", _output(result))


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return "\n".join(part.strip() for part in (result.stdout, result.stderr) if part and part.strip())


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _q(path: Path | str) -> str:
    return shlex.quote(str(path))


def _retry(root: Path, push: bool = False) -> str:
    return f"`meetingtui commit --repo {_q(root)}{' --push' if push else ''}`"
