"""``REPORT.md`` regenerated for a save while the save goes on: started once the new minutes are in place.

A save spends most of its time waiting: for the disk to take the minutes, for git. The report's own waits (its
git processes, the history index's writes) need not follow those one after the other. :class:`ReportAhead`
runs :func:`~meetingtui.store.report_file.write_report` in a thread of its own from the moment the save's TOML
is on disk (and the roster it counts against is written), and the commit waits for it: the page is the one
a save made afterwards would make, in the same commit as the minutes.
"""

from __future__ import annotations

import contextvars
import threading
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.store.git.run import GitError


class ReportAhead:
    """One report regeneration in the background: :meth:`start` it, then :meth:`paths` waits for it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._thread: threading.Thread | None = None
        self._paths: list[Path] = []
        self._failure: BaseException | None = None

    def start(self) -> None:
        """Begin (once); the caller's context goes with it (its time limits, as if it ran in the caller)."""
        if self._thread is None:
            context = contextvars.copy_context()
            self._thread = threading.Thread(target=context.run, args=(self._run,), name="meetingtui-report")
            self._thread.start()

    def wait(self) -> None:
        """Until it has finished (at once when it never started)."""
        if self._thread is not None:
            self._thread.join()

    def paths(self) -> list[Path]:
        """``REPORT.md`` as written (to commit with the minutes when it changed); ``[]`` when it could not be
        written (the minutes matter more than their report: the next save or sync writes it) or never started."""
        self.wait()
        if self._failure is not None:
            raise self._failure  # a bug, not the repository's state: as it would have been without the thread
        return self._paths

    def _run(self) -> None:
        from meetingtui.store.report_file import write_report  # the report's code: not before the first frame

        try:
            self._paths = [self.root / path for path in write_report(self.root)]
        except (InputError, OSError, GitError):
            self._paths = []
        except BaseException as exc:  # handed to the caller by paths()
            self._failure = exc
