"""Running git: the ``git`` command line without a shell or a terminal, within our time limits, and its error.

Every failure becomes a :class:`GitError` that names the step, says what went
wrong and which commands fix it, and carries what git printed.

Every git process counts against the limit of the operation it serves (:mod:`.limits`: a push, a
fetch, a commit), the user's hooks included: they run in git's process group, which is stopped as one.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from meetingtui.domain.terminal_text import visible
from meetingtui.store.git.limits import (
    CLEANUP_SECONDS,
    MIN_START_SECONDS,
    Limit,
    cleaning_now,
    limit_now,
    running_hook,
)
from meetingtui.store.git.memo import keep, recall

DRAIN_SECONDS = 1.0
"""After a time-out kill, how long to wait for what git printed."""

OUTPUT_LINES = 40
"""How much of git's output a :class:`GitError` shows (the end, where the reason is)."""

KILL_GRACE_SECONDS = 0.3
"""After SIGTERM (on which git removes its ``index.lock`` and ref locks), how long before SIGKILL."""

_REPO_VARIABLES = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_PREFIX",
        "GIT_NAMESPACE",
    }
)


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
        return visible("\n".join(lines), keep_newlines=True)  # git quotes file names and hooks' output


class Stopped(GitError):
    """A git step stopped, or not started, because meetingtui is quitting: what it was doing stays pending."""


class TimedOut(GitError):
    """A time limit ran out (the summary names it); ``hook`` is the user's hook that was still running, if any."""

    def __init__(self, step: str, summary: str, hint: str = "", output: str = "", hook: str | None = None) -> None:
        super().__init__(step, summary, hint, output)
        self.hook = hook


NETWORK_COMMANDS = frozenset({"push", "fetch", "pull", "ls-remote", "clone"})
"""git commands that talk to a remote: :func:`abandon_git` stops them even outside a time limit."""

_stoppable_lock = threading.Lock()
_stoppable: set[subprocess.Popen[str]] = set()
_abandoned = threading.Event()


def abandon_git() -> None:
    """Stop every network command and every time-limited git step of this process now, hooks included, and
    refuse new ones (the app is quitting).

    What was committed stays committed; a commit stopped here stays for ``meetingtui commit``, a push
    for ``meetingtui sync``.
    """
    _abandoned.set()
    with _stoppable_lock:
        running = list(_stoppable)
    for process in running:
        _kill(process)


def quitting() -> bool:
    """True once :func:`abandon_git` was called (the app is quitting): waits for git should end now."""
    return _abandoned.is_set()


def allow_git() -> None:
    """Undo :func:`abandon_git` (a new app in the same process, as in tests)."""
    _abandoned.clear()


