"""Run the real app in a pseudo-terminal: type keys, read the screen, send real signals.

The app gets a pty of a fixed size as its controlling terminal (so closing
the master sends it SIGHUP, as a closed terminal window does). A thread
drains the master all the time, so the app never blocks on a full pty buffer.
What the app drew is kept as plain text (escape sequences stripped): text in
one widget line stays contiguous, which is enough to look for what a person
would see.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.forked_cli import ForkedProcess

ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[@-Z\\-_]"  # two-byte escapes
    rb"|\x1b[()][0-9A-Za-z]"  # character set selection
)
CURSOR_AT_END = re.compile(rb"\x1b\[(\d+);(\d+)H\Z")
QUIET = 0.08
"""Seconds without output after which an update is taken as complete."""
ESCAPE = "\x1b"
ENTER = "\r"
TAB = "\t"
START_TIMEOUT = 30.0
"""Generous: a cold start of Python + Textual on a loaded two-core machine."""


def meetingtui_argv(*args: str) -> list[str]:
    """``python -m meetingtui ARGS`` with this interpreter."""
    return [sys.executable, "-m", "meetingtui", *args]


def app_env() -> dict[str, str]:
    """The test's environment (conftest puts the isolated HOME and XDG folders there), this work tree first."""
    env = os.environ.copy()
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def spawn_meetingtui(repo: Path, *args: str, size: tuple[int, int] = (100, 30), forked: bool = False) -> PtyApp:
    """``meetingtui ARGS --repo REPO --no-commit`` in a pty; ``run`` names its facilitator and goes straight to the
    meeting (nobody is asked, no attendance). ``forked``: forked from a process that imported the app already
    (tests/forked_cli.py), not ``python -m meetingtui``: for tests that start the app again and again and are not
    about how it starts."""
    named = ("--facilitator", "Test Facilitator", "--no-attendance") if args[:1] == ("run",) else ()
    argv = meetingtui_argv(*args, *named, "--repo", str(repo), "--no-commit")
    return PtyApp(argv, env=app_env(), cwd=repo, size=size, forked=forked)


