"""Benchmark: strangers at the follower port do not slow the facilitator's screen (issues 20 and 24).

Loopback only, bounded in count and time. The real app (``meetingtui run
weekly-sync --share``) runs in the 120×40 pty harness with ``RLIMIT_NOFILE``
lowered to 256 (soft and hard, so sharing cannot raise it), in three
configurations, **alternating round by round** so that all see the same load:

* **idle**: the server up, nobody at the port (the baseline);
* **idle flood**: ~1,000 idle TCP connections (a separate process), each
  reopened as the server closes it;
* **hammer**: 200 clients (a separate process) sending wrong-token and
  malformed requests back to back: wrong tokens on the page, the stream and
  the root, other methods, a request line that is not HTTP, and headers
  without an end.

In each, ``+`` and ``-`` are typed alternately every 0.5 s (clock stopped, so
only the keys repaint) and key-to-repaint is measured as ``followers.py`` does
(the last byte before 100 ms of quiet). At the end, under the flood, the
meeting is saved and committed (``q``, ``enter``) and the commit checked in
the repository. Targets: flood ≤ 2× idle, hammer ≤ 1.2× idle (medians).

Usage: ``python bench/flood.py [--rounds 3] [--seconds 10]``. Run by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PtyApp, Workspace, cpu_seconds, machine, workspace
from bench.followers import FIRST_SEGMENT, KEY_EVERY, URL, _free_port, _key

LIMIT = 256
IDLE = 1000
HAMMERS = 200
FLOOD_TARGET, HAMMER_TARGET = 2.0, 1.2
CONFIGS = ("idle", "flood", "hammer")
WRONG = "A" * 22  # a token of the right shape that is not the server's
REQUESTS = (
    f"GET /{WRONG}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode(),
    f"GET /{WRONG}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode(),
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    f"POST /{WRONG}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".encode(),
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n",
    b"GET /" + b"x" * 9000 + b" HTTP/1.1\r\n\r\n",
    b"GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Dribble: ",  # headers that never end
)


# -- the strangers (a separate process each) ---------------------------------------------------------------------------


def _flood(port: int, count: int, seconds: float) -> dict:
    """``count`` idle connections, each reopened when the server closes it, until stdin says stop."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 100)), hard))
    selector = selectors.DefaultSelector()
    selector.register(sys.stdin, selectors.EVENT_READ)
    opened = closed = 0

    def open_one() -> None:
        nonlocal opened
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        selector.register(sock, selectors.EVENT_READ)
        opened += 1

    for _ in range(count):
        open_one()
    print("connected", flush=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.05):
            if key.fileobj is sys.stdin:
                deadline = 0.0
                continue
            sock = key.fileobj
            with contextlib.suppress(OSError):
                if sock.recv(1):  # type: ignore[union-attr]
                    continue  # the server said something; an idle client says nothing back
            selector.unregister(sock)
            sock.close()  # type: ignore[union-attr]
            closed += 1
            open_one()
    return {"opened": opened, "closed_by_server": closed}


async def _hammer(port: int, clients: int, seconds: float) -> dict:
    """``clients`` tasks sending wrong-token and malformed requests back to back, until stdin says stop."""
    loop = asyncio.get_running_loop()
    stop = loop.run_in_executor(None, sys.stdin.readline)
    deadline = loop.time() + seconds
    statuses: dict[str, int] = {}

    async def one(n: int) -> None:
        while not stop.done() and loop.time() < deadline:
            request = REQUESTS[n % len(REQUESTS)]
            n += 1
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 2)
                writer.write(request)
                head = await asyncio.wait_for(reader.read(64), 3)
                writer.close()
                status = head[9:12].decode(errors="replace") if head.startswith(b"HTTP/") else "closed"
            except (OSError, TimeoutError):
                status = "error"
            statuses[status] = statuses.get(status, 0) + 1

    print("connected", flush=True)
    await asyncio.gather(*(one(i) for i in range(clients)))
    if not stop.done():
        await stop
    return {"statuses": statuses}


# -- the facilitator's screen ------------------------------------------------------------------------------------------


def _argv(ws: Workspace, port: int) -> list[str]:
    """The app with its file-handle limit lowered, soft and hard (prlimit execs it: same pid)."""
    app = [sys.executable, "-m", "meetingtui", "run", "weekly-sync", "--repo", str(ws.repo), "--share"]
    app += ["--facilitator", "Bench Facilitator", "--no-attendance"]  # straight to the meeting screen
    return ["prlimit", f"--nofile={LIMIT}:{LIMIT}", "--", *app, "--port", str(port)]


