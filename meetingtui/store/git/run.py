"""Running git: the ``git`` command line without a shell or a terminal, and the error it raises.

Every failure becomes a :class:`GitError` that names the step, says what went
wrong and which commands fix it, and carries what git printed.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
from pathlib import Path

from meetingtui.domain.terminal_text import visible

DRAIN_SECONDS = 1.0
"""After a time-out kill, how long to wait for what git printed."""

OUTPUT_LINES = 40
"""How much of git's output a :class:`GitError` shows (the end, where the reason is)."""

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


NETWORK_COMMANDS = frozenset({"push", "fetch", "pull", "ls-remote", "clone"})
"""git commands that talk to a remote: the ones :func:`abandon_network` stops."""

_network_lock = threading.Lock()
_network_processes: set[subprocess.Popen[str]] = set()
_network_abandoned = threading.Event()


def abandon_network() -> None:
    """Stop every git network command of this process now, and refuse new ones (the app is quitting).

    What was committed stays committed; a push stopped here stays pending for ``meetingtui sync``.
    """
    _network_abandoned.set()
    with _network_lock:
        running = list(_network_processes)
    for process in running:
        _kill(process)


def allow_network() -> None:
    """Undo :func:`abandon_network` (a new app in the same process, as in tests)."""
    _network_abandoned.clear()


def run_git(
    root: Path, *args: str, step: str, c_locale: bool = False, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C root args`` without a shell or a terminal; never raises for git's own failures."""
    argv = ["git", "-C", str(root), *args]
    network = bool(args) and args[0] in NETWORK_COMMANDS
    if network and _network_abandoned.is_set():
        raise GitError(
            step,
            f"`git {args[0]}` was not started: meetingtui is quitting",
            f"Run {retry_hint(root, push=True)} later.",
        )
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
    if network:
        with _network_lock:
            _network_processes.add(process)
        if _network_abandoned.is_set():  # abandoned between the check and the registration
            _kill(process)
    with process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            said = _drain(process)
            safe = "Your commits are safe locally. " if args[0] == "push" else ""
            raise GitError(
                step,
                f"`git {args[0]}` did not finish within {timeout:.0f} s",
                f"{safe}Check your network connection, then run {sync_hint(root)}.",
                said,
            ) from None
        except BaseException:
            _kill(process)
            raise
        finally:
            if network:
                with _network_lock:
                    _network_processes.discard(process)
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


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
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)  # git and its children (ssh, credential helpers)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


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


def current_branch(root: Path) -> str | None:
    """The checked-out branch (even one with no commits yet), or None when HEAD is detached."""
    result = run_git(Path(root), "symbolic-ref", "--quiet", "--short", "HEAD", step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def head_sha(root: Path) -> str | None:
    """The full sha of HEAD, or None before the first commit."""
    result = run_git(Path(root), "rev-parse", "--quiet", "--verify", "HEAD^{commit}", step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None
