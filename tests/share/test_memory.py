"""A large capture costs the facilitator's process its size once, not once per follower."""

from __future__ import annotations

import gc
import socket
import time
from pathlib import Path

from meetingtui.share.server import SEND_AFTER, FollowerServer
from tests.share.helpers import Stream, wait_for

FOLLOWERS = 150
CAPTURE = 300_000


def rss() -> int:
    """This process's resident memory in bytes, as the kernel counts it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_a_300_kb_capture_with_many_followers_who_do_not_read_keeps_memory_bounded() -> None:
    # Followers who never read keep everything they were sent in the server's buffers until they are dropped;
    # the write timeout is long here so that all of them are still there when memory is measured.
    server = FollowerServer("127.0.0.1", 0, write_timeout=60, max_followers=FOLLOWERS + 1)
    server.start()
    sockets: list[socket.socket] = []
    try:
        reader = Stream(server)
        wait_for(lambda: server.followers == 1)
        gc.collect()
        before = rss()
        for n in range(3):
            server.publish({"n": n, "clock": {"planned": 60}, "captured": ["x" * 1000] * (CAPTURE // 1000)})
            assert reader.snapshot(timeout=10)["n"] == n
        for n in range(FOLLOWERS):  # late joiners get the latest capture, re-stamped
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(f"GET /{server.token}/events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            sockets.append(sock)
            wait_for(lambda n=n: server.followers == n + 2)
        server.publish({"n": 3, "clock": {"planned": 60}, "captured": ["y" * 1000] * (CAPTURE // 1000)})
        assert reader.snapshot(timeout=10)["n"] == 3
        time.sleep(0.5)  # every follower's writer has had its turn
        grown = rss() - before
        assert server.followers == FOLLOWERS + 1 and server.dropped == 0
        # Once per follower it would be 150 × 300 KB = 45 MB or more; shared, it is a few captures and buffers.
        assert grown < 15 * 1024 * 1024, f"RSS grew by {grown / 2**20:.1f} MB"
        reader.close()
    finally:
        for sock in sockets:
            sock.close()
        server.stop(grace=0, wait=True)


def test_a_follower_who_falls_behind_by_more_bytes_than_allowed_is_dropped_before_its_write_times_out() -> None:
    server = FollowerServer("127.0.0.1", 0, queue_bytes=400_000, write_timeout=60)  # 32 messages would fit
    server.start()
    try:
        stalled = Stream(server)  # never reads: the kernel's buffers fill, then its queue
        wait_for(lambda: server.followers == 1)
        started = time.monotonic()
        for n in range(20):
            server.publish({"n": n, "padding": "x" * 100_000})
            time.sleep(SEND_AFTER * 1.5)  # one broadcast each
            if server.dropped:
                break
        assert server.dropped == 1 and server.followers == 0
        assert time.monotonic() - started < 10
        stalled.close()
    finally:
        server.stop(grace=0, wait=True)
