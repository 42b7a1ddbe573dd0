"""``meetingtui commit`` and ``meetingtui render`` as a user runs them, on real repositories."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from meetingtui.cli import main
from meetingtui.domain.minutes import Minutes
from meetingtui.store.git import commit as git_commit
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.git_helpers import start_merge_conflict

SYNC = "Weekly sales & marketing sync"


def run(root: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True).stdout.strip()


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def save(root: Path, day: int = 27, title: str = SYNC) -> list[Path]:
    """Save one meeting's minutes (TOML + Markdown) the way the app does, without committing."""
    date = dt.date(2026, 11, day)
    start = dt.datetime.combine(date, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=1)))
    minutes = Minutes(
        id=f"{date.isoformat()}-weekly-sync",
        title=title,
        agenda="weekly-sync",
        date=date,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=47),
        facilitator="Dana",
    )
    return save_minutes(MinutesRepo(root), minutes).paths


REPORT = {"REPORT.md"}


def names_in(root: Path, rev: str = "HEAD") -> set[str]:
    return set(run(root, "show", "--name-only", "--format=", rev).split())


def relative(root: Path, paths: list[Path]) -> set[str]:
    return {path.relative_to(root).as_posix() for path in paths}


def test_one_commit_per_meeting_and_nothing_else(git_repo: Path) -> None:
    first, second = save(git_repo, 20), save(git_repo, 27, "Funnel  review")
    (git_repo / "plan.txt").write_text("mine\n")
    run(git_repo, "add", "plan.txt")

    result = cli("commit", "--repo", git_repo)

    assert result.exit_code == 0, result.output
    assert run(git_repo, "log", "-2", "--format=%s").splitlines() == [
        "Minutes: Funnel review (2026-11-27-weekly-sync)",
        f"Minutes: {SYNC} (2026-11-20-weekly-sync)",
    ]
    # REPORT.md, regenerated from every meeting on disk, goes with the last one (issue 22)
    assert names_in(git_repo, "HEAD") == relative(git_repo, second) | REPORT
    assert names_in(git_repo, "HEAD~1") == relative(git_repo, first)
    assert run(git_repo, "rev-parse", "--short=7", "HEAD") in result.output
    assert "minutes/2026/2026-11-27-weekly-sync.md" in result.output
    assert run(git_repo, "status", "--porcelain") == "A  plan.txt"

    again = cli("commit", "--repo", git_repo)
    assert again.exit_code == 0
    assert again.stdout.strip() == "nothing to commit"
    assert again.stderr == f"meetingtui: committing the minutes in {git_repo.resolve()}\n"


def test_a_re_rendered_markdown_is_committed_under_its_meetings_title(git_repo: Path) -> None:
    _, md = save(git_repo)
    assert cli("commit", "--repo", git_repo).exit_code == 0
    md.write_text(md.read_text() + "\n")
    result = cli("commit", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert names_in(git_repo) == relative(git_repo, [md])  # the report did not change
    assert run(git_repo, "log", "-1", "--format=%s") == f"Minutes: {SYNC} (2026-11-27-weekly-sync)"


def test_broken_minutes_are_reported_and_left_out_while_the_rest_is_committed(git_repo: Path) -> None:
    good = save(git_repo, 20)
    broken = git_repo / "minutes" / "2026" / "2026-11-27-weekly-sync.toml"
    broken.write_text('title = "unfinished\n')
    stray = git_repo / "minutes" / "notes.md"
    stray.write_text("not minutes\n")

    result = cli("commit", "--repo", git_repo)

    assert result.exit_code == 2
    assert names_in(git_repo) == relative(git_repo, good) | REPORT
    assert f"{broken}:1:" in result.stderr
    assert "skipped minutes/notes.md" in result.stdout
    assert "Traceback" not in result.output
    status = run(git_repo, "status", "--porcelain")
    assert "?? minutes/2026/2026-11-27-weekly-sync.toml" in status
    assert "?? minutes/notes.md" in status


def break_with_hook(root: Path) -> Callable[[], None]:
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint: minutes.md has trailing spaces'\nexit 1\n")
    hook.chmod(0o755)
    return hook.unlink


def break_with_lock(root: Path) -> Callable[[], None]:
    lock = root / ".git" / "index.lock"
    lock.write_text("")
    return lock.unlink


def break_with_detached_head(root: Path) -> Callable[[], None]:
    run(root, "checkout", "-q", "--detach")
    return lambda: run(root, "switch", "-q", "main")


def break_with_merge(root: Path) -> Callable[[], None]:
    start_merge_conflict(root)
    return lambda: run(root, "merge", "--abort")


def break_identity(root: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    config = root.parent / "global.gitconfig"
    config.write_text("[user]\n\tuseConfigOnly = true\n")  # no guessing an identity from the host name
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))

    def fix() -> None:
        run(root, "config", "user.name", "Dana")
        run(root, "config", "user.email", "dana@example.com")

    return fix


FAILURES = {
    "hook": ("hook rejected", "lint: minutes.md has trailing spaces", break_with_hook),
    "index.lock": ("index.lock", "If no git program is running", break_with_lock),
    "detached HEAD": ("detached", "switch main", break_with_detached_head),
    "merge": ("merge is in progress", "git merge --abort", break_with_merge),
    "identity": ("who you are", 'git config user.email "', None),
}


