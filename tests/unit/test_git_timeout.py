"""A time limit on git is a time limit: even a helper that escapes git's process group cannot stretch it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from meetingtui.store.git.run import GitError, run_git


def test_a_helper_that_keeps_the_output_open_does_not_stretch_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    # Stands in for ssh's ControlMaster: a child in its own session that inherits git's output and outlives it.
    shim.write_text("#!/bin/sh\nsetsid sleep 8 &\nsleep 8\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}:/usr/bin:/bin")
    started = time.monotonic()
    with pytest.raises(GitError) as caught:
        run_git(tmp_path, "fetch", "origin", step="fetch", timeout=1)
    assert time.monotonic() - started < 4
    assert caught.value.summary == "`git fetch` did not finish within 1 s"
    assert "safe locally" not in caught.value.hint  # a fetch has no commits of ours at stake
