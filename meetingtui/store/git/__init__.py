"""The one way meetingtui talks to git: the ``git`` command line, so the user's config, hooks and credentials apply.

The subpackage, by role:

- :mod:`.run` starts git (no shell, no terminal, bounded in time) and defines :class:`GitError`;
- :mod:`.limits` carries the time limit of a push, a fetch or a commit to every git process it starts;
- :mod:`.commit` commits exactly the minutes' files;
- :mod:`.pushing` pushes, bringing newer commits in on a race;
- :mod:`.rebase` replays this clone's unpushed commits onto the remote's, never touching the user's work;
- :mod:`.sync` fetches before a meeting and says what is not pushed yet;
- :mod:`.join` clones or connects a team repository.

Callers outside import from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetingtui.store.git.refs import current_branch, head_sha
from meetingtui.store.git.run import GitError, Stopped
from meetingtui.store.git.status import init, is_repository, uncommitted_files, unpushed_commits

if TYPE_CHECKING:
    from meetingtui.store.git.commit import Awaited, commit_files
    from meetingtui.store.git.pushing import PushResult, landed, push

__all__ = [
    "Awaited",
    "GitError",
    "PushResult",
    "Stopped",
    "commit_files",
    "current_branch",
    "head_sha",
    "init",
    "is_repository",
    "landed",
    "push",
    "uncommitted_files",
    "unpushed_commits",
]


def __getattr__(name: str):
    """The commit and push code loads on first use: neither is needed before a save (nor before the first frame)."""
    if name in ("commit_files", "Awaited"):
        # the commit code on first use: a save needs it, the first frame does not
        from meetingtui.store.git import commit

        return getattr(commit, name)
    if name in ("push", "PushResult", "landed"):
        # the push code on first use: not needed before a save
        from meetingtui.store.git import pushing

        return getattr(pushing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