def run_git(
    root: Path, *args: str, step: str, c_locale: bool = False, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C root args`` without a shell or a terminal; never raises for git's own failures.

    It ends within ``timeout`` and within the current :func:`~.limits.time_limit`, whichever comes first.
    """
    known = recall(root, args, c_locale)
    if known is not None:
        return known
    argv = ["git", "-C", str(root), *args]
    command = args[0] if args else ""
    cleaning = cleaning_now.get()
    limit = None if cleaning else limit_now.get()
    stoppable = not cleaning and (limit is not None or command in NETWORK_COMMANDS)
    if stoppable and _abandoned.is_set():
        raise Stopped(step, f"`git {command}` was not started: meetingtui is quitting", _pending_hint(root, limit))
    wait, limited = (min(timeout or CLEANUP_SECONDS, CLEANUP_SECONDS) if cleaning else timeout), False
    if limit is not None:
        left = limit.deadline - time.monotonic()
        if left < MIN_START_SECONDS:
            raise _limit_error(step, limit, "", "", "")
        if wait is None or left < wait:
            wait, limited = left, True
    try:
        # A new session has no controlling terminal: ssh or gpg cannot prompt over the app's screen.
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(c_locale),
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
    except FileNotFoundError:
        raise GitError(
            step,
            "git is not installed (or not on PATH)",
            "Install git (Debian/Ubuntu: sudo apt-get install git), then try again.",
        ) from None
    if stoppable:
        with _stoppable_lock:
            _stoppable.add(process)
        if _abandoned.is_set():  # abandoned between the check and the registration
            _kill(process)
    with process:
        try:
            stdout, stderr = process.communicate(timeout=wait)
        except subprocess.TimeoutExpired:
            hook = running_hook(process.pid)  # before the kill: afterwards the group is gone
            _kill(process)
            said = _drain(process)
            if limited and limit is not None:
                raise _limit_error(step, limit, command, hook, said, _remote_of(args)) from None
            raise GitError(
                step,
                f"`git {command}` did not finish within {wait:.0f} s"
                + (f": the hook {hook} was still running" if hook else ""),
                _own_timeout_hint(root, command, hook),
                said,
            ) from None
        except BaseException:
            _kill(process)
            raise
        finally:
            if stoppable:
                with _stoppable_lock:
                    _stoppable.discard(process)
    if stoppable and process.returncode < 0 and _abandoned.is_set():
        raise Stopped(step, f"`git {command}` was stopped: meetingtui is quitting", _pending_hint(root, limit))
    answer = subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)
    keep(root, args, c_locale, answer)
    return answer


def _own_timeout_hint(root: Path, command: str, hook: str | None) -> str:
    if hook:
        return f"Your {hook} hook is slow or stuck: make it finish sooner, then try again."
    if command in NETWORK_COMMANDS:
        safe = "Your commits are safe locally. " if command == "push" else ""
        return f"{safe}Check your network connection, then run {sync_hint(root)}."
    return "git was slow (a busy disk or a large repository?): try again in a moment."


def _pending_hint(root: Path, limit: Limit | None) -> str:
    return limit.then if limit is not None else f"Run {retry_hint(root, push=True)} later."


def _remote_of(args: tuple[str, ...]) -> str:
    """The remote a network command talks to: its first argument that is not an option."""
    return (
        next((arg for arg in args[1:] if not arg.startswith("-")), "")
        if args[:1] and args[0] in NETWORK_COMMANDS
        else ""
    )


def _limit_error(step: str, limit: Limit, command: str, hook: str | None, said: str, remote: str = "") -> TimedOut:
    """The limit ran out: which one, what was still running (when we can tell), what to do."""
    summary = f"the {limit.what} did not finish within {limit.setting} = {limit.seconds:g} s"
    more_time = f"give the {limit.what} more time ({limit.setting} in meetingtui.toml)"
    if hook:
        summary += f": the hook {hook} was still running"
        advice = f"Your {hook} hook is slow or stuck: make it finish sooner, or {more_time}."
    elif command in NETWORK_COMMANDS:
        summary += f": {remote or 'the remote'} did not answer in time (`git {command}`)"
        advice = "Check your network connection (and VPN); if it works, the remote is down or slow."
    elif command:
        summary += f": `git {command}` was still running"
        advice = f"git was slow (a busy disk or a large repository?): {more_time}."
    else:
        advice = f"Check your network connection, or {more_time}."
    return TimedOut(step, summary, f"{advice}\n{limit.then}", said, hook or None)


def _drain(process: subprocess.Popen[str]) -> str:
    """What a killed git printed; not waited for when a helper that left the group (an ssh master) holds the pipes."""
    try:
        stdout, stderr = process.communicate(timeout=DRAIN_SECONDS)
    except subprocess.TimeoutExpired:
        return ""
    return stdout + stderr


def _environment(c_locale: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _REPO_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_EDITOR"] = ":"  # git never starts an editor for ":"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    if c_locale:
        env["LC_ALL"] = "C"  # messages we parse; LC_ALL=C also makes gettext ignore LANGUAGE
    return env


def _kill(process: subprocess.Popen[str]) -> None:
    """Stop git and its group (hooks, ssh, credential helpers): SIGTERM, then SIGKILL after a short grace."""
    if not hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            process.kill()
        return
    _signal_group(process, signal.SIGTERM)  # git removes its lock files on SIGTERM, not on SIGKILL
    deadline = time.monotonic() + KILL_GRACE_SECONDS
    while time.monotonic() < deadline and not _exited(process):
        time.sleep(0.01)
    # Until git is reaped (WNOWAIT leaves it unreaped), its id still names this group and no other.
    _signal_group(process, signal.SIGKILL)


def _signal_group(process: subprocess.Popen[str], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _exited(process: subprocess.Popen[str]) -> bool:
    if not hasattr(os, "waitid"):  # macOS: poll() reaps, which only risks a late SIGKILL finding nobody
        return process.poll() is not None
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:  # reaped already, by the thread waiting for it
        return True


def toplevel(root: Path, step: str, timeout: float | None = None) -> Path:
    """The top of the work tree holding ``root``; :class:`GitError` when there is none."""
    if not root.is_dir():
        raise GitError(step, f"{root} does not exist", f"Create the repository: meetingtui init {quote(root)}")
    result = run_git(root, "rev-parse", "--show-toplevel", step=step, c_locale=True, timeout=timeout)
    if result.returncode == 0 and result.stdout.strip():
        return Path(result.stdout.strip())
    output = output_of(result)
    if "dubious ownership" in output:
        raise GitError(
            step,
            f"git does not trust {root}: it belongs to another user",
            f"If you trust it: git config --global --add safe.directory {quote(root)}",
            output,
        )
    raise GitError(
        step,
        f"{root} is not a git repository",
        f"Make it one: git -C {quote(root)} init  (or create a new shared repository: meetingtui init DIR)\n"
        f"then run {retry_hint(root)}.",
        output,
    )


def relative(root: Path, path: Path | str) -> str:
    """``path`` (absolute, or relative to ``root``) as a pathspec relative to ``root``."""
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def git_paths(root: Path, *names: str) -> list[Path]:
    """``$GIT_DIR/<name>`` for each name, as git resolves them (worktrees, ``core.hooksPath``)."""
    result = run_git(root, "rev-parse", *(arg for name in names for arg in ("--git-path", name)), step="status")
    raise_on_failure("status", result, "could not locate the repository's git folder")
    return [root / line for line in result.stdout.splitlines()]


def present_hooks(root: Path, hooks: Iterable[str]) -> list[str]:
    """Which of ``hooks`` the repository has: executable where git looks for them (``core.hooksPath`` too)."""
    names = list(hooks)
    paths = git_paths(root, *(f"hooks/{hook}" for hook in names))
    return [hook for hook, path in zip(names, paths, strict=True) if os.access(path, os.X_OK)]


def raise_on_failure(step: str, result: subprocess.CompletedProcess[str], summary: str) -> None:
    if result.returncode != 0:
        raise GitError(step, summary, "Read git's message below.", output_of(result))


def output_of(result: subprocess.CompletedProcess[str]) -> str:
    return "\n".join(part.strip() for part in (result.stdout, result.stderr) if part and part.strip())


def nonblank_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def quote(path: Path | str) -> str:
    return shlex.quote(str(path))


def retry_hint(root: Path, push: bool = False) -> str:
    return f"`meetingtui commit --repo {quote(root)}{' --push' if push else ''}`"


def sync_hint(root: Path) -> str:
    """The command that brings in the team's commits and pushes ours, once the network is back."""
    return f"`meetingtui sync --repo {quote(root)}`"
