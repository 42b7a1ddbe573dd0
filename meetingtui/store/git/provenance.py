"""Whose content a minutes file holds: what ``meetingtui commit`` may commit over a tracked file.

A work tree can hold an older copy of a colleague's minutes (an update cut short, a
file restored by hand). Committing it would replace their minutes on the remote, so a
changed tracked file is committed only when this clone's own save wrote that content
(:func:`~meetingtui.store.state_records.written_by_us`) and no earlier commit had it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from meetingtui.store.git.refs import head_sha
from meetingtui.store.git.run import relative, run_git
from meetingtui.store.state_records import written_by_us


def not_ours(root: Path, state_dir: Path, toml: Path, files: Iterable[Path]) -> list[Path]:
    """Those of one meeting's changed ``files`` whose content this clone did not write (none: commit them).

    New files are ours to commit. A changed tracked TOML is ours when a save of this user recorded that
    content; a changed tracked Markdown (a re-render) when its TOML is ours or unchanged. Either is never
    ours when an earlier commit had that very content: that is an old copy, not new work.
    """
    tracked = sorted(in_head(root, files))
    if not tracked:
        return []
    if toml in tracked and not written_by_us(state_dir, toml):
        return tracked
    if any(earlier_version(root, path) for path in tracked):
        return tracked
    return []


def in_head(root: Path, paths: Iterable[Path]) -> set[Path]:
    """Those of ``paths`` that HEAD holds (tracked files; a new file is not)."""
    root = Path(root)
    specs = {relative(root, path): path for path in paths}
    if not specs or head_sha(root) is None:
        return set()
    listed = run_git(root, "--literal-pathspecs", "ls-tree", "-z", "--name-only", "HEAD", "--", *specs, step="status")
    return {specs[name] for name in listed.stdout.split("\0") if name in specs}


def earlier_version(root: Path, path: Path) -> bool:
    """True when ``path`` on disk holds what an earlier commit had there: an old copy, not new work."""
    root = Path(root)
    spec = relative(root, path)
    blob = run_git(root, "hash-object", "--", spec, step="status").stdout.strip()
    history = run_git(
        root, "--literal-pathspecs", "log", "--format=", "--raw", "--no-abbrev", "HEAD", "--", spec, step="status"
    )
    return bool(blob) and any(blob in line.split()[2:4] for line in history.stdout.splitlines() if line.startswith(":"))
