"""What one follower is sent: events built from one shared snapshot, queued within bounds, written in slices.

A 300 KB capture must cost the facilitator's process 300 KB, not 300 KB per
follower: a snapshot is encoded once and every queue holds the same object
(a late joiner's event re-uses it too, only its small head differs); queues
are bounded in bytes as well as in messages; and an event is handed to the
connection a slice at a time, so no follower's buffer holds a copy of it.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

WRITE_SLICE = 16 * 1024
"""Bytes handed to a follower's connection at a time."""

Message = tuple[bytes | memoryview, ...]
"""An event as parts written in turn; the big part is shared by every queue."""
KEEPALIVE_MESSAGE: Message = (b": keep-alive\n\n",)


def encode(view: dict[str, Any]) -> bytes:
    """A snapshot as the JSON every follower is sent."""
    return json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()


def snapshot_event(body: bytes, seq: int, delay: float | None) -> Message:
    """The event for an encoded snapshot; ``delay`` (how long it waited here) is put first into its object."""
    head = f"id: {seq}\nevent: snapshot\ndata: "
    if delay is None or body[:1] != b"{":
        return (head.encode(), body, b"\n\n")
    head += f'{{"delay":{delay},' if len(body) > 2 else f'{{"delay":{delay}'
    return (head.encode(), memoryview(body)[1:], b"\n\n")


@dataclass(eq=False)
class Follower:
    """One open event stream: its queue (bounded in messages and bytes) and what the server needs to drop it."""

    queue: asyncio.Queue[Message | None]
    max_bytes: int
    task: asyncio.Task[Any] | None = None
    request: web.BaseRequest | None = field(default=None, repr=False)
    dropped: bool = False
    writing_since: float | None = None
    """When the write under way began (the loop's clock), or None."""
    queued: int = 0
    """Bytes waiting in the queue."""

    def put(self, message: Message | None) -> bool:
        """Queue a message (None ends the stream); False when the follower fell too far behind to take it."""
        size = sum(len(part) for part in message) if message is not None else 0
        if self.queued + size > self.max_bytes:
            return False
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            return False
        self.queued += size
        return True

    async def next(self) -> Message | None:
        """The next message to write (None: the stream ends)."""
        message = await self.queue.get()
        if message is not None:
            self.queued -= sum(len(part) for part in message)
        return message

    async def write(self, response: web.StreamResponse, message: Message) -> None:
        """Write a message a slice at a time (each write waits while the connection's buffers are full)."""
        for part in message:
            whole = memoryview(part)
            for start in range(0, len(whole), WRITE_SLICE):
                await response.write(whole[start : start + WRITE_SLICE])
