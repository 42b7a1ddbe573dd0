"""Benchmark: the facilitator's screen with 200 followers on the page, against the same meeting with none.

Loopback only, bounded in count and time. Each configuration runs the real
app alone in the 120×40 pty harness (``meetingtui run weekly-sync``):

* **baseline**: no ``--share``;
* **shared, nobody follows**: ``--share --port P``;
* **shared, N followers**: the same, with N Server-Sent Events clients (a
  separate process, plain asyncio sockets) plus one client that connects and
  never reads.

The three run in turn, round after round (``--rounds``, 3 by default), so
that all see the same load on a shared machine; each round's window is the
total (``--seconds``, 180 by default) divided by the rounds. In each, after the
first frame, ``+`` and ``-`` are typed alternately, one key every 0.5 s. The clock is not started,
so the only repaints are the keys' (no 1 Hz countdown in the way). Each key
changes the plan, a repaint, and (when shared) one snapshot to every follower.
Measured: key-to-repaint latency (first byte back on the terminal; and the
last byte before 100 ms of quiet), RSS at the start and end of the window and
peak RSS (``VmHWM``), CPU seconds of the app. For followers: every client must
receive every snapshot (contiguous ids, same last id), delivery latency (the
client's clock minus the snapshot's ``at``), and the never-reading client must
be dropped (its stream closed, the count on screen back to N) while the others
miss nothing.

The server admits at most ``MAX_FOLLOWERS`` (500) streams; the clients and the
one that never reads must fit, so ``--clients`` is at most 499.

Usage: ``python bench/followers.py [--clients 200] [--seconds 60] [--rounds 3]``.
Run by hand, never by CI; ``run_all.py`` does not call it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PtyApp, Workspace, cpu_seconds, machine, meetingtui_argv, status_kb, workspace
from meetingtui.share.server import MAX_FOLLOWERS

FIRST_SEGMENT = "Last week's actions"
URL = re.compile(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{22,}/")
COUNT = re.compile(r"(\d+) following")
AT = re.compile(rb'"at":([0-9.]+)')
KEY_EVERY = 0.5
QUIET = 0.1


# -- the followers (a separate process) -------------------------------------------------------------------------------


async def _follower(port: int, path: str, got: list, stop: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path}events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    buffer = b""
    while not stop.is_set():
        reading = asyncio.ensure_future(reader.read(65536))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if reading not in done:
            reading.cancel()
            break
        stopping.cancel()
        chunk = reading.result()
        if not chunk:
            break
        buffer += chunk
        while b"\n\n" in buffer:
            message, buffer = buffer.split(b"\n\n", 1)
            if b"\ndata: " in message:  # a regex, not json.loads: the 200 clients share one core with the app
                at = AT.search(message)
                got.append((int(message[4 : message.index(b"\n")]), time.time() - float(at.group(1)), len(message)))
    writer.close()


async def _stalled(port: int, path: str) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET {path}events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


async def _load(url: str, clients: int) -> dict:
    port = int(url.split(":")[2].split("/")[0])
    path = "/" + url.split("/", 3)[3]
    stop = asyncio.Event()
    got: list[list] = [[] for _ in range(clients)]
    stalled = await _stalled(port, path)
    tasks = [asyncio.ensure_future(_follower(port, path, got[i], stop)) for i in range(clients)]
    print("connected", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "stop" from the bench
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    stalled.settimeout(5)
    dropped, held = False, 0
    try:
        while chunk := stalled.recv(65536):
            held += len(chunk)
        dropped = True  # the server closed its stream
    except ConnectionResetError:
        dropped = True
    except TimeoutError:
        dropped = False
    # The first snapshot is the one already published when the client connected: not a delivery to time.
    return {
        "ids": [[i for i, _, _ in g] for g in got],
        "latency": [lat for g in got for _, lat, _ in g[1:]],
        "size": statistics.median(size for g in got for _, _, size in g) if any(got) else 0,
        "stalled_dropped": dropped,
        "stalled_bytes": held,
    }


# -- the facilitator's screen ------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One configuration's figures."""

    name: str
    first_byte: list[float] = field(default_factory=list)
    repainted: list[float] = field(default_factory=list)
    rss_start: int = 0
    rss_end: int = 0
    peak: int = 0
    cpu: float = 0.0
    keys: int = 0
    follow: dict | None = None
    load_cpu: float = 0.0
    counts: list[int] = field(default_factory=list)
    rounds: list[Run] = field(default_factory=list)
    """Each round's own figures, when this one adds them up."""

    def add(self, one: Run) -> None:
        """Count one round in (keys pooled, CPU summed, the highest peak, RSS from the first and last rounds)."""
        self.rounds.append(one)
        self.first_byte += one.first_byte
        self.repainted += one.repainted
        self.rss_start = self.rss_start or one.rss_start
        self.rss_end = one.rss_end
        self.peak = max(self.peak, one.peak)
        self.cpu += one.cpu
        self.load_cpu += one.load_cpu
        self.keys += one.keys
        self.counts += one.counts


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _key(app: PtyApp, key: str) -> tuple[float, float]:
    before = len(app.output)
    sent = time.perf_counter()
    app.send(key)
    first = last = None
    deadline = sent + 5
    while time.perf_counter() < deadline:
        app.pump(QUIET if first is not None else 0.5)
        if len(app.output) > before:
            now = time.perf_counter()
            first = first or now
            last, before = now, len(app.output)
        elif first is not None:
            break
    if first is None or last is None:
        raise RuntimeError(f"no repaint after {key!r}")
    return first - sent, last - sent


