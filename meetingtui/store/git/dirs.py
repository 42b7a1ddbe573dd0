"""Where git keeps a work tree's state and a repository's shared state: the folders our lock and intent files go in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meetingtui.store.git.run import run_git


@dataclass(frozen=True)
class GitDirs:
    """Where git keeps this work tree's own state (HEAD, index) and the repository's shared state."""

    git_dir: Path
    common_dir: Path


_dirs_cache: dict[str, GitDirs] = {}


def git_dirs(root: Path) -> GitDirs | None:
    """The git folders of the work tree at ``root`` (one git process, then remembered); None outside git."""
    key = str(root)
    known = _dirs_cache.get(key)
    if known is not None and known.git_dir.is_dir():
        return known
    if not Path(root).is_dir():
        return None
    result = run_git(root, "rev-parse", "--git-dir", "--git-common-dir", step="status")
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != 2:
        return None
    found = GitDirs(*(Path(root, line).absolute() for line in lines))  # relative ones are relative to root
    _dirs_cache[key] = found
    return found
