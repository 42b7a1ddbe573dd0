"""Keeping the room's screen up when a handler fails: show the error, log it, carry on.

The engine writes every event to the crash journal before it applies it, on the
UI thread (journal first: :mod:`meetingtui.domain.meeting`). So when a command
fails here — a journal write that hit a full or broken disk included — the
meeting is exactly as it was before the command: the command did not happen,
the screen says what failed, and it can be given again.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_state_path

F = TypeVar("F", bound=Callable[..., Any])


def error_log_path() -> Path:
    """Where tracebacks go (the per-user state folder)."""
    return user_state_path("meetingtui") / "errors.log"


def log_error(error: BaseException) -> Path:
    """Append ``error`` with its traceback and the time to the errors log; returns the log's path.

    A log that cannot be written is skipped silently: reporting an error must not raise another.
    """
    path = error_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            stamp = dt.datetime.now().astimezone().isoformat()
            log.write(f"--- {stamp}\n{''.join(traceback.format_exception(error))}\n")
    except OSError:
        pass
    return path


def report_failure(widget: Any, error: Exception) -> None:
    """Log ``error``'s traceback and tell the facilitator, on ``widget``'s screen, what failed."""
    path = log_error(error)
    widget.notify(
        f"That did not work: {error}. That command did not happen; try it again. Details in {path}.",
        severity="error",
        timeout=10,
        markup=False,
    )


def guarded(method: F) -> F:
    """Catch an exception in a screen's handler, log its traceback and notify the facilitator what failed."""

    @functools.wraps(method)
    def wrapper(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # the point is to keep the meeting on screen
            report_failure(self, exc)
            return None

    return wrapper  # type: ignore[return-value]


def guarded_callback(widget: Any, callback: F) -> F:
    """``callback`` (a dialog's result handler, which runs after the handler that opened it) guarded like
    :func:`guarded`, the failure shown on ``widget``'s screen."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception as exc:  # the point is to keep the meeting on screen
            report_failure(widget, exc)
            return None

    return wrapper  # type: ignore[return-value]
