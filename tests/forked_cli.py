"""``meetingtui`` command-line processes forked from one that has imported the command line already.

A ``meetingtui sync`` costs ~0.35 CPU-s, ~0.2 of it Python starting and importing click, pydantic and the git
code; the e2e tests start hundreds. Here a server process per test worker (this module run with ``python -c``)
imports the command line and the code its commands load later, once; for each command it forks a child, which
takes the test's stdin/stdout/stderr (passed over a Unix socket), environment, folder and arguments and runs
:func:`meetingtui.cli.entry`, the very function ``python -m meetingtui`` and the console script call. The child
is a real process: it runs git, kills itself at a fault-injection point, is killed with signals. What it does not
do is start Python and import: tests of that path (the console script, ``python -m``, the screen) start
``python -m meetingtui`` as before.

:class:`ForkedProcess` stands in for :class:`subprocess.Popen` (``communicate``, ``wait``, ``returncode`` with
``-signal`` for a killed child, ``kill``, ``send_signal``); :func:`run` for :func:`subprocess.run`.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
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


# -- the server (its own process) -----------------------------------------------------------------


def serve(connection_fd: int) -> None:
    """Import, then fork one child per request on ``connection_fd``; report each child's pid and exit status."""
    import importlib

    for module in PRELOADED:
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


# -- the test worker's side -------------------------------------------------------------------------


class _Server:
    """The server for this test worker, started on first use; its replies, read by whichever caller waits."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # one message a request
        code = f"import tests.forked_cli as forked; forked.serve({theirs.fileno()})"  # PYTHONPATH: this tree
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYDANTIC_DISABLE_PLUGINS": "__all__"}
        env.pop("MEETINGTUI_FAULT", None)
        self.process = subprocess.Popen(  # in this tree, not in the folder of the test that happened to start it
            [sys.executable, "-c", code], pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL, cwd=PROJECT
        )
        theirs.close()
        self.connection = ours
        self.lock = threading.Lock()
        self.started: dict[str, int] = {}
        self.exited: dict[int, int] = {}
        self.counter = 0

    def start(self, args: list[str], env: dict[str, str], cwd: str, fds: list[int]) -> int:
        with self.lock:
            self.counter += 1
            token = f"{os.getpid()}-{self.counter}"
            request = json.dumps({"args": args, "env": env, "cwd": cwd, "token": token}).encode()
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


_SERVER: list[_Server] = []


def _server() -> _Server:
    if not _SERVER or _SERVER[0].process.poll() is not None:
        _SERVER[:] = [_Server()]
        atexit.register(_SERVER[0].close)
    return _SERVER[0]


class ForkedProcess:
    """``meetingtui ARGS`` forked from this worker's server: the parts of :class:`subprocess.Popen` tests use."""

    def __init__(
        self,
        args: list[str],
        *,
        env: dict[str, str],
        cwd: str | Path | None = None,
        stderr_to_stdout: bool = False,
    ) -> None:
        """Standard input is ``/dev/null`` (never the test worker's, which carries pytest-xdist's messages)."""
        self.args = ["meetingtui", *args]
        self.returncode: int | None = None
        stdin_fd = os.open(os.devnull, os.O_RDONLY)
        out_read, out_write = os.pipe()
        if stderr_to_stdout:
            err_read, err_write = None, os.dup(out_write)
        else:
            err_read, err_write = os.pipe()
        given = [stdin_fd, out_write, err_write]
        try:
            self.pid = _server().start(args, env, str(cwd or os.getcwd()), given)
        finally:
            for fd in given:
                os.close(fd)
        self.stdout = open(out_read, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed by communicate()
        self.stderr = None if err_read is None else open(err_read, encoding="utf-8", errors="replace")  # noqa: SIM115

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = _server().exit_code(self.pid, 0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = _server().exit_code(self.pid, timeout)
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
