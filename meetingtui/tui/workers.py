"""The one way background work reports back: a typed message.

Every worker is declared ``@work(thread=True, exclusive=True, group=…, description=…, exit_on_error=False)``
and ends with ``self.post_message(SomethingDone.of(function, *args))`` (``post_message`` is
thread-safe). The screen handles ``on_something_done`` like any other message: no filtering
``Worker.StateChanged`` on group names, no ``call_from_thread``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

from textual.message import Message

T = TypeVar("T")


@dataclass
class WorkDone(Message, Generic[T]):
    """What a worker produced: its ``value``, or the ``error`` that stopped it (never both)."""

    value: T | None = None
    error: Exception | None = None

    @classmethod
    def of(cls, function: Callable[..., T], *args: Any, **kwargs: Any) -> Self:
        """Run ``function`` (in the worker's thread) and wrap what came of it.

        Any exception becomes ``error``: the screen says what went wrong in words, never with a traceback.
        """
        try:
            return cls(value=function(*args, **kwargs))
        except Exception as exc:
            return cls(error=exc)

    @property
    def ok(self) -> bool:
        return self.error is None


class ProposalsRead(WorkDone[dict[str, list[Any]]]):
    """Open proposals by agenda name (casefolded), read off the UI thread (picker, adjust)."""
