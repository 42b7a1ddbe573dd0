"""Where git keeps a work tree's state and a repository's shared state: the folders our lock and intent files go in."""

from __future__ import annotations

import os
from pathlib import Path

from meetingtui.domain.lean import frozen
from meetingtui.store.git.run import run_git


@frozen
class GitDirs:
    """Where git keeps this work tree's own state (HEAD, index) and the repository's shared state."""

    git_dir: Path
    common_dir: Path


_dirs_cache: dict[str, GitDirs] = {}


def git_dirs(root: Path) -> GitDirs | None:
    """The git folders of the work tree at ``root`` (read from its ``.git``, else one git process; then
    remembered); None outside git."""
    key = str(root)
    known = _dirs_cache.get(key)
    if known is not None and known.git_dir.is_dir():
        return known
    if not Path(root).is_dir():
        return None
    found = _from_layout(Path(root))
    if found is None:
        result = run_git(root, "rev-parse", "--git-dir", "--git-common-dir", step="status")
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) != 2:
            return None
        found = GitDirs(*(Path(root, line).absolute() for line in lines))  # relative ones are relative to root
    _dirs_cache[key] = found
    return found


OVERRIDES = ("GIT_DIR", "GIT_COMMON_DIR", "GIT_WORK_TREE")
"""Environment variables that move git's folders: with any of them set, git itself is asked."""


def _from_layout(root: Path) -> GitDirs | None:
    """The folders as git's documented layout (gitrepository-layout) puts them at the top of a work tree.

    ``.git`` is the folder, or a file ``gitdir: PATH`` (a linked worktree, a submodule); a ``commondir``
    file in it names the shared folder. None when that is not plainly the case (``root`` below the top,
    an override in the environment, anything unexpected): then git is asked. This spares the git process
    a meeting's window lock otherwise starts before the first frame.
    """
    if any(os.environ.get(name) for name in OVERRIDES):
        return None
    dot_git = root / ".git"
    try:
        if dot_git.is_dir() and not dot_git.is_symlink():
            git_dir = dot_git
        elif dot_git.is_file():
            text = dot_git.read_text(encoding="utf-8").strip()
            if not text.startswith("gitdir:"):
                return None
            git_dir = root / text.removeprefix("gitdir:").strip()
        else:
            return None
        common = git_dir
        if (git_dir / "commondir").is_file():
            common = git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not (git_dir / "HEAD").is_file() or not (common / "objects").is_dir():
        return None
    return GitDirs(*(Path(os.path.normpath(folder.absolute())) for folder in (git_dir, common)))
