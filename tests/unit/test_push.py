"""Pushing to a real bare remote while a second clone races us: rebase and retry, never force, never lose."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from meetingtui.store import git


def run(root: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True).stdout.strip()


def save(root: Path, name: str, text: str) -> Path:
    path = root / "minutes" / "2026" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def remote(git_repo: Path, tmp_path: Path) -> Path:
    """A bare repository, ``origin`` of ``git_repo`` (nothing pushed, no upstream set yet)."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    run(git_repo, "remote", "add", "origin", str(bare))
    return bare


@pytest.fixture
def other(git_repo: Path, remote: Path, tmp_path: Path) -> Path:
    """A second clone of the remote, after our first push."""
    git.push(git_repo)
    clone = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    return clone


def other_pushes(clone: Path, name: str, text: str) -> str:
    save(clone, name, text)
    run(clone, "add", ".")
    run(clone, "commit", "-q", "-m", f"other: {name}")
    run(clone, "push", "-q")
    return run(clone, "rev-parse", "HEAD")


def test_first_push_sets_the_upstream(git_repo: Path, remote: Path) -> None:
    sha = git.commit_files(git_repo, [save(git_repo, "a.toml", "a\n")], "Minutes: A")
    assert sha in git.unpushed_commits(git_repo)
    result = git.push(git_repo)
    assert (result.pushed, result.attempts, result.rebased) == (True, 1, False)
    assert "origin/main" in result.message
    assert run(remote, "rev-parse", "main") == sha
    assert run(git_repo, "config", "branch.main.remote") == "origin"
    assert run(git_repo, "config", "branch.main.merge") == "refs/heads/main"
    assert git.unpushed_commits(git_repo) == []


def test_push_when_the_remote_has_everything(git_repo: Path, remote: Path) -> None:
    git.push(git_repo)
    result = git.push(git_repo)
    assert result.pushed is False
    assert "up to date" in result.message


def test_push_goes_to_the_tracked_branch(git_repo: Path, remote: Path) -> None:
    run(git_repo, "push", "-q", "origin", "main:trunk")
    run(git_repo, "branch", "-q", "--set-upstream-to", "origin/trunk")
    sha = git.commit_files(git_repo, [save(git_repo, "a.toml", "a\n")], "Minutes: A")
    git.push(git_repo)
    assert run(remote, "rev-parse", "trunk") == sha
    assert run(remote, "rev-parse", "--verify", "--quiet", "main", check=False) == ""


def test_rejected_push_rebases_onto_the_remote_and_keeps_their_commit(git_repo: Path, other: Path) -> None:
    theirs = other_pushes(other, "theirs.toml", "theirs\n")
    ours = git.commit_files(git_repo, [save(git_repo, "ours.toml", "ours\n")], "Minutes: Ours")

    result = git.push(git_repo)

    assert (result.pushed, result.attempts, result.rebased) == (True, 2, True)
    remote_head = run(other, "ls-remote", "origin", "refs/heads/main").split()[0]
    assert remote_head == run(git_repo, "rev-parse", "HEAD") != ours
    assert run(git_repo, "rev-parse", "HEAD~1") == theirs
    assert run(git_repo, "log", "-1", "--format=%s") == "Minutes: Ours"
    assert run(git_repo, "show", "--name-only", "--format=", "HEAD") == "minutes/2026/ours.toml"
    assert (git_repo / "minutes" / "2026" / "theirs.toml").read_text() == "theirs\n"
    assert git.unpushed_commits(git_repo) == []


def test_rebase_keeps_the_users_staged_and_unstaged_work(git_repo: Path, other: Path) -> None:
    other_pushes(other, "theirs.toml", "theirs\n")
    git.commit_files(git_repo, [save(git_repo, "ours.toml", "ours\n")], "Minutes: Ours")
    (git_repo / "plan.txt").write_text("staged\n")
    run(git_repo, "add", "plan.txt")
    (git_repo / "README.md").write_text("# edited, not staged\n")

    assert git.push(git_repo).rebased

    assert run(git_repo, "diff", "--cached", "--name-only") == "plan.txt"
    assert run(git_repo, "diff", "--name-only") == "README.md"
    assert run(git_repo, "stash", "list") == ""


