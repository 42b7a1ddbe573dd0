"""Git states that tests put a real repository into."""

from __future__ import annotations

import subprocess
from pathlib import Path


def start_merge_conflict(root: Path) -> None:
    """Leave ``root`` (on ``main``, with README.md committed) in the middle of a conflicted merge."""

    def git(*args: str, check: bool = True) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True)

    git("checkout", "-q", "-b", "other")
    (root / "README.md").write_text("theirs\n")
    git("commit", "-q", "-am", "theirs")
    git("checkout", "-q", "main")
    (root / "README.md").write_text("ours\n")
    git("commit", "-q", "-am", "ours")
    git("merge", "-q", "other", check=False)
