"""The follower server: aiohttp serving one page and a Server-Sent Events stream, in its own thread and loop.

Why a thread and not a process: the snapshot is built from the live engine on
the UI thread (a few dicts per change), and handing it to another loop is one
``call_soon_threadsafe``; a process would need the meeting serialised across a
pipe and a second Python start-up (~100 ms, 30+ MB) for a page a few people
open. The loop never touches the engine, so it cannot slow the meeting: the UI
thread only enqueues, never waits, and every follower has a bounded queue.

Read only: GET and HEAD only (405 otherwise, CONNECT and methods aiohttp's parser
does not know included); every path but ``/TOKEN/`` and ``/TOKEN/events`` is 403
with no data. The token (≥128 bits) is compared in constant time.

Never at the facilitator's expense: connections are admitted by a :class:`Gate`
within a file-handle budget that leaves the save its reserve, and a snapshot is
encoded once and shared by every follower's queue (queues are bounded in bytes
as well as in messages), then written in slices so no follower's buffer holds a
copy of a large capture.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import secrets
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from meetingtui.share.feed import KEEPALIVE_MESSAGE, Follower, Message, encode, snapshot_event
from meetingtui.share.gate import (
    ACCEPT_BATCH,
    WAIT_DEADLINE,
    WRONG_LINK,
    Budget,
    Gate,
    GatedConnection,
    refusal,
)
from meetingtui.share.listener import DEFER_ACCEPT, Listener
from meetingtui.share.net import address_family, reachable_address, security_headers
from meetingtui.share.page import page_html

QUEUE_SIZE = 32
"""Snapshots a follower may fall behind by before it is dropped (a meeting makes a few per minute)."""
QUEUE_BYTES = 4 * 1024 * 1024
"""Bytes a follower may fall behind by before it is dropped (snapshots are shared, so this bounds them all)."""
WRITE_TIMEOUT = 5.0
"""Seconds one write to a follower may take; a stalled reader is dropped after this."""
SEND_BUFFER = 32 * 1024
"""Kernel send buffer per follower (and twice our own buffer): bounds what a reader that never reads holds."""
KEEPALIVE = 20.0
"""Seconds between comments on an idle stream, so proxies keep it open and dead peers are found."""
SEND_AFTER = 0.1
"""Seconds between a change and its broadcast: the facilitator's repaint of that change goes first.

Changes within this window go out as one snapshot of the latest state (a follower sees the
meeting as it is; nothing is lost, as every snapshot is whole).
"""
REQUEST_TIMEOUT = 5.0
"""Seconds a connection may take to send its request (and may then stay idle): slow or silent ones are closed.

Without it a client that connects and never finishes a request (slowloris) holds a socket for an hour.
"""
MAX_FOLLOWERS = 500
"""More at once get 503: each one costs buffers and a task (fewer when the file-handle budget is smaller)."""
LOCALHOST = "127.0.0.1"
LISTEN_BACKLOG = 4096
"""Connections the kernel queues before the server takes them (they hold no file handle of ours meanwhile).

