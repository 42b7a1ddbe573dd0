"""A worker's result says outright whether it worked, and a failure's traceback is in the errors log."""

from __future__ import annotations

from meetingtui.tui.guard import error_log_path
from meetingtui.tui.workers import WorkDone


def read_the_minutes() -> None:
    raise OSError(5, "Input/output error")


def test_a_failed_worker_is_not_ok_and_its_traceback_is_logged() -> None:
    done = WorkDone.of(read_the_minutes)
    assert done.ok is False and isinstance(done.error, OSError) and done.value is None
    log = error_log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log
    assert "in read_the_minutes" in log and "OSError: [Errno 5] Input/output error" in log


def test_a_worker_that_returns_nothing_is_ok() -> None:
    done = WorkDone.of(lambda: None)
    assert done.ok is True and done.value is None and done.error is None
    assert not error_log_path().exists()
