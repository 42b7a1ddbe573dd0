"""What git vouches for in a minutes folder: content keys from git's own index, and what changed since a run.

Two ways to learn a key without reading a file, both leaning only on git's own racy-safe checks:

* :func:`git_listing` — the whole index (``git ls-files``): a tracked file git reports unmodified, whose
  ctime is clearly older than git's index, has the blob id git recorded. This is the full path: every
  entry is parsed and every such file's ctime looked at.
* :func:`changes_since` — after a full path that left a :class:`Stamp`: when git's index is byte for byte
  the one the stamp saw (its checksum), and the stamp's run began more than a second after git wrote that
  index, only the files git reports modified, deleted or untracked (``git ls-files -m -d -o``) can differ
  from what that run found, besides the few it had to hash anyway (:attr:`Stamp.rehash`). Why: git reports a
  file unmodified only when its size, mtime and ctime (to the second) match what it recorded, and it
  recorded them before it wrote the index; any write after the stamp's run began gives a ctime at least a
  second later than that, which git sees — however the size and mtime were put back.

Size and time alone are never trusted: ctime cannot be set back, and a ``git checkout``, ``git add`` or
``git commit`` rewrites the index, so the stamp no longer applies and the full path runs once.
"""

from __future__ import annotations

import contextvars
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from meetingtui.store.git.dirs import git_dirs
from meetingtui.store.git.refs import git_path
from meetingtui.store.git.run import GitError, run_git

STRICT = ("-c", "core.trustctime=true", "-c", "core.checkStat=default", "-c", "core.fsmonitor=false")
"""git sees a change by size, mtime, ctime and inode (and re-reads files changed in the second it wrote its
index). mtime can be set back (`touch -r`, `rsync -t`); ctime cannot, so its check is forced on, and git looks
at the files themselves rather than ask a file-system monitor."""

_SECOND = 1_000_000_000
_STEP = "list changed minutes"
MANY = 500
"""More paths than this are not named to git one by one (:func:`index_blobs`)."""
now_ns = time.time_ns
"""The clock a listing's stamp is taken from (tests move it)."""
_PLAIN = ("100644", "100755")


@dataclass(frozen=True)
class IndexFile:
    """git's index file of a work tree: where it is, its checksum, and when it was last written (or touched)."""

    path: str
    checksum: str
    written_ns: int


@dataclass
class Stamp:
    """What a full listing left for the next run: git's index as it saw it, when it began, the tracked files it
    had to hash and would have to hash again (:attr:`rehash`), and where the listing differs from git's index
    (:attr:`overrides`: path → content key, ``None`` for a tracked file that is gone)."""

    index: str
    checksum: str
    began_ns: int
    rehash: list[str]
    overrides: dict[str, str | None] = field(default_factory=dict)

    def text(self) -> str:
        """The stamp as stored (JSON, keys sorted: equal stamps are equal texts)."""
        return json.dumps(
            [self.index, self.checksum, self.began_ns, sorted(self.rehash), sorted(self.overrides.items())]
        )

    @staticmethod
    def of(text: str | None) -> Stamp | None:
        """The stamp stored as ``text`` (``None`` for none, or one that cannot be read)."""
        try:
            index, checksum, began, rehash, overrides = json.loads(text or "null")
            return Stamp(index, checksum, began, list(rehash), dict(overrides))
        except (TypeError, ValueError):
            return None


@dataclass
class GitListing:
    """:func:`git_listing`'s answer: ``keys`` git vouches for; ``blobs`` the id git's index holds for every plain
    tracked ``.toml`` file (vouched for or not); ``stamp`` for the next run (``None`` when it could not trust one)."""

    keys: dict[str, str]
    blobs: dict[str, str]
    stamp: Stamp | None


def index_file(folder: Path) -> IndexFile | None:
    """git's index of the work tree holding ``folder``; ``None`` without git, without an index, or one that
    keeps no checksum (``index.skipHash``)."""
    path = _index_path(folder)
    if path is None:
        try:
            where = run_git(folder, "rev-parse", "--git-path", "index", step="find git's index", timeout=60)
        except GitError:
            return None
        if where.returncode:
            return None
        path = os.path.normpath(os.path.join(folder, where.stdout.strip()))
    return _read_index(path)


def _index_path(folder: Path) -> str | None:
    """Where git keeps the index of the work tree holding ``folder``, read from the files (no process): the nearest
    ``.git`` at or above ``folder``, as git finds it, when its layout is plain (:func:`~.git.dirs.git_dirs`; our git
    processes never see ``GIT_INDEX_FILE``); what it does not plainly recognise is asked of git (one process).
    ``None``: no ``.git`` found, git must be asked."""
    here = Path(os.path.abspath(folder))
    for top in (here, *here.parents):
        if os.path.lexists(top / ".git"):
            dirs = git_dirs(top)
            return str(git_path(dirs, "index")) if dirs is not None else None
    return None


def _read_index(path: str) -> IndexFile | None:
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            handle.seek(-20, os.SEEK_END)
            checksum = handle.read(20).hex()
    except OSError:
        return None
    if checksum.strip("0") == "":
        return None
    # ctime too: a write cannot set it back (`touch -r` on the index would move its mtime alone).
    return IndexFile(path, checksum, max(status.st_mtime_ns, status.st_ctime_ns))


