"""The listener takes connections within its rate; the rest wait in the kernel's queue, not in the process."""

from __future__ import annotations

import asyncio
import socket

from meetingtui.share.listener import Listener
from tests.clock import ManualClock


class Counting(asyncio.Protocol):
    made: list[asyncio.BaseTransport] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        self.made.append(transport)


async def settle(listener: Listener, turns: int = 20) -> None:
    for _ in range(turns):  # the listener resumes after (1 - tokens) / rate s: 0.01 s here
        await asyncio.sleep(0.01)


async def test_a_burst_is_taken_at_once_then_no_more_than_the_rate_allows() -> None:
    clock = ManualClock()
    server = socket.create_server(("127.0.0.1", 0))
    server.listen(64)
    Counting.made = []
    listener = Listener(server, Counting, rate=100.0, burst=5, batch=3, defer=0, clock=clock.now)
    listener.start()
    clients = [socket.create_connection(server.getsockname()) for _ in range(20)]
    try:
        await settle(listener)
        assert listener.accepted == len(Counting.made) == 5  # the clock stood still: only the burst
        clock.advance(0.035)  # 3.5 more tokens
        await settle(listener)
        assert listener.accepted == 8
        for expected in (13, 18, 20):  # a long quiet fills the bucket to the burst, no more
            clock.advance(10)
            await settle(listener)
            assert listener.accepted == len(Counting.made) == expected
    finally:
        listener.close()
        for client in clients:
            client.close()
        for transport in Counting.made:
            transport.close()
    assert server.fileno() == -1


async def test_a_connection_its_first_bytes_refuse_is_answered_and_closed_with_no_protocol_made() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    server.listen(8)
    Counting.made = []
    listener = Listener(server, Counting, defer=0, screen=lambda first: b"no\n" if first.startswith(b"BAD") else None)
    refused, served = (socket.create_connection(server.getsockname(), timeout=5) for _ in range(2))
    refused.sendall(b"BAD request")
    served.sendall(b"GOOD request")
    await asyncio.sleep(0.05)  # both requests are here before they are taken, as TCP_DEFER_ACCEPT makes sure
    listener.start()
    try:
        await settle(listener)
        assert await asyncio.to_thread(refused.recv, 100) == b"no\n"
        assert await asyncio.to_thread(refused.recv, 100) == b""  # closed, not reset: the answer was read
        assert listener.refused == 1 and len(Counting.made) == 1  # only the other got a protocol
    finally:
        listener.close()
        for sock in (refused, served):
            sock.close()
        for transport in Counting.made:
            transport.close()
