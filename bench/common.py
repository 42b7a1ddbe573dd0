"""What every benchmark shares: an isolated environment, a pty harness, /proc readers, statistics, verdicts.

Run by hand, never by CI. Every figure is compared with a baseline measured
in the same run on the same machine, so the ratios mean something on any
laptop; the absolute numbers do not travel.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import re
import selectors
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The work tree these benchmarks measure (put first on ``PYTHONPATH``)."""
BENCH = Path(__file__).resolve().parent
COLUMNS, ROWS = 120, 40
AGENDA = "weekly-sync"
AGENDA_TITLE = "Weekly sales & marketing sync"
"""The built-in agenda the first-frame and idle benchmarks open, and its title (what "on screen" looks for)."""
PYCACHE = Path(tempfile.gettempdir()) / "meetingtui-bench-pycache"
"""Byte-code of every module the benchmarked programs import (this machine may set PYTHONDONTWRITEBYTECODE)."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window title, clipboard
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[@-Z\\-_]"  # two-byte escapes
    rb"|\x1b[()][0-9A-Za-z]"  # character-set selection
)


# -- environment ---------------------------------------------------------------------------------------------------


def isolated_env(home: Path) -> dict[str, str]:
    """This interpreter's environment with a fresh HOME, XDG folders and git identity; this work tree first."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "MEETINGTUI_REPO",
            "TEXTUAL",
            "COLUMNS",
            "LINES",
            "NO_COLOR",
            "PYTHONSTARTUP",
            "PYTHONDONTWRITEBYTECODE",
        )
        and not key.startswith("GIT_")
    }
    home.mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env.update(
        GIT_AUTHOR_NAME="Bench Facilitator",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench Facilitator",
        GIT_COMMITTER_EMAIL="bench@example.com",
        GIT_CONFIG_NOSYSTEM="1",
        TERM="xterm-256color",
        LANG=env.get("LANG", "C.UTF-8"),
    )
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    # Byte-code as an installed package has it, kept out of the work tree; the first run of each app writes it.
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    return env


def git_repo(root: Path, env: dict[str, str]) -> Path:
    """A real git repository with one commit (a README), as a team's minutes repository starts."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    (root / "README.md").write_text("# minutes\n")
    subprocess.run(["git", "-C", str(root), "add", "README.md"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "init"], check=True, env=env)
    return root


@dataclass
class Workspace:
    """A temp folder holding a HOME, its environment and a minutes repository; removed on exit."""

    path: Path
    env: dict[str, str]
    repo: Path


@contextlib.contextmanager
def workspace(prefix: str = "meetingtui-bench-") -> Iterator[Workspace]:
    """A fresh :class:`Workspace`."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        env = isolated_env(path / "home")
        yield Workspace(path, env, git_repo(path / "repo", env))
    finally:
        shutil.rmtree(path, ignore_errors=True)


def forget_meetings(ws: Workspace) -> None:
    """Remove every meeting journal (open or kept aside) of the workspace, so the next run offers no resume.

    The rest of the per-user state (which repository a state folder belongs to, the last facilitator) stays,
    as it does for anyone who has run a meeting before: wiping it made every run write it again, fsyncs included.
    """
    for path in Path(ws.env["XDG_STATE_HOME"]).rglob("*"):
        if path.is_file() and (path.name == "meeting.jsonl" or path.name.startswith("interrupted-")):
            path.unlink()


def meetingtui_argv(ws: Workspace, agenda: str = AGENDA) -> list[str]:
    """``meetingtui run AGENDA`` with this interpreter, the workspace's repository, nothing committed."""
    # A facilitator is named, as a returning one is remembered: otherwise the run asks for one before the screen;
    # and no attendance list first, so the first screen is the meeting's (what the benchmarks time).
    extra = ["--facilitator", "Bench Facilitator", "--no-attendance"]
    return [sys.executable, "-m", "meetingtui", "run", agenda, "--repo", str(ws.repo), "--no-commit", *extra]


def baseline_argv(timer: bool = False, title: str = AGENDA_TITLE, validate: bool = False) -> list[str]:
    """The minimal Textual app (Header, a Static, Footer) showing ``title``; ``validate``: the stack floor."""
    flags = [*(["--timer"] if timer else []), *(["--validate"] if validate else [])]
    return [sys.executable, str(BENCH / "baseline_app.py"), *flags, title]


def floor_argv(timer: bool = False) -> list[str]:
    """The independent stack floor: ``floor_app.py``, which validates its own agenda and imports no meetingtui."""
    return [sys.executable, str(BENCH / "floor_app.py"), *(["--timer"] if timer else [])]


# -- the pty harness -----------------------------------------------------------------------------------------------


def _tie_to_harness() -> None:
    """In the child, before exec: end with the harness, as an app ends with its terminal.

    The pty becomes its controlling terminal (SIGHUP when the harness dies and the master closes), and
    ``PR_SET_PDEATHSIG`` sends SIGTERM when the harness's process is gone; the app handles both as a closed
    terminal. Without them a killed harness left the app running at 50–66 % CPU."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when the thread that started it ends (Linux)."""


