"""Every way a commit can fail: nothing committed, files still on disk, the index as it was, a hint that works."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from meetingtui.store import git
from meetingtui.store.git import commit as git_commit
from tests.git_helpers import start_merge_conflict


def run(root: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True).stdout


@pytest.fixture
def minutes(git_repo: Path) -> list[Path]:
    """Two saved, uncommitted minutes files."""
    folder = git_repo / "minutes" / "2026"
    folder.mkdir(parents=True)
    toml, md = folder / "2026-11-27-sync.toml", folder / "2026-11-27-sync.md"
    toml.write_text('title = "Sync"\n')
    md.write_text("# Sync\n")
    return [toml, md]


def assert_nothing_happened(root: Path, files: list[Path], head: str | None, status: str) -> None:
    assert git.head_sha(root) == head
    assert all(path.is_file() for path in files)
    assert run(root, "status", "--porcelain") == status


def test_failing_pre_commit_hook_shows_its_output(git_repo: Path, minutes: list[Path]) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'minutes.md: trailing whitespace on line 3' >&2\nexit 1\n")
    hook.chmod(0o755)
    head, status = git.head_sha(git_repo), run(git_repo, "status", "--porcelain")

    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes: Sync (2026-11-27)")

    error = caught.value
    assert error.step == "commit"
    assert "hook" in error.summary and "pre-commit" in error.summary
    assert "trailing whitespace on line 3" in error.output
    assert "meetingtui commit" in error.hint
    assert_nothing_happened(git_repo, minutes, head, status)  # the new files are untracked again

    hook.unlink()
    git.commit_files(git_repo, minutes, "Minutes: Sync (2026-11-27)")
    assert git.head_sha(git_repo) != head


def test_hooks_in_core_hooks_path_are_named_too(git_repo: Path, minutes: list[Path]) -> None:
    hooks = git_repo / ".githooks"
    hooks.mkdir()
    (hooks / "commit-msg").write_text("#!/bin/sh\necho 'message must name a ticket'\nexit 1\n")
    (hooks / "commit-msg").chmod(0o755)
    run(git_repo, "config", "core.hooksPath", ".githooks")
    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")
    assert "commit-msg" in caught.value.summary
    assert "message must name a ticket" in caught.value.output


def test_index_lock_is_waited_for_then_explained_and_never_deleted(
    git_repo: Path, minutes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_commit, "LOCK_WAIT_SECONDS", 0.3)
    lock = git_repo / ".git" / "index.lock"
    lock.write_text("")
    head, status = git.head_sha(git_repo), run(git_repo, "status", "--porcelain")

    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")

    assert "index.lock" in caught.value.summary
    assert str(lock) in caught.value.hint
    assert lock.exists()
    assert_nothing_happened(git_repo, minutes, head, status)


def test_index_lock_released_while_waiting(git_repo: Path, minutes: list[Path]) -> None:
    lock = git_repo / ".git" / "index.lock"
    lock.write_text("")
    release = threading.Timer(0.4, lock.unlink)
    release.start()
    try:
        git.commit_files(git_repo, minutes, "Minutes")
    finally:
        release.join()
    assert set(run(git_repo, "show", "--name-only", "--format=", "HEAD").split()) == {
        "minutes/2026/2026-11-27-sync.toml",
        "minutes/2026/2026-11-27-sync.md",
    }


def test_not_a_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    (folder / "minutes").mkdir(parents=True)
    path = folder / "minutes" / "a.toml"
    path.write_text("x = 1\n")
    with pytest.raises(git.GitError) as caught:
        git.commit_files(folder, [path], "Minutes")
    assert "not a git repository" in caught.value.summary
    assert "git -C" in caught.value.hint and "init" in caught.value.hint
    assert "meetingtui init" in caught.value.hint
    assert path.is_file()
    with pytest.raises(git.GitError, match="not a git repository"):
        git.uncommitted_files(folder, folder / "minutes")


def test_detached_head_is_refused(git_repo: Path, minutes: list[Path]) -> None:
    run(git_repo, "checkout", "-q", "--detach")
    head, status = git.head_sha(git_repo), run(git_repo, "status", "--porcelain")
    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")
    assert "detached" in caught.value.summary
    assert "switch main" in caught.value.hint
    assert_nothing_happened(git_repo, minutes, head, status)


def make_merge_conflict(root: Path) -> None:
    start_merge_conflict(root)
    assert (root / ".git" / "MERGE_HEAD").exists()


def test_merge_in_progress_is_refused(git_repo: Path, minutes: list[Path]) -> None:
    make_merge_conflict(git_repo)
    head, status = git.head_sha(git_repo), run(git_repo, "status", "--porcelain")
    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")
    assert "merge is in progress" in caught.value.summary
    assert "git merge --abort" in caught.value.hint
    assert_nothing_happened(git_repo, minutes, head, status)


def test_rebase_in_progress_is_refused(git_repo: Path, minutes: list[Path]) -> None:
    run(git_repo, "checkout", "-q", "-b", "other")
    (git_repo / "README.md").write_text("theirs\n")
    run(git_repo, "commit", "-q", "-am", "theirs")
    run(git_repo, "checkout", "-q", "main")
    (git_repo / "README.md").write_text("ours\n")
    run(git_repo, "commit", "-q", "-am", "ours")
    run(git_repo, "rebase", "-q", "other", check=False)
    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")
    assert "rebase" in caught.value.summary
    assert "git rebase --abort" in caught.value.hint


def remove_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No identity anywhere, and no guessing one from the host name (which some machines allow)."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "global.gitconfig"
    config.write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))


def test_no_identity(git_repo: Path, minutes: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remove_identity(tmp_path, monkeypatch)
    head, status = git.head_sha(git_repo), run(git_repo, "status", "--porcelain")
    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")
    assert "who you are" in caught.value.summary
    assert 'git config user.name "' in caught.value.hint
    assert 'git config user.email "' in caught.value.hint
    assert_nothing_happened(git_repo, minutes, head, status)

    run(git_repo, "config", "user.name", "Dana")
    run(git_repo, "config", "user.email", "dana@example.com")
    git.commit_files(git_repo, minutes, "Minutes")
    assert run(git_repo, "log", "-1", "--format=%an <%ae>").strip() == "Dana <dana@example.com>"


def test_ignored_minutes_are_not_forced_in(git_repo: Path, minutes: list[Path]) -> None:
    (git_repo / ".gitignore").write_text("*.md\n")
    with pytest.raises(git.GitError) as caught:
        git.commit_files(git_repo, minutes, "Minutes")
    assert "minutes/2026/2026-11-27-sync.md" in caught.value.summary
    assert "check-ignore -v" in caught.value.hint
    assert git.head_sha(git_repo) == run(git_repo, "rev-parse", "HEAD").strip()
    assert run(git_repo, "log", "-1", "--format=%s").strip() == "init"
