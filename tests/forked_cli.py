"""``meetingtui`` command-line processes forked from one that has imported the command line already.

A ``meetingtui sync`` costs ~0.35 CPU-s, ~0.2 of it Python starting and importing click, pydantic and the git
code; the e2e tests start hundreds. Here a server process per test worker (this module run with ``python -c``)
imports the command line and the code its commands load later, once; for each command it forks a child, which
takes the test's stdin/stdout/stderr (passed over a Unix socket), environment, folder and arguments and runs
:func:`meetingtui.cli.entry`, the very function ``python -m meetingtui`` and the console script call. The child
is a real process: it runs git, kills itself at a fault-injection point, is killed with signals. What it does not
do is start Python and import: tests of that path (the console script, ``python -m``, the screen's first frame)
start ``python -m meetingtui`` as before.

The app in a terminal can be forked too (``terminal=``): from a second server per worker that has also imported
what the app imports before its first frame (:data:`APP_PRELOADED`). The child makes the pty its controlling
terminal in a session of its own, as ``subprocess.Popen(start_new_session=True)`` with ``TIOCSCTTY`` does, and
ends as the console script ends (threads joined, ``atexit`` run), not with ``os._exit``. The tests that kill and
resume the app dozens of times (tests/e2e/test_crash_resume.py) use it: ~0.4 CPU-s of imports a process.

:class:`ForkedProcess` stands in for :class:`subprocess.Popen` (``communicate``, ``wait``, ``returncode`` with
``-signal`` for a killed child, ``kill``, ``send_signal``); :func:`run` for :func:`subprocess.run`.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import select
import signal
import socket
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PRELOADED = (  # the command line and what its commands import on first use (not the screen's)
    "meetingtui.cli",
    "meetingtui.cli.agendas",
    "meetingtui.cli.history",
    "meetingtui.cli.minutes",
    "meetingtui.cli.parked",
    "meetingtui.cli.proposals",
    "meetingtui.cli.report",
    "meetingtui.store.git",
    "meetingtui.store.git.commit",
    "meetingtui.store.git.sync",
    "meetingtui.store.git.pushing",
    "meetingtui.store.git.rebase",
    "meetingtui.store.report_replay",
    "meetingtui.store.report_file",
    "meetingtui.store.minutes_store",
    "meetingtui.store.history_store",
)
APP_PRELOADED = (  # what `meetingtui run` and `resume` import before the first frame (not the web server)
    "meetingtui.cli.run",
    "meetingtui.tui.app",
    "meetingtui.tui.screens.meeting",
)
APP_ENV_DROPPED = ("COLUMNS", "LINES", "NO_COLOR", "TEXTUAL")
"""Left out of the app server's environment, as tests/e2e/helpers_pty.py leaves them out of the app's: Textual
reads some of its settings when it is imported."""


# -- the server (its own process) -----------------------------------------------------------------


def serve(connection_fd: int, kind: str = "cli") -> None:
    """Import, then fork one child per request on ``connection_fd``; report each child's pid and exit status."""
    import importlib

    for module in PRELOADED + (APP_PRELOADED if kind == "app" else ()):
        importlib.import_module(module)
    connection = socket.socket(fileno=connection_fd)
    children: dict[int, int] = {}  # pidfd -> pid
    while True:
        readable, _, _ = select.select([connection, *children], [], [])
        for pidfd in [fd for fd in readable if fd in children]:
            pid = children.pop(pidfd)
            _, status = os.waitpid(pid, 0)
            os.close(pidfd)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            connection.sendall(json.dumps({"exited": pid, "code": code}).encode())
        if connection not in readable:
            continue
        data, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
        if not data:
            return  # the test worker is gone
        request = json.loads(data)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            connection.close()
            for pidfd in children:
                os.close(pidfd)
            if request.get("terminal"):
                _app_child(request, fds)  # raises SystemExit: this process ends as the console script does
            _child(request, fds)
        for fd in fds:
            os.close(fd)
        children[os.pidfd_open(pid)] = pid
        connection.sendall(json.dumps({"started": pid, "token": request["token"]}).encode())