It also bounds those the kernel holds until they send something (see listener.py): past it, idle connections
would reach the accept queue at once and a follower's would wait behind them. The system may cap it lower
(Linux: ``net.core.somaxconn``, 4096 by default).
"""


class FollowerServer:
    """Serves the follower page; :meth:`publish` may be called from any thread and never blocks."""

    def __init__(
        self,
        host: str = LOCALHOST,
        port: int = 0,
        *,
        on_count: Callable[[int], None] | None = None,
        queue_size: int = QUEUE_SIZE,
        write_timeout: float = WRITE_TIMEOUT,
        max_followers: int = MAX_FOLLOWERS,
        request_timeout: float = REQUEST_TIMEOUT,
        wait_deadline: float = WAIT_DEADLINE,
        queue_bytes: int = QUEUE_BYTES,
        defer_accept: int = DEFER_ACCEPT,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self.port = port
        self.token = secrets.token_urlsafe(16)  # 128 bits: keeps the URL short enough for a small QR code
        self.on_count = on_count
        self.queue_size = queue_size
        self.write_timeout = write_timeout
        self.max_followers = max_followers
        """Followers at once: what was asked, or fewer when the file-handle budget is smaller (see :meth:`start`)."""
        self.max_connections = 0
        """Connections at once, followers included (set by :meth:`start`)."""
        self.request_timeout = request_timeout
        self.wait_deadline = wait_deadline
        self.queue_bytes = queue_bytes
        self.defer_accept = defer_accept
        """Seconds the kernel may hold a connection that sent nothing (0: hand it over at once; see listener.py)."""
        self.gate: Gate | None = None
        self.now = now
        """The monotonic clock a snapshot's age is measured on (a test may pass its own)."""
        self.dropped = 0
        """Followers dropped for falling behind (slow, stalled or hostile)."""
        self.published = 0
        """Snapshots handed over by :meth:`publish`."""
        self._followers: set[Follower] = set()
        self._latest: tuple[bytes, float, int, bool] | None = None
        """The last snapshot sent (encoded), when it was made, its id and whether it has a clock to re-stamp."""
        self._pending: tuple[dict[str, Any], float] | None = None
        self._seq = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self._closing = False

    # -- the facilitator's side (any thread) ------------------------------------------------------------------------

    @property
    def exposed(self) -> bool:
        """True when the page is reachable from other machines (``--host``)."""
        return self.host not in ("127.0.0.1", "localhost", "::1")

    @property
    def url(self) -> str:
        """The followers' URL, token included."""
        address = reachable_address(self.host)
        if ":" in address:
            address = f"[{address}]"
        return f"http://{address}:{self.port}/{self.token}/"

    @property
    def followers(self) -> int:
        """How many people follow now."""
        return len(self._followers)

    @property
    def running(self) -> bool:
        """True while the server thread is serving (or finishing)."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def closing(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._closing

    def start(self, timeout: float = 10.0) -> None:
        """Bind and serve in a daemon thread; raises ``OSError`` when the port cannot be had.

        First the process's file-handle limit is raised to what the followers need, and the server's
        connections are capped within it, a reserve kept for saving, the journal and git.
        """
        budget = Budget.for_process(self.max_followers)
        self.max_followers, self.max_connections = budget.followers, budget.connections
        self.gate = Gate(budget, self.wait_deadline)
        self._thread = threading.Thread(target=self._run, name="meetingtui-share", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise OSError(f"the follower server did not start within {timeout:.0f} s")
        if self._error is not None:
            raise self._error

    def publish(self, view: dict[str, Any]) -> None:
        """Send a snapshot to every follower (serialised in the server's thread); returns at once."""
        loop = self._loop
        if loop is None or self._closing:
            return
        self.published += 1
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._queue_broadcast, view, self.now())

    def stop(self, *, grace: float = 1.0, wait: bool = False) -> None:
        """Let followers receive what was published (up to ``grace`` s), then close and release the port."""
        loop, stop = self._loop, self._stop
        if loop is None or stop is None or self._closing:
            return
        self._closing = True
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._begin_stop, grace)
        if wait:
            self.join()

    def join(self, timeout: float = 10.0) -> None:
        """Wait until the server has stopped and the port is free."""
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- the server's thread -------------------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            with asyncio.Runner() as runner:  # at the end, cancels what connections were still starting
                runner.run(self._serve())
        except BaseException as exc:  # bind failure: reported to start()
            self._error = exc
        finally:
            self._ready.set()
            self._loop = None

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        gate = self.gate
        assert gate is not None
        # aiohttp's low-level server: one handler sees every request, whatever its method or path.
        manager = web.Server(self._handle, handler_cancellation=True)
        headers = security_headers()

        def connection() -> GatedConnection:
            # aiohttp's keep-alive timer starts when a connection opens and closes it if no whole request came by
            # then; it never cuts a response (an events stream) under way.
            return GatedConnection(
                manager, gate, headers, self.token, loop=loop, keepalive_timeout=self.request_timeout
            )

        sock = socket.create_server((self.host, self.port), family=address_family(self.host), reuse_port=False)
        # Strangers are counted once taken, so few are taken per turn of the loop, and few per second (see
        # listener.py); the kernel's queue (no file handles, no work of ours) is long, or a burst of followers
        # would have their connections dropped and retried a second later.
        sock.listen(LISTEN_BACKLOG)
        token = self.token.encode()
        listener = Listener(
            sock,
            connection,
            batch=ACCEPT_BATCH,
            defer=self.defer_accept,
            screen=lambda first: refusal(first, token, headers),
        )
        listener.start()
        try:
            self.port = sock.getsockname()[1]  # the port the system chose for port 0
            self._stop = asyncio.Event()
            self._loop = loop
            self._ready.set()
            housekeeping = asyncio.ensure_future(self._housekeeping())
            await self._stop.wait()
            housekeeping.cancel()
        finally:
            listener.close()
            for follower in list(self._followers):
                self._drop(follower, counted=False)
            await manager.shutdown(0.5)

    async def _housekeeping(self) -> None:
        """Drop followers whose write has been stuck too long; keep idle streams alive.

        One timer for all followers, rather than a timeout around each write: with 200 followers
        that would be 200 extra tasks per snapshot.
        """
        loop = asyncio.get_running_loop()
        pinged = loop.time()
        while True:
            await asyncio.sleep(min(self.write_timeout, KEEPALIVE))
            now = loop.time()
            for follower in list(self._followers):
                if follower.writing_since is not None and now - follower.writing_since >= self.write_timeout:
                    self._drop(follower)  # a reader that stopped reading
            if now - pinged >= KEEPALIVE:
                pinged = now
                for follower in list(self._followers):
                    self._put(follower, KEEPALIVE_MESSAGE)

    def _begin_stop(self, grace: float) -> None:
        self._send_pending()  # the last change (the meeting's end) goes out before the stream closes
        for follower in list(self._followers):
            follower.put(None)  # end of stream after what is queued
        asyncio.get_running_loop().create_task(self._finish(grace))

    async def _finish(self, grace: float) -> None:
        deadline = asyncio.get_running_loop().time() + grace
        while self._followers and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        assert self._stop is not None
        self._stop.set()

    def _queue_broadcast(self, view: dict[str, Any], made: float) -> None:
        if self._pending is None:
            asyncio.get_running_loop().call_later(SEND_AFTER, self._send_pending)
        self._pending = (view, made)

    def _send_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        view, made = pending
        self._seq += 1
        self._latest = (encode(view), made, self._seq, "clock" in view)
        message = self._message(*self._latest)  # one event, shared by every queue
        for follower in list(self._followers):
            self._put(follower, message)

    def _message(self, body: bytes, made: float, seq: int, clocked: bool) -> Message:
        """The snapshot as an event, its clock stamped now: a follower who joins late must not count from then."""
        # How long the snapshot waited here: the page counts it, so its clock is not behind.
        return snapshot_event(body, seq, round(self.now() - made, 3) if clocked else None)

    def _put(self, follower: Follower, message: Message) -> None:
        if not follower.put(message):
            self._drop(follower)  # fell too far behind, in messages or in bytes

    def _drop(self, follower: Follower, *, counted: bool = True) -> None:
        if follower.dropped:
            return
        follower.dropped = True
        if counted:
            self.dropped += 1
        self._followers.discard(follower)
        if follower.request is not None and follower.request.transport is not None:
            follower.request.transport.abort()
        if follower.task is not None:
            follower.task.cancel()
        self._count_changed()

    def _count_changed(self) -> None:
        if self.on_count is not None:
            with contextlib.suppress(Exception):  # the facilitator's screen may be gone
                self.on_count(len(self._followers))

    def _authorised(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.token.encode())

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, text="Read only.\n", headers={**security_headers(), "Allow": "GET, HEAD"})
        parts = request.path.split("/")  # "/TOKEN/events" -> ["", "TOKEN", "events"]
        if len(parts) in (2, 3) and self._authorised(parts[1]):
            if self.gate is not None:
                self.gate.trust(request.transport)
            tail = parts[2] if len(parts) == 3 else None
            if tail is None:
                return web.Response(status=302, headers={**security_headers(), "Location": f"/{self.token}/"})
            if tail == "":
                return self._page()
            if tail == "events" and request.method == "GET":
                return await self._stream(request)
        return web.Response(status=403, text=WRONG_LINK, headers=security_headers())

    def _page(self) -> web.Response:
        nonce = secrets.token_urlsafe(16)
        return web.Response(
            text=page_html(nonce), content_type="text/html", charset="utf-8", headers=security_headers(nonce)
        )

    async def _stream(self, request: web.BaseRequest) -> web.StreamResponse:
        if self._closing:
            return web.Response(status=503, text="The meeting has ended.\n", headers=security_headers())
        if len(self._followers) >= self.max_followers:
            return web.Response(status=503, text="Too many followers.\n", headers=security_headers())
        response = web.StreamResponse(headers={**security_headers(), "Content-Type": "text/event-stream"})
        await response.prepare(request)
        transport = request.transport
        if transport is not None:
            transport.set_write_buffer_limits(high=SEND_BUFFER // 2)
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        follower = Follower(asyncio.Queue(self.queue_size), self.queue_bytes, asyncio.current_task(), request)
        if self._latest is not None:
            self._put(follower, self._message(*self._latest))
        self._followers.add(follower)
        self._count_changed()
        loop = asyncio.get_running_loop()
        try:
            await response.write(b"retry: 2000\n\n")
            while True:
                message = await follower.next()
                if message is None:
                    break
                follower.writing_since = loop.time()
                await follower.write(response, message)  # waits only when the follower's buffers are full
                follower.writing_since = None
        except ConnectionError:
            pass  # the follower closed the page
        finally:
            if not follower.dropped:
                follower.dropped = True
                self._followers.discard(follower)
                self._count_changed()
        return response
