"""A thousand idle connections to the follower port cannot stop the facilitator saving and committing.

The facilitator's process runs in a subprocess with ``RLIMIT_NOFILE`` lowered to 256; the test process
floods its follower port with idle connections (reopened as the server closes them) and meanwhile asks
it to journal, save and commit the minutes, and follows the meeting with the token.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import selectors
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from meetingtui.share.gate import RESERVE
from tests.share.helpers import Stream

ROOT = Path(__file__).parents[2]
LIMIT = 256
IDLE = 1000
FLOOD_SECONDS = 15.0


class Flood(threading.Thread):
    """``count`` idle TCP connections to a port, each reopened when the server closes it, for ``seconds`` at most."""

    def __init__(self, port: int, count: int, seconds: float) -> None:
        super().__init__(daemon=True)
        self.address = ("127.0.0.1", port)
        self.count = count
        self.deadline = time.monotonic() + seconds
        self.opened = 0
        self.closed_by_server = 0
        self.done = threading.Event()

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        try:
            for _ in range(self.count):
                self._open(selector)
            while not self.done.is_set() and time.monotonic() < self.deadline:
                for key, _ in selector.select(timeout=0.05):
                    sock: socket.socket = key.fileobj  # type: ignore[assignment]
                    with contextlib.suppress(OSError):
                        if sock.recv(1):
                            continue  # the server said something; an idle client says nothing back
                    selector.unregister(sock)
                    sock.close()
                    self.closed_by_server += 1
                    self._open(selector)
        finally:
            for key in list(selector.get_map().values()):
                key.fileobj.close()  # type: ignore[union-attr]
            selector.close()
            self.done.set()

    def _open(self, selector: selectors.BaseSelector) -> None:
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(self.address)
        selector.register(sock, selectors.EVENT_READ)
        self.opened += 1


def reply(process: subprocess.Popen[str], timeout: float = 30.0) -> dict[str, Any]:
    """The facilitator process's next JSON line."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        assert selector.select(timeout), "the facilitator's process did not answer"
    line = process.stdout.readline()
    assert line, f"the facilitator's process ended: {process.wait(5)}"
    return json.loads(line)


def send(process: subprocess.Popen[str], command: str) -> dict[str, Any]:
    assert process.stdin is not None
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return reply(process)


def handles(pid: int) -> int:
    with contextlib.suppress(OSError):
        return len(os.listdir(f"/proc/{pid}/fd"))
    return 0


def follow(server: SimpleNamespace, within: float = 3.0) -> Stream:
    """A follower with the token, waiting for its answer and retrying when turned away, as a browser's event source.

    The idle connections wait in the kernel until they send something (Linux's ``TCP_DEFER_ACCEPT``), so a
    browser's connection, which sends its request at once, does not queue behind them.
    """
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, EOFError):
            stream = Stream(server)  # type: ignore[arg-type]
            stream.snapshot(timeout=max(0.5, deadline - time.monotonic()))
            return stream
        time.sleep(0.1)
    raise AssertionError(f"no follower got in within {within} s")


def test_a_flood_of_idle_connections_cannot_stop_the_save_and_followers_are_still_served(git_repo: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = IDLE + 200  # this process holds the flood's sockets
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.share.flooded_meeting", str(git_repo)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (LIMIT, LIMIT)),
    )
    flood: Flood | None = None
    try:
        info = reply(process)
        assert info["limit"] == LIMIT
        assert 0 < info["followers"] <= info["connections"] <= LIMIT - RESERVE
        server = SimpleNamespace(port=info["port"], token=info["token"])
        early = follow(server)

        flood = Flood(info["port"], IDLE, FLOOD_SECONDS)
        flood.start()
        peak = 0
        started = time.monotonic()
        while time.monotonic() - started < 2.0:  # every idle connection is open or queued by now
            peak = max(peak, handles(process.pid))
            time.sleep(0.02)
        assert flood.opened >= IDLE

        late = follow(server)  # a newcomer with the token gets in during the flood
        assert send(process, "notes") == {"notes": True}  # the journal is written
        saved = send(process, "save")
        peak = max(peak, handles(process.pid))
        assert saved["ok"], saved["error"]
        assert not flood.done.is_set(), "the flood ended before the save: raise FLOOD_SECONDS"
        log = subprocess.run(
            ["git", "-C", str(git_repo), "log", "-1", "--format=%H"], capture_output=True, text=True, check=True
        )
        assert log.stdout.strip() == saved["commit"]
        for stream in (early, late):  # both followers see the meeting end
            assert stream.until(lambda view: view["state"] == "ended", timeout=10)["state"] == "ended"
            stream.close()
        assert peak <= LIMIT - RESERVE // 2, f"the server took {peak} of {LIMIT} file handles"
    finally:
        if flood is not None:
            flood.done.set()
            flood.join(5)
        with contextlib.suppress(OSError, ValueError):
            process.communicate("quit\n", timeout=10)
        if process.poll() is None:
            process.kill()
            process.wait()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