def _controlling_tty() -> None:  # runs in the child between fork and exec
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """One real process in a pty of ``size`` (columns, rows)."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        cwd: Path | None = None,
        size: tuple[int, int] = (100, 30),
        forked: bool = False,
    ) -> None:
        """``forked``: ``argv`` is ``python -m meetingtui ARGS`` (:func:`meetingtui_argv`), and ``meetingtui ARGS``
        is forked from this worker's app server instead (tests/forked_cli.py)."""
        columns, rows = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {key: value for key, value in env.items() if key not in ("COLUMNS", "LINES", "NO_COLOR")}
        env["TERM"] = "xterm-256color"
        env.pop("TEXTUAL", None)
        self.master = master
        self._raw = bytearray()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._master_open = True
        self._closing = threading.Event()
        self._last_output = time.monotonic()
        try:
            if forked:
                prefix = meetingtui_argv()
                assert list(argv[: len(prefix)]) == prefix, f"not a meetingtui command: {argv}"
                self.proc: subprocess.Popen | ForkedProcess = ForkedProcess(
                    list(argv[len(prefix) :]), env=env, cwd=cwd, terminal=slave
                )
            else:
                self.proc = subprocess.Popen(  # preexec_fn: the pty becomes the controlling terminal
                    list(argv),
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    cwd=cwd,
                    env=env,
                    close_fds=True,
                    start_new_session=True,
                    preexec_fn=_controlling_tty,
                )
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._drain, name="pty-drain", daemon=True)
        self._reader.start()

    # -- output ----------------------------------------------------------------

    def _drain(self) -> None:
        # select with a timeout, not a blocking read: a read blocked in this thread would keep the master
        # open after close_master(), and the app would never see its terminal close.
        while not self._closing.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                chunk = os.read(self.master, 65536) if ready else None
            except OSError:  # EIO: every process on the terminal's side is gone
                chunk = b""
            if chunk is None:
                continue
            with self._changed:
                self._raw += chunk
                self._last_output = time.monotonic()
                self._changed.notify_all()
            if not chunk:
                break
        with self._changed:
            self._changed.notify_all()

    @property
    def raw(self) -> bytes:
        """Everything the app wrote so far."""
        with self._lock:
            return bytes(self._raw)

    def text(self, since: int = 0) -> str:
        """What the app drew from byte ``since`` on, as plain text."""
        return ESCAPES.sub(b"", self.raw[since:]).decode("utf-8", "replace")

    def mark(self) -> int:
        """A position in the output: look only at what is drawn after it."""
        with self._lock:
            return len(self._raw)

    def wait_for(self, *needles: str, since: int = 0, timeout: float = 10.0) -> str:
        """Wait until every needle has been drawn after ``since``; returns the text. Fails with the screen."""
        try:
            return self.wait_until(
                lambda text: all(n in text for n in needles),
                since=since,
                timeout=timeout,
                what=f"{needles!r} on the screen",
            )
        except AssertionError as exc:
            missing = [needle for needle in needles if needle not in self.text(since)]
            raise AssertionError(f"never drawn: {missing!r}; {exc}") from None

    def wait_until(
        self, check: Callable[[str], bool], *, since: int = 0, timeout: float = 10.0, what: str = "the condition"
    ) -> str:
        """Wait until ``check(text drawn after since)`` holds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                text = ESCAPES.sub(b"", bytes(self._raw[since:])).decode("utf-8", "replace")
                if check(text):
                    return text
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    break
                self._changed.wait(min(left, 0.2))
        raise AssertionError(
            f"timed out waiting for {what} (exit status {self.proc.poll()}; it last wrote "
            f"{time.monotonic() - self._last_output:.1f} s ago){self._stacks()}; last output:\n{text[-3000:]}"
        )

    def _stacks(self) -> str:
        """Where the app's threads are, when py-spy is installed (a developer's tool; CI does not install it)."""
        spy = shutil.which("py-spy")
        if spy is None or self.proc.poll() is not None:
            return ""
        busy = self._cpu_share()
        try:
            dumps = [
                subprocess.run(
                    [spy, "dump", "--locals", "--pid", str(self.proc.pid)], capture_output=True, text=True, timeout=9
                )
                for _ in range(2)
            ]
        except (OSError, subprocess.SubprocessError) as exc:
            return f"; py-spy failed: {exc}"
        return f"; it used {busy} of a core over the last second; its threads, twice:\n" + "\n".join(
            dump.stdout + dump.stderr for dump in dumps
        )

    def _cpu_share(self) -> str:
        """The app's CPU use over one second, from /proc (a stopped app uses none, a spinning one a whole core)."""

        def ticks() -> int:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime

        try:
            before = ticks()
            time.sleep(1.0)
            return f"{(ticks() - before) / os.sysconf('SC_CLK_TCK'):.0%}"
        except (OSError, ValueError, IndexError):
            return "an unknown share"

    def cursor(self) -> tuple[int, int] | None:
        """Where the app left the terminal cursor (row, column, from 1), once its output is at rest.

        Textual ends every screen update by moving the cursor to the focused input's
        caret, so this tells which field has focus. ``None`` while an update may be
        half read (the output does not end with a cursor move, or is still growing).
        """
        with self._lock:
            size = len(self._raw)
            tail = bytes(self._raw[-32:])
        found = CURSOR_AT_END.search(tail)
        if found is None:
            return None
        time.sleep(QUIET)
        with self._lock:
            if len(self._raw) != size:
                return None
        return int(found[1]), int(found[2])

    def wait_cursor(
        self, check: Callable[[int, int], bool], *, timeout: float = 10.0, what: str = "the cursor to move"
    ) -> tuple[int, int]:
        """Wait until the cursor, at rest, is where ``check(row, column)`` wants it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            position = self.cursor()
            if position is not None and check(*position):
                return position
            with self._changed:
                self._changed.wait(0.05)
        raise AssertionError(f"timed out waiting for {what} (last: {self.cursor()}); output:\n{self.text()[-2000:]}")

    # -- input -----------------------------------------------------------------

    def send(self, keys: str | bytes) -> None:
        """Write keys to the terminal, as typing does."""
        data = keys.encode() if isinstance(keys, str) else keys
        while data:
            written = os.write(self.master, data)
            data = data[written:]

    def escape(self) -> None:
        """Press escape alone.

        The app tells a lone ESC from the start of a sequence by the pause after it
        (``ESCDELAY``): wait for the screen to react before sending the next key.
        """
        self.send(ESCAPE)

    # -- ending ----------------------------------------------------------------

    def signal(self, signum: int) -> None:
        """Send a real signal to the app."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signum)

    def kill9(self) -> int:
        """``kill -9`` the app and reap it."""
        self.signal(signal.SIGKILL)
        return self.wait_exit(timeout=10.0)

    def wait_exit(self, timeout: float = 10.0) -> int:
        """The exit status (negative: the signal that ended it), once what the app wrote last has been read."""
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the app did not exit within {timeout} s; last output:\n{self.text()[-3000:]}"
            ) from None
        self._read_to_the_end()
        return status

    def _read_to_the_end(self, quiet: float = 0.2, limit: float = 2.0) -> None:
        # The app's last words (the farewell after it leaves the screen) are in the terminal when it exits, but the
        # reader may not have taken them yet: wait for the end of the output, or for it to stay quiet (a child
        # still holding the terminal would keep the end away).
        deadline = time.monotonic() + limit
        with self._changed:
            seen = len(self._raw)
            while self._reader.is_alive() and time.monotonic() < deadline:
                self._changed.wait(quiet)
                if len(self._raw) == seen:
                    return
                seen = len(self._raw)

    def close_master(self) -> None:
        """Close the terminal, as closing its window does (the app gets SIGHUP)."""
        if self._master_open:
            self._master_open = False
            self._closing.set()
            self._reader.join(timeout=5.0)
            os.close(self.master)

    def close(self) -> None:
        """Make sure nothing is left running or open."""
        if self.proc.poll() is None:
            self.signal(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10.0)
        self.close_master()

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