def _strangers(config: str, port: int, seconds: float) -> subprocess.Popen[str] | None:
    if config == "idle":
        return None
    count = IDLE if config == "flood" else HAMMERS
    load = subprocess.Popen(
        [sys.executable, __file__, f"--{config}", str(port), "--count", str(count), "--seconds", str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert load.stdout is not None
    load.stdout.readline()
    return load


def _save(app: PtyApp, ws: Workspace) -> tuple[float, str]:
    """``q`` then ``enter`` on the summary; seconds until "Committed", and the commit's files."""
    app.send("q")
    app.wait_for("Save & commit")
    app.drain(0.2)
    sent = time.perf_counter() - app.started
    app.send("\r")
    took = app.wait_for("Committed ", timeout=60) - sent
    log = subprocess.run(
        ["git", "-C", str(ws.repo), "log", "-1", "--name-only", "--format=%s"],
        capture_output=True,
        text=True,
        env=ws.env,
        check=True,
    )
    return took, log.stdout.strip()


def run(config: str, seconds: float, *, save: bool = False) -> dict:
    """One app in one configuration: key-to-repaint over ``seconds``, its CPU; the save if asked."""
    port = _free_port()
    with workspace() as ws, PtyApp(_argv(ws, port), ws.env, cwd=ws.repo) as app:
        app.wait_for(FIRST_SEGMENT)
        app.wait_for("Follow the meeting in a browser")
        app.drain(0.5)
        if URL.search(app.plain()) is None:
            raise RuntimeError("the follower URL is not on the screen")
        app.send("\x1b")  # close the QR dialog
        app.drain(1.0)
        load = _strangers(config, port, seconds + 60)
        app.drain(2.0)  # the flood is open or queued, the hammer under way
        repainted: list[float] = []
        cpu = cpu_seconds(app.pid)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            tick = time.perf_counter()
            repainted.append(_key(app, "+" if len(repainted) % 2 == 0 else "-")[1])
            app.drain(max(0.0, KEY_EVERY - (time.perf_counter() - tick)))
        result: dict = {"repainted": repainted, "cpu": cpu_seconds(app.pid) - cpu}
        if save:
            result["save"] = _save(app, ws)
        if load is not None:
            assert load.stdin is not None and load.stdout is not None
            load.stdin.write("stop\n")
            load.stdin.flush()
            result["load"] = json.loads(load.stdout.read())
            load.wait(30)
        app.stop()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0, help="the key window of each configuration")
    parser.add_argument("--flood", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--hammer", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.flood:
        print(json.dumps(_flood(args.flood, args.count, args.seconds)))
        return 0
    if args.hammer:
        print(json.dumps(asyncio.run(_hammer(args.hammer, args.count, args.seconds))))
        return 0
    print(f"flood: {machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    keys: dict[str, list[float]] = {c: [] for c in CONFIGS}
    medians: dict[str, list[float]] = {c: [] for c in CONFIGS}
    cpu: dict[str, list[float]] = {c: [] for c in CONFIGS}
    saved = None
    for n in range(args.rounds):
        for config in CONFIGS:
            last = n == args.rounds - 1 and config == "flood"
            result = run(config, args.seconds, save=last)
            keys[config] += result["repainted"]
            medians[config].append(statistics.median(result["repainted"]))
            cpu[config].append(result["cpu"])
            saved = result.get("save", saved)
            extra = f"; strangers: {result['load']}" if "load" in result else ""
            print(f"  round {n + 1} {config}: repaint median {medians[config][-1] * 1000:.1f} ms{extra}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    base = statistics.median(keys["idle"])
    for config, target in (("idle", None), ("flood", FLOOD_TARGET), ("hammer", HAMMER_TARGET)):
        values = sorted(keys[config])
        median, p95 = statistics.median(values), values[int(0.95 * (len(values) - 1))]
        rounds = ", ".join(f"{m * 1000:.1f}" for m in medians[config])
        line = f"{config}: key→repainted median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (n={len(values)}; "
        line += f"per round {rounds} ms); app CPU per window {statistics.median(cpu[config]):.2f} s"
        print(line)
        if target is not None:
            spread = [m / b for m, b in zip(medians[config], medians["idle"], strict=True)]
            passed = median / base <= target
            ok = ok and passed
            print(
                f"  ratio {config} / idle: {median / base:.2f}× (per round {min(spread):.2f}–{max(spread):.2f}×) "
                f"target ≤ {target}× {'PASS' if passed else 'FAIL'}"
            )
    if saved is not None:
        took, files = saved
        committed = "minutes/" in files
        ok = ok and committed
        print(f"save under the flood: Committed after {took:.2f} s; commit: {files.splitlines()}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
