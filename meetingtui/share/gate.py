"""Who may hold a connection to the follower server: a few strangers at a time, never the facilitator's handles.

Every open connection costs the process a file handle, and saving the minutes
(files, the journal, git and its pipes) needs handles too. So the server gets
a budget: the soft ``RLIMIT_NOFILE`` (raised at start, up to the hard limit)
minus what is open already, minus a reserve it never touches. Within the
budget, connections that have not yet shown a valid token are few and short
lived: over their cap the oldest silent one (or else the newcomer) is closed,
and each must show the token within :data:`WAIT_DEADLINE` seconds.
"""

from __future__ import annotations

import asyncio
import os
import resource
import select
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMethod
from aiohttp.web_protocol import RequestHandler

RESERVE = 128
"""File handles the server never takes: the journal, the minutes' files, git and its pipes, the terminal."""
ACCEPT_BATCH = 16
"""Connections taken from the kernel in one go (the listen backlog): each holds a handle until it is turned away."""
IN_FLIGHT = 4 * ACCEPT_BATCH
"""Handles accepted but not yet admitted or closed: asyncio needs a few loop turns to hand a connection over."""
MAX_WAITING = 32
"""Connections at once that have not shown a valid token yet."""
WAIT_DEADLINE = 2.0
"""Seconds a connection has to send a request with a valid token (a browser sends it at once)."""
WAIT_GRACE = 0.5
"""Seconds after which a stranger that sent something but no valid token yet may be closed to make room."""


def open_handles() -> int:
    """How many file handles this process holds now (0 where the system does not say)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(folder))
        except OSError:
            continue
    return 0


def raise_file_limit(wanted: int) -> int:
    """Raise the soft ``RLIMIT_NOFILE`` to ``wanted`` (never above the hard limit, never lower); the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass  # some systems refuse: the budget below is then computed from the limit we have
    return soft if soft != resource.RLIM_INFINITY else wanted


