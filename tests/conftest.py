"""Every test runs with its own HOME, XDG folders and git identity: nothing leaks in or out."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_user(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh home: per-user data and state go to temp folders; git has a test identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Facilitator")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "facilitator@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Facilitator")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "facilitator@example.com")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("MEETINGTUI_REPO", raising=False)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    return home


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """A real, empty git repository with one initial commit."""
    root = tmp_path / "team-minutes"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "README.md").write_text("# minutes\n")
    subprocess.run(["git", "-C", str(root), "add", "README.md"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "init"], check=True)
    return root


def require_tool(name: str) -> str:
    """The path of a command-line tool; fail in CI (which installs it), skip on a dev machine without it."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run installs it")
    pytest.skip(f"{name} is not installed")
