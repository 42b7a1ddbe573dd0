"""Keeping the room's screen up when a handler fails: show the error, log it, carry on.

Every change is journaled before it is shown, so an error here never loses
the meeting; at worst the failed command did not happen.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def error_log_path() -> Path:
    """Where tracebacks go (the per-user state folder)."""
    from platformdirs import user_state_path

    return user_state_path("meetingtui") / "errors.log"


def guarded(method: F) -> F:
    """Catch an exception in a screen's handler, notify the facilitator and log the traceback."""

    @functools.wraps(method)
    def wrapper(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # the point is to keep the meeting on screen
            path = error_log_path()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as log:
                    log.write(f"--- {dt.datetime.now().astimezone().isoformat()}\n{traceback.format_exc()}\n")
            except OSError:
                pass
            self.notify(
                f"That did not work: {exc}. The meeting is safe; details in {path}.",
                severity="error",
                timeout=10,
                markup=False,
            )
            return None

    return wrapper  # type: ignore[return-value]
