"""The follower server: aiohttp serving one page and a Server-Sent Events stream, in its own thread and loop.

Why a thread and not a process: the snapshot is built from the live engine on
the UI thread (a few dicts per change), and handing it to another loop is one
``call_soon_threadsafe``; a process would need the meeting serialised across a
pipe and a second Python start-up (~100 ms, 30+ MB) for a page a few people
open. The loop never touches the engine, so it cannot slow the meeting: the UI
thread only enqueues, never waits, and every follower has a bounded queue.

Read only: GET and HEAD only (405 otherwise); every path but ``/TOKEN/`` and
``/TOKEN/events`` is 403 with no data. The token (≥128 bits) is compared in
constant time.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from meetingtui.share.page import page_html

QUEUE_SIZE = 32
"""Snapshots a follower may fall behind by before it is dropped (a meeting makes a few per minute)."""
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
"""More at once get 503: each one costs buffers and a task, and a hostile client could open thousands."""
LOCALHOST = "127.0.0.1"


def security_headers(nonce: str | None = None) -> dict[str, str]:
    """Headers on every response: nothing external, nothing inline but our own nonce'd page, no referrer."""
    own = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src {own}; style-src {own}; connect-src 'self'; img-src 'none'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
    }


def reachable_address(host: str) -> str:
    """The address to put in the URL: a wildcard bind is shown as this machine's address on the network."""
    if host not in ("", "0.0.0.0", "::"):
        return host
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only asks the routing table
        return probe.getsockname()[0]
    return socket.gethostname()


@dataclass(eq=False)
class _Follower:
    queue: asyncio.Queue[bytes | None]
    task: asyncio.Task[Any] | None = None
    request: web.Request | None = field(default=None, repr=False)
    dropped: bool = False
    writing_since: float | None = None


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
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self.port = port
        self.token = secrets.token_urlsafe(16)  # 128 bits: keeps the URL short enough for a small QR code
        self.on_count = on_count
        self.queue_size = queue_size
        self.write_timeout = write_timeout
        self.max_followers = max_followers
        self.request_timeout = request_timeout
        self.now = now
        """The monotonic clock a snapshot's age is measured on (a test may pass its own)."""
        self.dropped = 0
        """Followers dropped for falling behind (slow, stalled or hostile)."""
        self.published = 0
        """Snapshots handed over by :meth:`publish`."""
        self._followers: set[_Follower] = set()
        self._latest: tuple[dict[str, Any], float, int] | None = None
        """The last snapshot sent, when it was made and its id: a follower who connects later gets it re-stamped."""
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
        """Bind and serve in a daemon thread; raises ``OSError`` when the port cannot be had."""
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
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # bind failure: reported to start()
            self._error = exc
        finally:
            self._ready.set()
            self._loop = None
            loop.close()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,
            shutdown_timeout=0.5,
            # aiohttp's keep-alive timer starts when a connection opens and closes it if no whole request came by
            # then; it never cuts a response (an events stream) under way.
            keepalive_timeout=self.request_timeout,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
            if runner.addresses:
                self.port = runner.addresses[0][1]  # the port the system chose for port 0
            self._stop = asyncio.Event()
            self._loop = asyncio.get_running_loop()
            self._ready.set()
            housekeeping = asyncio.ensure_future(self._housekeeping())
            await self._stop.wait()
            housekeeping.cancel()
        finally:
            for follower in list(self._followers):
                self._drop(follower, counted=False)
            await runner.cleanup()

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
                    try:
                        follower.queue.put_nowait(b": keep-alive\n\n")
                    except asyncio.QueueFull:
                        self._drop(follower)

    def _begin_stop(self, grace: float) -> None:
        self._send_pending()  # the last change (the meeting's end) goes out before the stream closes
        for follower in list(self._followers):
            with contextlib.suppress(asyncio.QueueFull):
                follower.queue.put_nowait(None)  # end of stream after what is queued
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
        self._latest = (view, made, self._seq)
        message = self._message(view, made, self._seq)
        for follower in list(self._followers):
            try:
                follower.queue.put_nowait(message)
            except asyncio.QueueFull:
                self._drop(follower)

    def _message(self, view: dict[str, Any], made: float, seq: int) -> bytes:
        """The snapshot as an event, its clock stamped now: a follower who joins late must not count from then."""
        if "clock" in view:  # how long the snapshot waited here: the page counts it, so its clock is not behind
            view = {**view, "delay": round(self.now() - made, 3)}
        data = json.dumps(view, ensure_ascii=False, separators=(",", ":"))
        return f"id: {seq}\nevent: snapshot\ndata: {data}\n\n".encode()

    def _drop(self, follower: _Follower, *, counted: bool = True) -> None:
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

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, text="Read only.\n", headers={**security_headers(), "Allow": "GET, HEAD"})
        parts = request.path.split("/")  # "/TOKEN/events" -> ["", "TOKEN", "events"]
        if len(parts) in (2, 3) and self._authorised(parts[1]):
            tail = parts[2] if len(parts) == 3 else None
            if tail is None:
                raise web.HTTPFound(f"/{self.token}/", headers=security_headers())
            if tail == "":
                return self._page()
            if tail == "events" and request.method == "GET":
                return await self._stream(request)
        return web.Response(status=403, text="Forbidden.\n", headers=security_headers())

    def _page(self) -> web.Response:
        nonce = secrets.token_urlsafe(16)
        return web.Response(
            text=page_html(nonce), content_type="text/html", charset="utf-8", headers=security_headers(nonce)
        )

    async def _stream(self, request: web.Request) -> web.StreamResponse:
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
        follower = _Follower(asyncio.Queue(self.queue_size), asyncio.current_task(), request)
        if self._latest is not None:
            follower.queue.put_nowait(self._message(*self._latest))
        self._followers.add(follower)
        self._count_changed()
        loop = asyncio.get_running_loop()
        try:
            await response.write(b"retry: 2000\n\n")
            while True:
                message = await follower.queue.get()
                if message is None:
                    break
                follower.writing_since = loop.time()
                await response.write(message)  # waits only when the follower's buffers are full
                follower.writing_since = None
        except ConnectionError:
            pass  # the follower closed the page
        finally:
            if not follower.dropped:
                follower.dropped = True
                self._followers.discard(follower)
                self._count_changed()
        return response
