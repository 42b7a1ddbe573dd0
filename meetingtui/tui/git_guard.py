"""Leaving the app stops git (fetch, commit, push and the user's hooks) instead of waiting for it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from meetingtui.store.git.run import abandon_git, allow_git


class GitGuard:
    """Counts the workers running git (fetch, commit, push); once leaving began, their git is stopped, not awaited."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy = 0
        self._closing = False

    @contextlib.contextmanager
    def work(self) -> Iterator[None]:
        """Around a worker's git work (fetch, commit, push)."""
        with self._lock:
            self._busy += 1
            if self._closing:
                abandon_git()  # begun after leaving began: refused at once
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1
                if self._closing and not self._busy:
                    allow_git()  # the last one has stopped: git in this process may talk again

    def close(self) -> None:
        """Leaving: a fetch, commit or push still running is stopped, hooks included (it stays pending)."""
        with self._lock:
            self._closing = True
            if self._busy:
                abandon_git()
