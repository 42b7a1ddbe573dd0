"""A follower reading the event stream with a plain socket, and polling with a deadline."""

from __future__ import annotations

import json
import re
import socket
import time

from meetingtui.share.server import FollowerServer


class Stream:
    """A follower reading the event stream with a plain socket (HTTP/1.1 chunked framing taken off)."""

    def __init__(self, server: FollowerServer) -> None:
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        self.sock.sendall(f"GET /{server.token}/events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        self.buffer = b""
        """The stream's body as received so far."""
        self._raw = b""
        self._in_body = False

    def _feed(self, chunk: bytes) -> None:
        self._raw += chunk
        if not self._in_body:
            head, found, rest = self._raw.partition(b"\r\n\r\n")
            if not found:
                return
            assert b"chunked" in head.lower(), head
            self._in_body, self._raw = True, rest
        while (line_end := self._raw.find(b"\r\n")) >= 0:
            size = int(self._raw[:line_end], 16)
            end = line_end + 2 + size
            if len(self._raw) < end + 2:
                return
            self.buffer += self._raw[line_end + 2 : end]
            self._raw = self._raw[end + 2 :]

    def snapshot(self, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(rb"event: snapshot\ndata: (.*?)\n\n", self.buffer)
            if match:
                self.buffer = self.buffer[match.end() :]
                return json.loads(match.group(1))
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("stream closed")
            self._feed(chunk)

    def until(self, predicate, timeout: float = 5.0) -> dict:
        """The first snapshot that satisfies ``predicate`` (earlier ones are read and passed over)."""
        deadline = time.monotonic() + timeout
        while True:
            view = self.snapshot(max(0.01, deadline - time.monotonic()))
            if predicate(view):
                return view

    def close(self) -> None:
        self.sock.close()


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
