"""``REPORT.md`` made for a save while the save writes its files: started before the minutes are on disk.

A save spends most of its time waiting, for the disk and for git, and the report's own waits (its git processes,
the history index's writes) need not follow the save's. :class:`ReportAhead` makes the page in a thread of its
own as the save begins: the history read sees the minutes file the save is about to write, with the very bytes
it writes (:class:`~meetingtui.store.recent_writes.Upcoming`), so the page is the one a report made afterwards
gives. It is written (:meth:`ReportAhead.paths`) only once the minutes are on disk, on the save's own thread,
and the commit carries it. A page whose read did not take the new minutes is made again, then, the plain way.
"""

from __future__ import annotations

import contextvars
import threading
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.store.git.run import GitError
from meetingtui.store.recent_writes import Upcoming, expect


class ReportAhead:
    """One report made in the background for a save of the minutes file ``upcoming``: :meth:`start` it, hand
    the file's bytes to ``upcoming`` (or ``None`` when the save fails), then :meth:`paths` writes it."""

    def __init__(self, root: Path, upcoming: Upcoming) -> None:
        self.root = root
        self.upcoming = upcoming
        self._thread: threading.Thread | None = None
        self._made: tuple[Path, str] | None = None
        self._failed = False
        self._failure: BaseException | None = None

    def start(self) -> None:
        """Begin (once), in a copy of the caller's context (its time limits hold there too)."""
        if self._thread is None:
            context = contextvars.copy_context()
            self._thread = threading.Thread(target=context.run, args=(self._run,), name="meetingtui-report")
            self._thread.start()

    def wait(self) -> None:
        """Until it has finished (at once when it never started). A save that failed gives ``None`` first."""
        if self._thread is not None:
            self._thread.join()

    def paths(self) -> list[Path]:
        """``REPORT.md`` written (to commit with the minutes when it changed); ``[]`` when it could not be
        (the minutes matter more than their report: the next save or sync writes it) or never started.
        Call it once the minutes are on disk."""
        from meetingtui.store.report_file import put_report, write_report  # the report's code: after the frame

        if self._thread is None:
            return []
        self.wait()
        if self._failure is not None:
            raise self._failure  # a bug, not the repository's state: as it would have been without the thread
        try:
            if self._failed:
                return []
            if not self.upcoming.seen:  # its read did not take the new minutes: the plain way, from the disk
                return [self.root / path for path in write_report(self.root)]
            return [self.root / path for path in put_report(*self._made)] if self._made is not None else []
        except (InputError, OSError, GitError):
            return []

    def _run(self) -> None:
        from meetingtui.store.report_file import new_report  # the report's code: not before the first frame

        expect(self.upcoming)
        try:
            self._made = new_report(self.root)
        except (InputError, OSError, GitError):
            self._failed = True
        except BaseException as exc:  # handed to the caller by paths()
            self._failure = exc