def git_listing(folder: Path) -> GitListing | None:
    """Path (relative to ``folder``, with ``/``) → blob id of every file under ``folder`` whose work-tree content
    git vouches for: tracked, stage 0, not assume-unchanged or skip-worktree, not modified, and not changed around
    or after git last wrote its index (see below). ``None`` when ``folder`` is not in a git work tree or git fails:
    every file is then hashed by the caller.
    """
    began = now_ns()
    before = index_file(folder)
    try:
        # One pass: every cached entry ("H …"), then each modified one again ("C …").
        staged = run_git(folder, *STRICT, "ls-files", "-c", "-m", "-s", "-v", "-z", step="list the minutes", timeout=60)
    except GitError:  # no git, a time-out: hashing every file is always correct
        return None
    after = _read_index(before.path) if before is not None else None
    if staged.returncode or after is None:
        return None
    # git compares ctime to the second only: an edit in the second git recorded the file, with size and
    # mtime put back, looks unchanged to it. As git does for mtime ("racy clean"), files whose ctime is not
    # clearly older than git's index are hashed instead (a second of slack for the command that wrote it).
    racy_from = (after.written_ns // _SECOND - 1) * _SECOND
    records = staged.stdout.split("\0")
    changed = {record.partition("\t")[2] for record in records if record.startswith("C ")}
    base = os.path.join(folder, "")
    keys: dict[str, str] = {}
    blobs: dict[str, str] = {}
    rehash: list[str] = []
    trusted = before == after  # the index did not change while git listed it
    for record in records:
        info, tab, path = record.partition("\t")
        if not tab or info.startswith("C "):
            continue
        tag, mode, blob, stage = info.split(" ")
        if mode not in _PLAIN or stage != "0":  # a symlink, a submodule, a conflict: no stamp, always the full path
            trusted = trusted and not (mode == "160000" or path.endswith(".toml") or ".toml/" in path)
            continue
        if not path.endswith(".toml"):
            continue
        blobs[path] = blob
        if tag != "H":  # assume-unchanged (h), skip-worktree (S): git does not look
            rehash.append(path)
        elif path not in changed:
            try:
                if os.stat(base + path).st_ctime_ns < racy_from:
                    keys[path] = blob
                else:
                    rehash.append(path)  # hashed now, and again each time until git writes its index anew
            except OSError:
                continue
    stamp = Stamp(after.path, after.checksum, began, rehash) if trusted else None
    return GitListing(keys, blobs, stamp)


def changes_since(folder: Path, stamp: Stamp) -> list[str] | None:
    """Paths under ``folder`` (relative, with ``/``) that may differ from what the run that left ``stamp`` found:
    the ``.toml`` files git reports modified (or whose stat data changed), deleted or untracked, and the stamp's
    :attr:`~Stamp.rehash`.
    ``None`` when the stamp does not apply (git's index changed, or was written too close to that run) or git
    reports something only a full listing handles (a folder, a nested repository): then :func:`git_listing`."""
    now = index_file(folder)
    if now is None or (now.path, now.checksum) != (stamp.index, stamp.checksum):
        return None
    if stamp.began_ns // _SECOND <= now.written_ns // _SECOND + 1:
        return None
    # Two git processes at once: the tracked .toml files whose stat data differ from what git recorded (a superset
    # of the modified ones: git does not read a file whose stat alone changed; we hash it), and the untracked files.
    # `ls-files -m` would read those, but it stats every tracked file, .md ones too, before it matches a pathspec.
    untracked: list = []
    context = contextvars.copy_context()  # the caller's time limit holds in the other thread too
    other = threading.Thread(target=lambda: untracked.append(context.run(_untracked, folder)))
    other.start()
    try:
        changed = ("diff-files", "--relative", "--name-only", "-z", "--", "*.toml")
        report = run_git(folder, *STRICT, *changed, step=_STEP, timeout=60)
    except GitError:
        report = None
    finally:
        other.join()
    again = _read_index(now.path)
    if report is None or report.returncode or untracked[0] is None or again is None or again.checksum != now.checksum:
        return None
    paths = set(stamp.rehash)
    base = os.path.join(folder, "")
    for path in filter(None, (report.stdout + untracked[0]).split("\0")):
        if path.endswith("/") or ".toml/" in path:  # an untracked repository, a folder named like minutes
            return None
        if path.endswith(".toml"):
            paths.add(path)
        elif os.path.islink(base + path):  # a new symlink: the full listing says it is not followed
            return None
    return sorted(paths)


def index_unchanged(stamp: Stamp) -> bool:
    """git's index is byte for byte the one ``stamp`` saw: its trailing checksum, read from the file the stamp names
    (no process). A hint only — a file can change without git's index changing — so what a caller shows on its
    word must be checked by :func:`changes_since` (or the full listing) and corrected."""
    now = _read_index(stamp.index)
    return now is not None and now.checksum == stamp.checksum


def _untracked(folder: Path) -> str | None:
    """``git ls-files -o -z`` (every untracked file, ignored ones too), or ``None`` when git fails."""
    try:
        found = run_git(folder, "ls-files", "-o", "-z", step=_STEP, timeout=60)
    except GitError:
        return None
    return None if found.returncode else found.stdout


def index_blobs(folder: Path, paths: list[str]) -> dict[str, str] | None:
    """The blob id git's index holds for each of ``paths`` that it tracks as a plain file (``None``: git failed)."""
    if not paths:
        return {}
    if len(paths) > MANY:
        return None  # a command line that long may not start: the full listing reads the whole index anyway
    literal = [f":(literal){path}" for path in paths]
    try:
        found = run_git(folder, "ls-files", "-s", "-z", "--", *literal, step="list the minutes", timeout=60)
    except GitError:
        return None
    if found.returncode:
        return None
    blobs: dict[str, str] = {}
    for record in found.stdout.split("\0"):
        info, tab, path = record.partition("\t")
        parts = info.split(" ")
        if tab and len(parts) == 3 and parts[0] in _PLAIN and parts[2] == "0":
            blobs[path] = parts[1]
    return blobs