@dataclass(frozen=True)
class Budget:
    """How many connections the server may hold, as told to the facilitator."""

    connections: int
    """Open connections at once, followers included."""
    waiting: int
    """Of those, connections that have not shown a valid token yet."""
    followers: int
    """Event streams at once."""

    @classmethod
    def for_process(cls, max_followers: int, reserve: int = RESERVE) -> Budget:
        """Raise the file limit to what ``max_followers`` need, then fit within it, ``reserve`` handles kept back."""
        held = open_handles()
        # A follower holds two connections while its page loads (the page's, kept alive, and the stream's).
        wanted = held + reserve + IN_FLIGHT + MAX_WAITING + 2 * max_followers
        room = raise_file_limit(wanted) - held - reserve - IN_FLIGHT
        connections = max(2, min(room, MAX_WAITING + 2 * max_followers))
        waiting = max(1, min(MAX_WAITING, connections // 4))
        return cls(connections, waiting, max(1, min(max_followers, connections - waiting)))


class Gate:
    """Admits connections within a :class:`Budget`; strangers wait a short while, at most ``budget.waiting`` at once."""

    def __init__(self, budget: Budget, deadline: float = WAIT_DEADLINE) -> None:
        self.budget = budget
        self.deadline = deadline
        self.open = 0
        self.refused = 0
        """Connections closed at accept time (over the budget) or for not showing the token in time."""
        self._waiting: dict[asyncio.BaseTransport, asyncio.TimerHandle] = {}
        self._silent: OrderedDict[asyncio.BaseTransport, None] = OrderedDict()
        """Waiting connections that have not sent a byte yet, oldest first."""

    @property
    def waiting(self) -> int:
        """Connections that have not shown a valid token yet."""
        return len(self._waiting)

    def admit(self, transport: asyncio.BaseTransport) -> bool:
        """Take a new connection, or say no (the caller closes it): never more than the budget."""
        if self.open >= self.budget.connections:
            self.refused += 1
            return False
        loop = asyncio.get_running_loop()
        if len(self._waiting) >= self.budget.waiting:
            # A browser sends its request at once, so the oldest silent connection is the likeliest to be idle, then
            # one that has dribbled for a while: it goes rather than the newcomer, so a flood of idle or slow
            # connections cannot lock followers out.
            oldest = next(iter(self._waiting))
            if self._silent:
                self._expire(next(iter(self._silent)))
            elif loop.time() - (self._waiting[oldest].when() - self.deadline) >= WAIT_GRACE:
                self._expire(oldest)
            else:
                self.refused += 1
                return False
        self.open += 1
        self._waiting[transport] = loop.call_later(self.deadline, self._expire, transport)
        if not _readable(transport):
            self._silent[transport] = None
        return True

    def heard(self, transport: asyncio.BaseTransport) -> None:
        """The connection sent its first bytes."""
        self._silent.pop(transport, None)

    def trust(self, transport: asyncio.BaseTransport | None) -> None:
        """The connection showed a valid token: no deadline, no longer among the strangers."""
        if transport is None:
            return
        self._silent.pop(transport, None)
        handle = self._waiting.pop(transport, None)
        if handle is not None:
            handle.cancel()

    def release(self, transport: asyncio.BaseTransport) -> None:
        """An admitted connection closed."""
        self.trust(transport)
        self.open -= 1

    def _expire(self, transport: asyncio.BaseTransport) -> None:
        self._silent.pop(transport, None)
        handle = self._waiting.pop(transport, None)
        if handle is not None:
            handle.cancel()
            self.refused += 1
            transport.abort()


def _readable(transport: asyncio.BaseTransport) -> bool:
    """True when the connection's first bytes are already here (a browser sends its request with the handshake).

    asyncio reads them only a turn or two later, and by then a burst of idle connections would have had it
    taken for a silent one.
    """
    sock = transport.get_extra_info("socket")
    if sock is None:
        return False
    poll = select.poll()
    poll.register(sock.fileno(), select.POLLIN)
    return bool(poll.poll(0))


class GatedConnection(RequestHandler):
    """aiohttp's connection, admitted by a :class:`Gate`; its own error responses carry the security headers."""

    def __init__(
        self, manager: web.Server, gate: Gate, headers: dict[str, str], token: str = "", **kwargs: Any
    ) -> None:
        super().__init__(manager, **kwargs)
        self._gate = gate
        self._headers = headers
        self._token = token.encode()
        self._admitted: asyncio.BaseTransport | None = None
        self._first = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if not self._gate.admit(transport):
            transport.abort()  # the handle is released on the next turn of the loop
            return
        self._admitted = transport
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._admitted is not None:
            self._gate.heard(self._admitted)
            if self._first and self._token:
                self._first = False
                answer = refusal(data, self._token, self._headers)
                if answer is not None:  # no parser, no request, no handler: the bytes, and close
                    self._admitted.write(answer)  # type: ignore[attr-defined]
                    self._admitted.close()
                    return
        super().data_received(data)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._admitted is None:
            return
        self._gate.release(self._admitted)
        self._admitted = None
        super().connection_lost(exc)

    def handle_error(
        self, request: Any, status: int = 500, exc: BaseException | None = None, message: str | None = None
    ) -> web.StreamResponse:
        """aiohttp's parser refuses methods it does not know before any handler runs: they are 405 too."""
        if isinstance(exc, BadHttpMethod):
            response: web.StreamResponse = web.Response(
                status=405, text="Read only.\n", headers={**self._headers, "Allow": "GET, HEAD"}
            )
            response.force_close()
            return response
        response = super().handle_error(request, status, exc, message)
        response.headers.update(self._headers)
        return response


WRONG_LINK = (
    "This is not the address of the meeting: the link is incomplete, mistyped, or from an earlier meeting.\n"
    "Ask the facilitator for the follower link of this meeting: it is on their meeting screen's share bar,\n"
    "and ctrl+p Share shows it with a QR code to scan.\n"
)
"""The body of every 403: what to ask the facilitator for (the page itself can say nothing more to a stranger)."""


def refusal(first: bytes, token: bytes, headers: dict[str, str]) -> bytes | None:
    """The whole answer to a request its first bytes already refuse, or None to let the server parse it.

    A wrong token on a GET is 403 and any method but GET and HEAD is 405, as the server would answer, but
    without parsing the request or building one: a stranger hammering the port costs as little as it can.
    Anything else (a right token, HEAD, a request cut short, bytes that are not HTTP) goes to the parser.
    """
    method, space, rest = first[:16].partition(b" ")
    if not space or not method.isalpha() or not method.isupper():
        return None
    if method not in (b"GET", b"HEAD"):
        return _canned(405, "Method Not Allowed", {**headers, "Allow": "GET, HEAD"}, b"Read only.\n")
    rest = first[len(method) + 1 : len(method) + 2 + len(token)]
    wanted = b"/" + token
    if method == b"GET" and rest != wanted[: len(rest)]:
        return _canned(403, "Forbidden", headers, WRONG_LINK.encode())
    return None


def _canned(status: int, reason: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: text/plain; charset=utf-8", f"Content-Length: {len(body)}"]
    lines += ["Connection: close", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