class PtyApp:
    """One process in a pseudo-terminal of COLUMNS × ROWS, its output read by the caller (no thread).

    ``started`` is taken just before the fork, so times include starting Python. The process ends when
    the harness does (:func:`_tie_to_harness`); create it from the main thread (a death signal follows
    the thread that forked).
    """

    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.master = master
        self.output = bytearray()
        self._plain = bytearray()
        self._plain_from = 0
        self._selector = selectors.DefaultSelector()
        self._selector.register(master, selectors.EVENT_READ)
        self.started = time.perf_counter()
        try:
            self.proc = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                cwd=cwd,
                env=env,
                close_fds=True,
                start_new_session=True,  # setsid() runs before preexec_fn: the child may take the pty as its own
                preexec_fn=_tie_to_harness if sys.platform == "linux" else None,
            )
        finally:
            os.close(slave)
        self.rusage = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def pump(self, timeout: float) -> bool:
        """Read what is ready within ``timeout`` seconds; False once the terminal has closed."""
        for _key, _ in self._selector.select(timeout):
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: nothing is left on the terminal's side
                return False
            if not chunk:
                return False
            self.output += chunk
        return True

    def plain(self) -> str:
        """The output so far with escape sequences removed (only the new part is stripped each time)."""
        # An escape sequence may be cut by a read: strip up to the last ESC and keep the rest for later.
        cut = self.output.rfind(b"\x1b", self._plain_from)
        end = cut if cut >= 0 else len(self.output)
        if end > self._plain_from:
            self._plain += ESCAPES.sub(b"", bytes(self.output[self._plain_from : end]))
            self._plain_from = end
        return self._plain.decode("utf-8", "replace")

    def wait_for(self, needle: str | re.Pattern[str], timeout: float = 30.0) -> float:
        """Seconds from the fork until ``needle`` (text, or a pattern) is on screen (escape sequences ignored)."""
        deadline = time.perf_counter() + timeout
        while True:
            if needle in self.plain() if isinstance(needle, str) else needle.search(self.plain()):
                return time.perf_counter() - self.started
            left = deadline - time.perf_counter()
            alive = self.pump(min(left, 0.5)) if left > 0 else False
            if not alive:
                time.sleep(0.01)  # the terminal closed: the process is gone or going
            if left <= 0 or (not alive and self.proc.poll() is not None):
                tail = ESCAPES.sub(b"", bytes(self.output[-3000:])).decode("utf-8", "replace")
                raise RuntimeError(f"{needle!r} never appeared (exit status {self.proc.poll()}); output:\n{tail}")

    def drain(self, seconds: float) -> None:
        """Keep reading for ``seconds`` (the app must never block on a full pty)."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if not self.pump(left):
                return  # the terminal closed: the app is gone

    def wait_exit(self, timeout: float = 60.0) -> int:
        """Read everything until the process ends by itself; returns its exit status."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and (self.pump(0.1) or self.proc.poll() is None):
            pass
        self.proc.wait(max(0.0, deadline - time.perf_counter()))
        return self.proc.returncode

    def send(self, keys: str) -> None:
        """Type ``keys``."""
        os.write(self.master, keys.encode())

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM (the app handles it), reap, keep the child's rusage; returns the exit status."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGTERM)
        deadline = time.perf_counter() + timeout
        while self.proc.poll() is None and time.perf_counter() < deadline:
            self.pump(0.05)
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.close()
        return self.proc.returncode

    def close(self) -> None:
        """Release the terminal (kill the process first if it is still there)."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(self.master)
        self._selector.close()
        with contextlib.suppress(OSError):
            os.close(self.master)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- /proc ---------------------------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds, from ``/proc/PID/stat``."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        data = handle.read()
    fields = data[data.rindex(b")") + 2 :].split()  # the command name may hold spaces: skip past its ")"
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # fields 14 and 15 of proc(5)


def status_kb(pid: int, key: str) -> int:
    """A ``kB`` figure of ``/proc/PID/status``: ``VmHWM`` (peak RSS), ``VmRSS`` …"""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def wakeups(pid: int) -> int:
    """Context switches of every thread of a process (voluntary + involuntary): how often it woke."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(FileNotFoundError), open(f"/proc/{pid}/task/{task}/status") as handle:
            for line in handle:
                if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    total += int(line.split()[1])
    return total


# -- statistics and verdicts ---------------------------------------------------------------------------------------


@dataclass
class Spread:
    """Median, min and max of repeated measurements."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def show(self, unit: str = "s", scale: float = 1.0, digits: int = 3) -> str:
        m, lo, hi = (v * scale for v in (self.median, self.low, self.high))
        return f"median {m:.{digits}f}{unit} (min {lo:.{digits}f}, max {hi:.{digits}f}, n={len(self.values)})"


@dataclass
class Result:
    """One benchmark's verdict, for the summary table of ``run_all.py``."""

    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool

    def line(self) -> str:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        return (
            f"| {self.name} | {self.ours} | {self.baseline} | {ratio} | {self.target} | "
            f"{'PASS' if self.passed else 'FAIL'} |"
        )


def verdict(
    name: str, ours: float, baseline: float, limit: float, *, unit: str = "s", scale: float = 1.0, digits: int = 3
) -> Result:
    """Print ``ratio = ours / baseline`` and PASS/FAIL against ``limit``; returns the :class:`Result`."""
    ratio = ours / baseline if baseline else float("inf")
    passed = ratio <= limit
    print(
        f"  {name}: ratio = {ours * scale:.{digits}f}{unit} / {baseline * scale:.{digits}f}{unit} = "
        f"{ratio:.2f}×  (target ≤ {limit}×)  {'PASS' if passed else 'FAIL'}"
    )
    return Result(
        name, f"{ours * scale:.{digits}f}{unit}", f"{baseline * scale:.{digits}f}{unit}", ratio, f"≤ {limit}×", passed
    )


def table(results: Sequence[Result]) -> str:
    """The results as the Markdown table of ``bench/README.md``."""
    rows = ["| benchmark | meetingtui | baseline | ratio | target | verdict |", "|---|---|---|---|---|---|"]
    return "\n".join(rows + [r.line() for r in results])


def machine() -> str:
    """One line about where the figures come from."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
