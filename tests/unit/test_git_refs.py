"""HEAD read from git's files gives git's own answer in every state a clone goes through, and git is asked where
the files do not plainly say; one operation asks git what only configuration changes once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from meetingtui.store.git import memo, refs, run


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def _git_says(root: Path) -> tuple[str | None, str | None]:
    branch = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    sha = _git(root, "rev-parse", "--quiet", "--verify", "HEAD^{commit}")
    return (branch.stdout.strip() or None) if branch.returncode == 0 else None, sha.stdout.strip() or None


def _we_say(root: Path) -> tuple[str | None, str | None]:
    return refs.current_branch(root), refs.head_sha(root)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The git commands meetingtui starts (still run); the test's own, which start no session, are not counted."""
    started: list[tuple[str, ...]] = []
    real = run.subprocess.Popen

    def popen(argv, *args, **kwargs):
        if kwargs.get("start_new_session"):
            started.append(tuple(argv[3:]))
        return real(argv, *args, **kwargs)

    monkeypatch.setattr(run.subprocess, "Popen", popen)
    return started


def test_every_state_of_head_reads_as_git_says_without_a_process(
    tmp_path: Path, git_repo: Path, asked: list[tuple[str, ...]]
) -> None:
    unborn = tmp_path / "unborn"
    _git(tmp_path, "init", "-q", "-b", "trunk", str(unborn))
    states = [unborn, git_repo]
    assert [_we_say(root) for root in states] == [_git_says(root) for root in states]
    assert _we_say(unborn) == ("trunk", None)

    _git(git_repo, "pack-refs", "--all")  # the branch now lives only in packed-refs
    assert not (git_repo / ".git/refs/heads/main").exists()
    assert _we_say(git_repo) == _git_says(git_repo)

    _git(git_repo, "commit", "-q", "--allow-empty", "-m", "second")  # a loose ref beside an older packed one
    assert _we_say(git_repo) == _git_says(git_repo)

    linked = tmp_path / "linked"
    _git(git_repo, "worktree", "add", "-q", "-b", "side", str(linked))
    _git(linked, "commit", "-q", "--allow-empty", "-m", "on the side")
    assert _we_say(linked) == _git_says(linked) != _git_says(git_repo)

    _git(git_repo, "checkout", "-q", "--detach", "HEAD~1")
    assert _we_say(git_repo) == (None, _git_says(git_repo)[1])

    _git(git_repo, "update-ref", "refs/remotes/origin/main", "main")
    assert refs.ref_sha(git_repo, "refs/remotes/origin/main") == _git(git_repo, "rev-parse", "main").stdout.strip()
    _git(git_repo, "pack-refs", "--all")
    assert refs.ref_sha(linked, "refs/remotes/origin/main") == _git(git_repo, "rev-parse", "main").stdout.strip()
    assert refs.ref_sha(git_repo, "refs/remotes/origin/gone") is None
    assert asked == []


def test_a_commit_finds_what_git_would_point_it_to(git_repo: Path, tmp_path: Path) -> None:
    """The folders of a commit's questions (a merge in progress, the index's lock, the branches), from the layout."""
    linked = tmp_path / "linked"
    _git(git_repo, "worktree", "add", "-q", "-b", "side", str(linked))
    names = ["rebase-merge", "MERGE_HEAD", "BISECT_LOG", "index.lock", "refs/heads", "refs/bisect", "packed-refs"]
    for root in (git_repo, linked):
        plain = refs.plain_head(root)
        assert plain is not None
        said = _git(root, "rev-parse", *(arg for name in names for arg in ("--git-path", name))).stdout.splitlines()
        assert [refs.git_path(plain[0], name).resolve() for name in names] == [(root / p).resolve() for p in said]
    assert refs.plain_head(git_repo / "minutes") is None  # below the top: git is asked


def test_what_the_files_do_not_plainly_say_is_asked_of_git(git_repo: Path, asked: list[tuple[str, ...]]) -> None:
    _git(git_repo, "symbolic-ref", "refs/heads/alias", "refs/heads/main")
    _git(git_repo, "symbolic-ref", "HEAD", "refs/heads/alias")  # HEAD → alias → main
    assert _we_say(git_repo) == _git_says(git_repo)
    assert len(asked) == 2

    asked.clear()
    _git(git_repo, "symbolic-ref", "HEAD", "refs/heads/main")
    (git_repo / ".git/reftable").mkdir()  # another ref store: its files are not git's answer
    assert _we_say(git_repo) == _git_says(git_repo)
    assert [words[0] for words in asked] == ["symbolic-ref", "rev-parse"]


def test_one_operation_asks_for_the_remotes_once_until_a_command_may_change_them(
    git_repo: Path, asked: list[tuple[str, ...]]
) -> None:
    def remotes() -> str:
        return run.run_git(git_repo, "remote", step="test").stdout

    with memo.one_operation():
        assert remotes() == remotes() == ""
        assert run.run_git(git_repo, "remote", "add", "origin", "/nowhere", step="test").returncode == 0
        assert remotes() == remotes() == "origin\n"
        assert run.run_git(git_repo, "config", "--get", "x.y", step="test").returncode == 1
        assert run.run_git(git_repo, "config", "--get", "x.y", step="test").returncode == 1
        run.run_git(git_repo, "-c", "a.b=c", "config", "x.y", "z", step="test")
        assert run.run_git(git_repo, "config", "--get", "x.y", step="test").stdout == "z\n"
    assert remotes() == "origin\n"  # outside an operation: asked every time
    commands = [words[0] for words in asked]
    assert commands == ["remote", "remote", "remote", "config", "-c", "config", "remote"]
