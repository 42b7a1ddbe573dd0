"""``REPORT.md`` made for a save while the save writes its files: started before the minutes are on disk.

A save spends most of its time waiting, for the disk and for git, and the report's own waits (its git processes,
the history index's writes) need not follow the save's. :class:`ReportAhead` makes the page in a thread of its
own as the save begins: the history read sees the minutes file the save is about to write, with the very bytes
it writes (:class:`~meetingtui.store.recent_writes.Upcoming`), so the page is the one a report made afterwards
gives. It is written (:meth:`ReportAhead.paths`) only once the minutes are on disk, on the save's own thread,
and the commit carries it. A page whose read did not take the new minutes is made again, then, the plain way.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.store.background import InBackground
from meetingtui.store.git.commit import Awaited
from meetingtui.store.git.run import GitError
from meetingtui.store.layout import REPORT_FILE
from meetingtui.store.recent_writes import Upcoming, expect


class ReportAhead:
    """The report for a save of the minutes file ``upcoming``, made in the background from now on: hand the
    file's bytes to ``upcoming`` (``None`` when the save fails), then :meth:`paths` writes it."""

    def __init__(self, root: Path, upcoming: Upcoming) -> None:
        self.root = root
        self.upcoming = upcoming
        self._page: tuple[Path, str] | None = None
        self._ready = threading.Event()
        """Set once the page is made (:meth:`_hand_over`), or the thread has ended without one."""
        self._making = InBackground(self._make, "meetingtui-report")
        self._paths: list[Path] | None = None
        self._stand_in: os.stat_result | None = None
        """The empty ``REPORT.md`` :meth:`_begin` put where none was, while the page is made (see there)."""

    def _make(self) -> tuple[Path, str] | Exception | None:
        from meetingtui.store.report_file import new_report  # the report's code: not before the first frame

        try:
            expect(self.upcoming)
            return new_report(self.root, ready=self._hand_over)
        except (InputError, OSError, GitError) as exc:  # the repository's state, not a bug: no report this time
            return exc
        finally:
            self._ready.set()  # before `listed`: a commit that sees the read end sees whether a page came (_begin)
            self.upcoming.listed.set()  # however it ended: the commit never waits for a read that will not come

    def _hand_over(self, made: tuple[Path, str]) -> None:
        """The page is made: the save may write and commit it while this thread commits the history index's
        changes (its syncs to disk: ~20 ms on a disk, which git's commit now overlaps). The first page made is
        the one (a read that failed after it and read again makes the same)."""
        if self._page is None:
            self._page = made
        self._ready.set()

    def wait(self) -> None:
        """Until it has finished, the history index's commit included (a save that failed gives ``upcoming``
        ``None`` first)."""
        self._making.wait()

    def awaited(self) -> Awaited:
        """What a commit of the save's files takes ``REPORT.md`` as: an optional file it waits for (:meth:`paths`)
        once its first git process has run, instead of before it; that process waits for the report's read to be
        done with git's index (which it changes)."""
        return Awaited((self.root / REPORT_FILE,), self.paths, self._begin)

    def _begin(self) -> bool:
        """Once the report's read is done with git's index: where no ``REPORT.md`` is yet (a repository's first
        save) and the page is still being made, an empty file stands in for it, so that the commit's
        intent-to-add — which needs the file on disk — takes it with the minutes while the page is made instead of
        after (one git process off the path, none added). :meth:`paths` then writes the page over it; when no page
        comes, :meth:`done` removes it. Created exclusively, never through a symlink; not synced. True when it was
        put there, or when the page, made already, goes where no file is (the commit may then stage it with the
        save's own new files: see ``commit_files``'s ``fresh``)."""
        self.upcoming.listed.wait()
        path = self.root / REPORT_FILE
        if self._ready.is_set():  # the page is made (the commit takes it at once), or none is coming
            return not os.path.lexists(path)  # then it goes where no file was
        with contextlib.suppress(OSError):  # there already (or unwritable): the commit waits for the page first
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
            try:
                self._stand_in = os.fstat(fd)
            finally:
                os.close(fd)
        return self._stand_in is not None

    def done(self) -> list[Path]:
        """After the commit (which has undone the intent-to-add of a file it did not take): :meth:`paths`, and the
        empty stand-in ``REPORT.md`` gone when no page was written over it (a failed report; a file that is no
        longer the very one put there is left alone)."""
        try:
            return self.paths()
        finally:
            self._drop_stand_in()

    def _drop_stand_in(self) -> None:
        stand_in, self._stand_in = self._stand_in, None
        if stand_in is None or (self._paths and self.root / REPORT_FILE in self._paths):
            return
        path = self.root / REPORT_FILE
        with contextlib.suppress(OSError):
            now = os.lstat(path)
            if (now.st_dev, now.st_ino, now.st_size) == (stand_in.st_dev, stand_in.st_ino, 0):
                path.unlink()

    def paths(self) -> list[Path]:
        """``REPORT.md`` written (to commit with the minutes when it changed); ``[]`` when it could not be (the
        minutes matter more than their report: the next save or sync writes it). Call it once the minutes are on
        disk; a bug in the report is raised here, as it would have been without the thread. Made once: later calls
        give the same (``[]`` after a bug)."""
        if self._paths is None:
            self._paths = []
            self._paths = self._put()
        return self._paths

    def _put(self) -> list[Path]:
        from meetingtui.store.report_file import put_report, write_report  # the report's code: after the frame

        self._ready.wait()
        made = self._page if self._page is not None else self._making.result()
        try:
            if isinstance(made, Exception):
                return []
            if not self.upcoming.seen:  # its read did not take the new minutes: the plain way, from the disk
                self._making.wait()  # once its index transaction has ended
                return [self.root / path for path in write_report(self.root)]
            return [self.root / path for path in put_report(*made)] if made is not None else []
        except (InputError, OSError, GitError):
            return []