@pytest.mark.parametrize("kind", list(FAILURES))
def test_git_failure_explains_and_a_later_commit_succeeds(
    kind: str, git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_commit, "LOCK_WAIT_SECONDS", 0.2)
    summary, advice, breaker = FAILURES[kind]
    files = save(git_repo)
    fix = breaker(git_repo) if breaker else break_identity(git_repo, monkeypatch)
    head = run(git_repo, "rev-parse", "HEAD")

    failed = cli("commit", "--repo", git_repo)

    assert failed.exit_code == 1
    assert summary in failed.stderr and advice in failed.stderr
    assert f"meetingtui commit --repo {git_repo}" in failed.stderr
    assert "Traceback" not in failed.output
    assert run(git_repo, "rev-parse", "HEAD") == head
    assert all(path.is_file() for path in files)

    fix()
    fixed = cli("commit", "--repo", git_repo)
    assert fixed.exit_code == 0, fixed.output
    assert names_in(git_repo) == relative(git_repo, files) | REPORT


def test_not_a_repository_then_git_init(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    files = save(root)
    failed = cli("commit", "--repo", root)
    assert failed.exit_code == 1
    assert "not a git repository" in failed.stderr and "meetingtui init" in failed.stderr
    run(root, "init", "-q")
    fixed = cli("commit", "--repo", root)
    assert fixed.exit_code == 0, fixed.output
    assert names_in(root) == relative(root, files) | REPORT


@pytest.fixture
def remote(git_repo: Path, tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    return bare


def test_push_flag_pushes_and_pushes_what_an_earlier_run_could_not(git_repo: Path, remote: Path) -> None:
    save(git_repo)
    no_remote = cli("commit", "--repo", git_repo, "--push")
    assert no_remote.exit_code == 1
    assert "no remote named 'origin'" in no_remote.stderr and "remote add origin URL" in no_remote.stderr
    assert (
        run(git_repo, "log", "-1", "--format=%s") == f"Minutes: {SYNC} (2026-11-27-weekly-sync)"
    )  # committed, not pushed

    run(git_repo, "remote", "add", "origin", str(remote))
    result = cli("commit", "--repo", git_repo, "--push")
    assert result.exit_code == 0, result.output
    assert "nothing to commit" in result.output and "pushed main to origin/main" in result.output
    assert run(remote, "rev-parse", "main") == run(git_repo, "rev-parse", "HEAD")

    again = cli("commit", "--repo", git_repo, "--push")
    assert "nothing to push" in again.output


def test_repository_setting_pushes_to_its_remote(git_repo: Path, remote: Path) -> None:
    (git_repo / "meetingtui.toml").write_text('push = true\nremote = "team"\n')
    run(git_repo, "remote", "add", "team", str(remote))
    save(git_repo, 20)
    assert cli("commit", "--repo", git_repo, "--no-push").exit_code == 0
    assert run(remote, "rev-parse", "--verify", "--quiet", "main", check=False) == ""

    save(git_repo, 27)
    result = cli("commit", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert run(remote, "rev-parse", "main") == run(git_repo, "rev-parse", "HEAD")


def test_render_rewrites_the_markdown_from_the_toml(git_repo: Path, tmp_path: Path) -> None:
    toml, md = save(git_repo)
    expected = md.read_text()
    md.write_text("stale\n")
    result = cli("render", toml)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(md)
    assert md.read_text() == expected

    wrong = cli("render", md, tmp_path / "missing.toml")
    assert wrong.exit_code == 2
    assert len(wrong.stderr.splitlines()) == 2
    assert f"render its TOML: {toml}" in wrong.stderr
    assert "missing.toml: no such file" in wrong.stderr


def test_the_installed_entry_point_commits_and_fails_cleanly(git_repo: Path, tmp_path: Path) -> None:
    files = save(git_repo)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-m", "meetingtui", "commit", "--repo"]
    done = subprocess.run([*command, str(git_repo)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert names_in(git_repo) == relative(git_repo, files) | REPORT

    plain = tmp_path / "plain"
    plain.mkdir()
    failed = subprocess.run([*command, str(plain)], capture_output=True, text=True, env=env, check=False)
    assert failed.returncode == 1
    where, said = failed.stderr.split("\n", 1)
    assert where == f"meetingtui: committing the minutes in {plain.resolve()}"
    assert said.startswith("git status failed:") and "Traceback" not in failed.stderr


def test_three_same_day_meetings_read_differently_in_git_log(git_repo: Path) -> None:
    from meetingtui.domain.ids import new_minutes_id

    date = dt.date(2026, 11, 27)
    start = dt.datetime.combine(date, dt.time(10), tzinfo=dt.UTC)
    ids = [new_minutes_id(date, "weekly-sync") for _ in range(3)]
    for minutes_id in ids:
        record = Minutes(
            id=minutes_id,
            title=SYNC,
            agenda="weekly-sync",
            date=date,
            started_at=start,
            ended_at=start,
            facilitator="D",
        )
        save_minutes(MinutesRepo(git_repo), record)
    assert cli("commit", "--repo", git_repo).exit_code == 0
    subjects = run(git_repo, "log", "-3", "--format=%s").splitlines()
    assert sorted(subjects) == sorted(f"Minutes: {SYNC} ({minutes_id})" for minutes_id in ids)
    assert len(set(subjects)) == 3
