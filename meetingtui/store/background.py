"""One call run in a thread of its own while the caller goes on: a save's waits (the disk, git) side by side."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class InBackground(Generic[T]):
    """``call()`` started at once in a thread of its own, in a copy of the caller's context (its time limits hold
    there too); :meth:`result` waits for it and returns what it returned, or raises what it raised."""

    def __init__(self, call: Callable[[], T], name: str) -> None:
        self._call = call
        self._value: T | None = None
        self._failure: BaseException | None = None
        context = contextvars.copy_context()
        # A daemon: quitting never waits for it (the save that started it waits, or the process ends as in a crash).
        self._thread = threading.Thread(target=context.run, args=(self._run,), name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as exc:  # handed to whoever waits for it
            self._failure = exc

    def wait(self) -> None:
        """Until it has finished."""
        self._thread.join()

    def result(self) -> T:
        self.wait()
        if self._failure is not None:
            raise self._failure
        return self._value  # type: ignore[return-value]  # set when no failure