def run(ws: Workspace, name: str, seconds: float, *, share: bool, clients: int = 0) -> Run:
    argv = meetingtui_argv(ws) + (["--share", "--port", str(_free_port())] if share else [])
    result = Run(name)
    with PtyApp(argv, ws.env, cwd=ws.repo) as app:
        app.wait_for(FIRST_SEGMENT)
        load = None
        if share:
            app.wait_for("Follow the meeting in a browser")
            app.drain(0.5)
            url = URL.search(app.plain())
            if url is None:
                raise RuntimeError("the follower URL is not on the screen")
            app.send("\x1b")  # close the QR dialog
            app.drain(1.0)
            if clients:
                load = subprocess.Popen(
                    [sys.executable, __file__, "--load", url.group(0), "--clients", str(clients)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                assert load.stdout is not None
                load.stdout.readline()
                app.wait_for(f"{clients + 1} following", timeout=60)
        app.drain(1.0)
        result.rss_start = status_kb(app.pid, "VmRSS")
        cpu_before = cpu_seconds(app.pid)
        load_before = cpu_seconds(load.pid) if load is not None else 0.0
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            tick = time.perf_counter()
            first, last = _key(app, "+" if result.keys % 2 == 0 else "-")
            result.first_byte.append(first)
            result.repainted.append(last)
            result.keys += 1
            app.drain(max(0.0, KEY_EVERY - (time.perf_counter() - tick)))
        app.drain(1.0)
        result.cpu = cpu_seconds(app.pid) - cpu_before
        if load is not None:
            result.load_cpu = cpu_seconds(load.pid) - load_before
        result.rss_end = status_kb(app.pid, "VmRSS")
        result.peak = status_kb(app.pid, "VmHWM")
        result.counts = [int(n) for n in COUNT.findall(app.plain())]
        if load is not None:
            assert load.stdin is not None and load.stdout is not None
            load.stdin.write("stop\n")
            load.stdin.flush()
            result.follow = json.loads(load.stdout.read())
            load.wait(30)
        app.stop()
    return result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _ms(values: list[float]) -> str:
    median, p95, top = statistics.median(values), _p95(values), max(values)
    return f"median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {top * 1000:.1f} ms"


def report(base: Run, runs: list[Run], clients: int) -> bool:
    ok = True
    for r in [base, *runs]:
        print(f"{r.name}: {r.keys} keys in {len(r.rounds)} rounds")
        print(f"  key → first byte:   {_ms(r.first_byte)}")
        print(f"  key → repainted:    {_ms(r.repainted)}")
        growth = ", ".join(f"{(one.rss_end - one.rss_start) / 1024:+.1f}" for one in r.rounds)
        rss = f"peak RSS {r.peak / 1024:.1f} MB, RSS growth per round {growth} MB"
        print(f"  {rss}; CPU {r.cpu:.2f} s")
    for r in runs:
        ratio = statistics.median(r.repainted) / statistics.median(base.repainted)
        tail = _p95(r.repainted) / _p95(base.repainted)
        spread = [
            statistics.median(one.repainted) / statistics.median(b.repainted)
            for one, b in zip(r.rounds, base.rounds, strict=True)
        ]
        print(
            f"ratio {r.name} / baseline: repaint median {ratio:.2f}× (rounds {min(spread):.2f}–{max(spread):.2f}×), "
            f"p95 {tail:.2f}×, peak RSS {r.peak / base.peak:.2f}×, CPU {r.cpu / base.cpu:.2f}×"
        )
    for r in runs:
        for n, one in enumerate(r.rounds, 1):
            if one.follow is not None:
                print(f"round {n}:", end=" ")
                ok = _followers(one, clients) and ok
    print("PASS" if ok else "FAIL")
    return ok


def _followers(r: Run, clients: int) -> bool:
    """Print what the followers of one run received; True when every one got everything, on time."""
    assert r.follow is not None
    ids = r.follow["ids"]
    last = max(max(i) for i in ids if i)
    complete = sum(1 for i in ids if i and i == list(range(i[0], last + 1)))
    everything = sum(1 for i in ids if i and i[-1] == last and len(i) >= r.keys)
    lat = sorted(r.follow["latency"])
    print(
        f"followers: {complete}/{clients} received every snapshot in order with no gap "
        f"({everything}/{clients} got all {r.keys} key events), {len(lat)} deliveries"
    )
    late = sum(1 for x in lat if x > 1.0)
    print(f"  the followers' own process used {r.load_cpu:.2f} CPU-s of the same two cores in the window")
    print(f"  snapshot size: median {r.follow['size'] / 1024:.1f} kB; deliveries later than 1 s: {late}/{len(lat)}")
    print(
        f"  delivery latency: median {statistics.median(lat) * 1000:.1f} ms, "
        f"p99 {lat[int(0.99 * len(lat))] * 1000:.1f} ms, max {lat[-1] * 1000:.1f} ms"
    )
    dropped = r.follow["stalled_dropped"]
    print(
        f"  the client that never read: {'dropped' if dropped else 'NOT dropped'} "
        f"(it holds {r.follow['stalled_bytes'] / 1024:.0f} kB it never read); "
        f"follower counts seen on screen: {sorted(set(r.counts))}"
    )
    return complete == clients and everything == clients and dropped and lat[-1] < 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help=f"at most {MAX_FOLLOWERS - 1}: the server's cap")
    # 60 s a round: the client that never reads is dropped only once ~70 snapshots (its buffers, then its queue of
    # 32) wait for it; 20 s rounds (40 keys) fill only its buffers, and it is rightly not dropped.
    parser.add_argument("--seconds", type=float, default=180.0, help="the window of each configuration, all rounds")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three configurations, in turn")
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)  # the followers' process
    args = parser.parse_args(argv)
    if args.load:
        print(json.dumps(asyncio.run(_load(args.load, args.clients))))
        return 0
    if args.clients + 1 > MAX_FOLLOWERS:  # the one that never reads is a follower too
        parser.error(f"--clients {args.clients}: the server admits {MAX_FOLLOWERS} followers, one never reads")
    window = args.seconds / args.rounds
    print(f"followers: {machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    base = Run("baseline (no --share)")
    idle = Run("shared, nobody follows")
    busy = Run(f"shared, {args.clients} followers + 1 that never reads")
    for _ in range(args.rounds):
        with workspace() as ws:
            base.add(run(ws, base.name, window, share=False))
        with workspace() as ws:
            idle.add(run(ws, idle.name, window, share=True))
        with workspace() as ws:
            busy.add(run(ws, busy.name, window, share=True, clients=args.clients))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if report(base, [idle, busy], args.clients) else 1


if __name__ == "__main__":
    sys.exit(main())
