"""Taking connections from the kernel at a bounded rate, so strangers at the port cannot spend the facilitator's CPU.

The server runs in its own thread, but in the facilitator's process: every
connection it takes costs Python work under the GIL the screen needs too.
Connections the gate turns away are cheap one by one, but a client that
reconnects as soon as it is closed (a flood of idle sockets, or a script
hammering wrong tokens) makes that work unbounded. So connections are taken
from the listening socket at no more than :data:`ACCEPT_RATE` a second (a
token bucket, :data:`ACCEPT_BURST` at once for a page load); the rest wait in
the kernel's queue, which costs this process nothing.

A rate alone would let idle connections fill that queue (a client reconnects
as soon as one is closed), and a follower's connection would wait behind them
or be refused by a full queue. So, where the system offers it (Linux's
``TCP_DEFER_ACCEPT``), a connection is not handed to us until it has sent
something or :data:`DEFER_ACCEPT` seconds have passed: idle ones wait in the
kernel, and a browser, which sends its request with the handshake, goes first.
Elsewhere the rate still bounds what strangers cost; a newcomer may then wait.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable

ACCEPT_RATE = 100.0
"""Connections taken a second at most once the burst is spent: 200 followers (400 connections) in ~4 s."""
ACCEPT_BURST = 64
"""Connections taken at once after a quiet while (a page and its stream, for a room that joins together)."""
DEFER_ACCEPT = 10
"""Seconds the kernel holds a connection that has sent nothing before handing it over (Linux).

Long enough that a thousand idle connections arrive more slowly than :data:`ACCEPT_RATE`; the gate then gives
each its deadline as usual.
"""
RETRY_DELAY = 1.0
"""Seconds to stop accepting when the process is out of file handles (as asyncio's own server does)."""


class Listener:
    """Accepts on ``sock`` within a rate, handing each connection to a protocol from ``factory``."""

    def __init__(
        self,
        sock: socket.socket,
        factory: Callable[[], asyncio.Protocol],
        *,
        rate: float = ACCEPT_RATE,
        burst: int = ACCEPT_BURST,
        batch: int = 16,
        defer: int = DEFER_ACCEPT,
        screen: Callable[[bytes], bytes | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sock = sock
        self.factory = factory
        self.rate = rate
        self.burst = burst
        self.batch = batch
        self.defer = defer
        self.screen = screen
        """Given a connection's first bytes, the whole answer that refuses it, or None to hand it over."""
        self.refused = 0
        self.clock = clock
        self.accepted = 0
        self._tokens = float(burst)
        self._filled = clock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reading = False
        self._resume: asyncio.TimerHandle | None = None
        self._starting: set[asyncio.Task[object]] = set()

    def start(self) -> None:
        """Start accepting (on the running loop)."""
        self._loop = asyncio.get_running_loop()
        self.sock.setblocking(False)
        if self.defer and hasattr(socket, "TCP_DEFER_ACCEPT"):  # Linux
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, self.defer)
        self._read()

    def close(self) -> None:
        """Stop accepting and close the listening socket (connections already taken are the server's)."""
        self._pause()
        if self._resume is not None:
            self._resume.cancel()
        for task in self._starting:
            task.cancel()
        self.sock.close()

    def _read(self) -> None:
        self._resume = None
        if not self._reading and self._loop is not None and self.sock.fileno() >= 0:
            self._loop.add_reader(self.sock.fileno(), self._accept)
            self._reading = True

    def _pause(self, seconds: float | None = None) -> None:
        if self._reading and self._loop is not None:
            self._loop.remove_reader(self.sock.fileno())
            self._reading = False
        if seconds is not None and self._loop is not None and self._resume is None:
            self._resume = self._loop.call_later(seconds, self._read)

    def _accept(self) -> None:
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._filled) * self.rate)
        self._filled = now
        for _ in range(self.batch):  # a few per turn of the loop: followers' streams are served between batches
            if len(self._starting) >= self.batch:
                # Until these have transports and their requests are read, they count as strangers at the gate:
                # taking more now would have a burst of followers turned away as a flood of strangers.
                self._pause()
                return
            if self._tokens < 1:
                self._pause((1 - self._tokens) / self.rate)  # the rest wait in the kernel's queue
                return
            try:
                conn, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of file handles (EMFILE, ENFILE, ENOBUFS): try again later
                self._pause(RETRY_DELAY)
                return
            self._tokens -= 1
            self.accepted += 1
            conn.setblocking(False)
            if not self._refused(conn):
                self._hand_over(conn)

    def _refused(self, conn: socket.socket) -> bool:
        """Answer and close a connection its first bytes refuse, with no transport, protocol or task made for it.

        A stranger hammering wrong tokens costs a few system calls; with ``TCP_DEFER_ACCEPT`` its request is
        here when it is taken.
        """
        if self.screen is None:
            return False
        try:
            first = conn.recv(256, socket.MSG_PEEK)
        except OSError:  # nothing yet (or gone): the gate and the server decide
            return False
        answer = self.screen(first) if first else None
        if answer is None:
            return False
        self.refused += 1
        try:
            conn.recv(65536)  # what it sent is read, or closing would reset the connection before it reads the answer
            conn.send(answer)  # a few hundred bytes: the socket's buffer takes them at once
        except OSError:
            pass
        finally:
            conn.close()
        return True

    def _hand_over(self, conn: socket.socket) -> None:
        assert self._loop is not None
        task = self._loop.create_task(self._loop.connect_accepted_socket(self.factory, conn))
        self._starting.add(task)
        task.add_done_callback(self._started)

    def _started(self, task: asyncio.Task[object]) -> None:
        self._starting.discard(task)
        if self._resume is None:  # not waiting for a token: take the next ones
            self._read()
        if not task.cancelled():
            task.exception()  # the peer may have gone before its transport was made: nothing to clean up, no log
