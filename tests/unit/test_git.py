"""store/git.py against real git: what a commit holds, what it leaves alone, what counts as uncommitted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from meetingtui.store import git


def run(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def committed_names(root: Path, rev: str = "HEAD") -> set[str]:
    return set(run(root, "show", "--name-only", "--format=", rev).split())


def staged_names(root: Path) -> set[str]:
    return set(run(root, "diff", "--cached", "--name-only").split())


def write(root: Path, name: str, text: str = "content\n") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_is_repository_only_for_the_top_of_a_work_tree(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "minutes").mkdir()
    plain = tmp_path / "plain"
    plain.mkdir()
    assert git.is_repository(git_repo)
    assert not git.is_repository(git_repo / "minutes")
    assert not git.is_repository(plain)
    assert not git.is_repository(tmp_path / "missing")


def test_init_needs_no_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    root = tmp_path / "new" / "repo"
    git.init(root)
    assert git.is_repository(root)
    assert git.head_sha(root) is None


def test_commit_holds_exactly_the_given_files_and_leaves_staged_work_staged(git_repo: Path) -> None:
    write(git_repo, "plan.txt", "the user's own work\n")
    run(git_repo, "add", "plan.txt")
    write(git_repo, "README.md", "# minutes, edited but not staged\n")
    write(git_repo, "scratch.txt")
    toml = write(git_repo, "minutes/2026/2026-11-27-weekly-sync.toml", 'title = "x"\n')
    md = write(git_repo, "minutes/2026/2026-11-27-weekly-sync.md", "# x\n")
    before = git.head_sha(git_repo)

    sha = git.commit_files(git_repo, [toml, md], "Minutes: Weekly sync (2026-11-27)")

    assert sha == run(git_repo, "rev-parse", "HEAD").strip()
    assert len(sha) == 40
    assert run(git_repo, "rev-parse", "HEAD~1").strip() == before
    assert committed_names(git_repo) == {
        "minutes/2026/2026-11-27-weekly-sync.toml",
        "minutes/2026/2026-11-27-weekly-sync.md",
    }
    assert run(git_repo, "log", "-1", "--format=%s").strip() == "Minutes: Weekly sync (2026-11-27)"
    assert staged_names(git_repo) == {"plan.txt"}
    status = run(git_repo, "status", "--porcelain")
    assert "A  plan.txt" in status
    assert " M README.md" in status
    assert "?? scratch.txt" in status
    assert "minutes" not in status


def test_commit_takes_relative_paths_and_updates_tracked_files(git_repo: Path) -> None:
    write(git_repo, "minutes/a.toml", "one\n")
    first = git.commit_files(git_repo, [Path("minutes/a.toml")], "first")
    write(git_repo, "minutes/a.toml", "two\n")
    second = git.commit_files(git_repo, ["minutes/a.toml"], "second")
    assert second != first
    assert run(git_repo, "show", "HEAD:minutes/a.toml") == "two\n"
    assert committed_names(git_repo) == {"minutes/a.toml"}


def test_nothing_to_commit_returns_head_and_makes_no_commit(git_repo: Path) -> None:
    path = write(git_repo, "minutes/a.toml")
    sha = git.commit_files(git_repo, [path], "first")
    count = run(git_repo, "rev-list", "--count", "HEAD")
    assert git.commit_files(git_repo, [path], "again") == sha
    assert run(git_repo, "rev-list", "--count", "HEAD") == count


def test_first_commit_of_a_fresh_repository(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    git.init(root)
    path = write(root, "minutes/a.toml")
    sha = git.commit_files(root, [path], "first")
    assert git.head_sha(root) == sha
    assert committed_names(root) == {"minutes/a.toml"}


def test_paths_are_literal_not_glob_patterns(git_repo: Path) -> None:
    star = write(git_repo, "minutes/a*.md")
    write(git_repo, "minutes/ab.md")
    git.commit_files(git_repo, [star], "star")
    assert committed_names(git_repo) == {"minutes/a*.md"}
    assert "?? minutes/ab.md" in run(git_repo, "status", "--porcelain")


def test_missing_file_is_not_committed(git_repo: Path) -> None:
    with pytest.raises(FileNotFoundError):
        git.commit_files(git_repo, [git_repo / "minutes" / "gone.toml"], "x")


def test_uncommitted_files_lists_new_and_changed_minutes_only(git_repo: Path) -> None:
    kept = write(git_repo, "minutes/2026/kept.toml")
    changed = write(git_repo, "minutes/2026/changed.toml")
    gone = write(git_repo, "minutes/2026/gone.md")
    git.commit_files(git_repo, [kept, changed, gone], "earlier")
    changed.write_text("edited\n")
    gone.unlink()
    new = write(git_repo, "minutes/2026/new meeting.md")
    write(git_repo, "minutes/.gitignore", "*.journal\n")
    write(git_repo, "minutes/2026/work.journal")
    write(git_repo, "elsewhere.toml")
    found = git.uncommitted_files(git_repo, git_repo / "minutes")
    assert found == sorted([changed, new, git_repo / "minutes" / ".gitignore"])
    assert all(path.is_absolute() for path in found)
    assert git.uncommitted_files(git_repo, Path("minutes/2026")) == sorted([changed, new])
    assert git.uncommitted_files(git_repo, git_repo / "no-such-folder") == []


def test_uncommitted_files_in_a_repository_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    git.init(root)
    path = write(root, "minutes/a.toml")
    assert git.uncommitted_files(root, root / "minutes") == [path]


def test_branch_and_head_helpers(git_repo: Path) -> None:
    assert git.current_branch(git_repo) == "main"
    assert git.head_sha(git_repo) == run(git_repo, "rev-parse", "HEAD").strip()
    run(git_repo, "checkout", "-q", "--detach")
    assert git.current_branch(git_repo) is None


def test_git_error_reads_as_what_failed_how_to_fix_and_what_git_said() -> None:
    error = git.GitError("commit", "a hook said no", "fix it\nthen retry", "line 1\nline 2")
    text = str(error)
    assert text.splitlines()[0] == "git commit failed: a hook said no"
    assert "  fix it" in text and "  then retry" in text
    assert "  | line 1" in text and "  | line 2" in text
    long = git.GitError("push", "x", output="\n".join(f"line {n}" for n in range(100)))
    assert "line 99" in str(long) and "line 0\n" not in str(long)


def test_git_runs_without_repository_variables_from_a_surrounding_hook(
    git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    git.init(other)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    path = write(git_repo, "minutes/a.toml")
    git.commit_files(git_repo, [path], "here")
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert committed_names(git_repo) == {"minutes/a.toml"}
    assert git.head_sha(other) is None


def test_an_optional_file_goes_in_only_when_changed_and_never_when_ignored(git_repo: Path) -> None:
    report = write(git_repo, "REPORT.md", "# report\n")
    first = write(git_repo, "minutes/2026/a.toml")
    git.commit_files(git_repo, [first], "first", optional=[report])
    assert committed_names(git_repo) == {"minutes/2026/a.toml", "REPORT.md"}  # new: it goes in

    second = write(git_repo, "minutes/2026/b.toml")
    git.commit_files(git_repo, [second], "second", optional=[report])
    assert committed_names(git_repo) == {"minutes/2026/b.toml"}  # unchanged: nothing of it in the commit

    run(git_repo, "rm", "--cached", "--quiet", "REPORT.md")
    run(git_repo, "commit", "--quiet", "-m", "untrack the report")
    write(git_repo, ".gitignore", "REPORT.md\n")
    report.write_text("# report, regenerated\n")
    write(git_repo, "plan.txt", "the user's own work\n")
    run(git_repo, "add", "plan.txt")
    third = write(git_repo, "minutes/2026/c.toml")
    git.commit_files(git_repo, [third], "third", optional=[report])
    assert committed_names(git_repo) == {"minutes/2026/c.toml"}  # ignored: left out, the minutes not refused
    assert staged_names(git_repo) == {"plan.txt"}
    assert "REPORT.md" not in run(git_repo, "ls-files")


def test_a_refused_commit_forgets_only_the_files_it_made_known(git_repo: Path) -> None:
    tracked = write(git_repo, "minutes/2026/tracked.toml")
    git.commit_files(git_repo, [tracked], "earlier")
    tracked.write_text("edited\n")
    run(git_repo, "add", "minutes/2026/tracked.toml")  # the user staged it: it stays staged
    new = write(git_repo, "minutes/2026/new.toml")
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(git.GitError):
        git.commit_files(git_repo, [tracked, new], "refused")
    assert run(git_repo, "ls-files", "minutes") == "minutes/2026/tracked.toml\n"  # no intent-to-add left
    assert staged_names(git_repo) == {"minutes/2026/tracked.toml"}
    assert new.exists()


def test_the_sha_returned_is_the_branch_tip_with_packed_refs_and_in_a_linked_work_tree(
    git_repo: Path, tmp_path: Path
) -> None:
    run(git_repo, "pack-refs", "--all")  # no loose ref file before the commit
    sha = git.commit_files(git_repo, [write(git_repo, "minutes/a.toml")], "packed")
    assert sha == run(git_repo, "rev-parse", "HEAD").strip()
    linked = tmp_path / "linked"
    run(git_repo, "worktree", "add", "--quiet", "-b", "side/branch", str(linked))
    sha = git.commit_files(linked, [write(linked, "minutes/b.toml")], "linked")
    assert sha == run(linked, "rev-parse", "HEAD").strip() == run(git_repo, "rev-parse", "side/branch").strip()
    assert run(git_repo, "rev-parse", "HEAD").strip() != sha  # the main tree's branch did not move