def test_conflicting_rebase_is_aborted_and_our_commit_stays_local(git_repo: Path, other: Path) -> None:
    theirs = other_pushes(other, "2026-11-27-sync.md", "their version\n")
    ours = git.commit_files(git_repo, [save(git_repo, "2026-11-27-sync.md", "our version\n")], "Minutes: Sync")
    (git_repo / "plan.txt").write_text("staged\n")
    run(git_repo, "add", "plan.txt")

    with pytest.raises(git.GitError) as caught:
        git.push(git_repo)

    error = caught.value
    assert error.step == "push"
    assert "minutes/2026/2026-11-27-sync.md" in error.summary
    assert "pull --rebase origin main" in error.hint
    assert "not pushed" in error.hint
    assert run(git_repo, "rev-parse", "HEAD") == ours
    assert git.current_branch(git_repo) == "main"
    assert not (git_repo / ".git" / "rebase-merge").exists()
    assert not (git_repo / ".git" / "rebase-apply").exists()
    assert run(git_repo, "status", "--porcelain") == "A  plan.txt"
    assert run(git_repo, "stash", "list") == ""
    assert run(other, "ls-remote", "origin", "refs/heads/main").split()[0] == theirs
    assert ours in git.unpushed_commits(git_repo)


def test_retries_are_bounded_and_never_forced(git_repo: Path, other: Path) -> None:
    theirs = other_pushes(other, "theirs.toml", "theirs\n")
    ours = git.commit_files(git_repo, [save(git_repo, "ours.toml", "ours\n")], "Minutes: Ours")
    with pytest.raises(git.GitError) as caught:
        git.push(git_repo, attempts=1)
    assert "rejected 1 times" in caught.value.summary
    assert run(git_repo, "rev-parse", "HEAD") == ours
    assert run(other, "ls-remote", "origin", "refs/heads/main").split()[0] == theirs


def test_no_remote(git_repo: Path) -> None:
    with pytest.raises(git.GitError) as caught:
        git.push(git_repo)
    assert caught.value.summary == "this repository has no remote named 'origin'"
    assert f"git -C {git_repo} remote add origin URL" in caught.value.hint


def test_unreachable_remote(git_repo: Path, tmp_path: Path) -> None:
    run(git_repo, "remote", "add", "origin", str(tmp_path / "no-such-remote.git"))
    with pytest.raises(git.GitError) as caught:
        git.push(git_repo)
    assert caught.value.summary == "origin's URL leads to no git repository (a wrong path or address?)"
    assert "remote -v" in caught.value.hint and "remote set-url origin URL" in caught.value.hint
    assert "no-such-remote" in caught.value.output


def test_detached_head_is_not_pushed(git_repo: Path, remote: Path) -> None:
    run(git_repo, "checkout", "-q", "--detach")
    with pytest.raises(git.GitError, match="detached"):
        git.push(git_repo)


def test_pre_push_hook_rejection_shows_the_hook_and_keeps_the_commit(git_repo: Path, remote: Path) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-push"
    hook.write_text('#!/bin/sh\necho "prompts=$GIT_TERMINAL_PROMPT: pushes are frozen today" >&2\nexit 1\n')
    hook.chmod(0o755)
    sha = git.commit_files(git_repo, [save(git_repo, "a.toml", "a\n")], "Minutes: A")
    with pytest.raises(git.GitError) as caught:
        git.push(git_repo)
    assert "prompts=0: pushes are frozen today" in caught.value.output
    assert "--push" in caught.value.hint
    assert git.unpushed_commits(git_repo)[0] == sha
    assert run(remote, "rev-parse", "--verify", "--quiet", "main", check=False) == ""


def test_server_side_rejection_is_not_retried(git_repo: Path, remote: Path) -> None:
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is protected: open a pull request'\nexit 1\n")
    hook.chmod(0o755)
    git.commit_files(git_repo, [save(git_repo, "a.toml", "a\n")], "Minutes: A")
    with pytest.raises(git.GitError) as caught:
        git.push(git_repo)
    assert "refused the push" in caught.value.summary
    assert "main is protected" in caught.value.output