def _child(request: dict, fds: list[int]) -> None:
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as meetingtui.cli does when imported
        sys.argv = ["meetingtui", *request["args"]]
        from meetingtui.cli import entry

        try:
            entry()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
            if not isinstance(done.code, (int, type(None))):
                print(done.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _app_child(request: dict, fds: list[int]) -> None:
    """The app with the pty ``fds`` as its controlling terminal; ``SystemExit`` ends this process, as it ends the
    console script's (non-daemon threads joined, ``atexit`` handlers run, streams flushed)."""
    try:
        os.setsid()  # a session of its own: the terminal's hang-up reaches the app, not the server
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        sys.argv = ["meetingtui", *request["args"]]
        from meetingtui.cli import entry
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    sys.exit(entry())


# -- the test worker's side -------------------------------------------------------------------------


class _Server:
    """The server for this test worker, started on first use; its replies, read by whichever caller waits."""

    def __init__(self, kind: str = "cli") -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # one message a request
        code = f"import tests.forked_cli as forked; forked.serve({theirs.fileno()}, {kind!r})"  # PYTHONPATH: this tree
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYDANTIC_DISABLE_PLUGINS": "__all__"}
        env.pop("MEETINGTUI_FAULT", None)
        if kind == "app":
            env = {key: value for key, value in env.items() if key not in APP_ENV_DROPPED}
            env["TERM"] = "xterm-256color"
        self.process = subprocess.Popen(  # in this tree, not in the folder of the test that happened to start it
            [sys.executable, "-c", code], pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL, cwd=PROJECT
        )
        theirs.close()
        self.connection = ours
        self.lock = threading.Lock()
        self.started: dict[str, int] = {}
        self.exited: dict[int, int] = {}
        self.counter = 0

    def start(self, args: list[str], env: dict[str, str], cwd: str, fds: list[int], terminal: bool = False) -> int:
        with self.lock:
            self.counter += 1
            token = f"{os.getpid()}-{self.counter}"
            request = {"args": args, "env": env, "cwd": cwd, "token": token, "terminal": terminal}
            request = json.dumps(request).encode()
            socket.send_fds(self.connection, [request], fds)
        return self._wait_for(lambda: self.started.pop(token, None), None)

    def exit_code(self, pid: int, timeout: float | None) -> int | None:
        return self._wait_for(lambda: self.exited.pop(pid, None), timeout)

    def _wait_for(self, found, timeout: float | None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self.lock:
                answer = found()
                if answer is not None:
                    return answer
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                readable, _, _ = select.select([self.connection], [], [], min(left, 0.05) if left is not None else 0.05)
                if readable:
                    data = self.connection.recv(1 << 16)
                    if not data:
                        raise RuntimeError("the forked-CLI server died")
                    message = json.loads(data)
                    if "started" in message:
                        self.started[message["token"]] = message["started"]
                    else:
                        self.exited[message["exited"]] = message["code"]
            if deadline is not None and time.monotonic() >= deadline:
                return None

    def close(self) -> None:
        self.connection.close()
        self.process.wait(timeout=10)


_SERVERS: dict[str, _Server] = {}
_SERVERS_LOCK = threading.Lock()  # two threads of one test (two chains of apps) must not start two servers


def _server(kind: str = "cli") -> _Server:
    """This worker's server of ``kind``: "cli" (the command line) or "app" (the command line and the app)."""
    with _SERVERS_LOCK:
        server = _SERVERS.get(kind)
        if server is None or server.process.poll() is not None:
            server = _SERVERS[kind] = _Server(kind)
            atexit.register(server.close)
        return server


class ForkedProcess:
    """``meetingtui ARGS`` forked from this worker's server: the parts of :class:`subprocess.Popen` tests use."""

    def __init__(
        self,
        args: list[str],
        *,
        env: dict[str, str],
        cwd: str | Path | None = None,
        stderr_to_stdout: bool = False,
        terminal: int | None = None,
    ) -> None:
        """Standard input is ``/dev/null`` (never the test worker's, which carries pytest-xdist's messages); with
        ``terminal`` (a pty's slave side), the app's three streams and controlling terminal are that pty."""
        self.args = ["meetingtui", *args]
        self.returncode: int | None = None
        self._server = _server("cli" if terminal is None else "app")  # the one that reports this child's exit
        if terminal is not None:
            given = [os.dup(terminal) for _ in range(3)]
            try:
                self.pid = self._server.start(args, env, str(cwd or os.getcwd()), given, terminal=True)
            finally:
                for fd in given:
                    os.close(fd)
            self.stdout = self.stderr = None
            return
        stdin_fd = os.open(os.devnull, os.O_RDONLY)
        out_read, out_write = os.pipe()
        if stderr_to_stdout:
            err_read, err_write = None, os.dup(out_write)
        else:
            err_read, err_write = os.pipe()
        given = [stdin_fd, out_write, err_write]
        try:
            self.pid = self._server.start(args, env, str(cwd or os.getcwd()), given)
        finally:
            for fd in given:
                os.close(fd)
        self.stdout = open(out_read, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed by communicate()
        self.stderr = None if err_read is None else open(err_read, encoding="utf-8", errors="replace")  # noqa: SIM115

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._server.exit_code(self.pid, 0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = self._server.exit_code(self.pid, timeout)
            if self.returncode is None:
                raise subprocess.TimeoutExpired(self.args, timeout)
        return self.returncode

    def communicate(self, timeout: float | None = None) -> tuple[str, str | None]:
        """Everything it printed (stdout, stderr: ``None`` when it went to stdout) once it has exited."""
        streams = [stream for stream in (self.stdout, self.stderr) if stream is not None]
        texts = [""] * len(streams)

        def read(number: int) -> None:
            texts[number] = streams[number].read()

        readers = [threading.Thread(target=read, args=(number,), daemon=True) for number in range(len(streams))]
        for reader in readers:
            reader.start()
        self.wait(timeout)
        for reader in readers:
            reader.join(timeout)
        for stream in streams:
            stream.close()
        return texts[0], texts[1] if self.stderr is not None else None

    def send_signal(self, number: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, number)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def run(
    args: list[str], *, env: dict[str, str], cwd: str | Path | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """:func:`subprocess.run` of ``meetingtui ARGS`` with its output captured (text), forked."""
    process = ForkedProcess(args, env=env, cwd=cwd)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
