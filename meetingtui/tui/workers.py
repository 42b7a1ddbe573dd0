"""The one way background work reports back: a typed message.

Every worker is declared ``@work(thread=True, exclusive=True, group=…, description=…, exit_on_error=False)``
and ends with ``self.post_message(SomethingDone.of(function, *args))`` (``post_message`` is
thread-safe). The screen handles ``on_something_done`` like any other message: no filtering
``Worker.StateChanged`` on group names, no ``call_from_thread``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from textual.message import Message

from meetingtui.domain.lean import mutable
from meetingtui.tui.guard import log_error

if TYPE_CHECKING:
    from meetingtui.domain.stats import Stats  # noqa: F401 (the string below)

T = TypeVar("T")


@mutable
class WorkDone(Message, Generic[T]):
    """What a worker came to, said outright: ``ok`` with its ``value``, or not ``ok`` with the ``error``.

    ``ok`` is never inferred from the value (a worker may well return ``None``); build one with :meth:`of`.
    """

    ok: bool
    value: T | None = None
    error: Exception | None = None

    @classmethod
    def of(cls, function: Callable[..., T], *args: Any, **kwargs: Any) -> Self:
        """Run ``function`` (in the worker's thread) and wrap what came of it.

        Any exception becomes ``error`` and goes, with its traceback, to the errors log that
        :func:`~meetingtui.tui.guard.guarded` writes: the screen says what went wrong in words, the log says where.
        """
        try:
            value = function(*args, **kwargs)
        except Exception as exc:
            log_error(exc)
            return cls(ok=False, error=exc)
        return cls(ok=True, value=value)


class ProposalsRead(WorkDone[dict[str, list[Any]]]):
    """Open proposals by agenda name (casefolded), read off the UI thread (picker, adjust)."""


class StatsComputed(WorkDone["Stats"]):
    """The repository's stats, read off the UI thread (the ``S`` key)."""
