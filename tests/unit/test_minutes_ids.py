"""Minutes ids: unique here and on the fetched remote, and every name, however long, ends in a free id."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.domain.slug import MAX_SLUG
from meetingtui.store.minutes_store import allocate_id, minutes_path
from meetingtui.store.repo import MinutesRepo
from tests.team_git import commit_minutes, git, make_team, minutes

DAY = dt.date(2026, 12, 1)


@settings(max_examples=30, deadline=None)
@given(name=st.one_of(st.text(max_size=1000), st.text(alphabet="ab -", min_size=40, max_size=1000)))
def test_allocate_id_terminates_and_never_reuses_a_file(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = MinutesRepo(Path(folder))
        seen: list[str] = []
        for _ in range(4):  # four meetings of one agenda on one day
            minutes_id = allocate_id(repo, DAY, name, taken=set())
            path = minutes_path(repo, minutes_id)
            assert path.stem == minutes_id and len(minutes_id) <= MAX_SLUG
            assert minutes_id not in seen and not path.exists()
            seen.append(minutes_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("")
        assert [i.rsplit("-", 1)[1] for i in seen[1:]] == ["2", "3", "4"]  # the suffix survives the cut


def test_a_long_agenda_name_twice_a_day() -> None:
    name = "Quarterly pipeline and campaign alignment for the enterprise segment in EMEA and APAC"
    with tempfile.TemporaryDirectory() as folder:
        repo = MinutesRepo(Path(folder))
        first = allocate_id(repo, DAY, name, taken=set())
        minutes_path(repo, first).parent.mkdir(parents=True)
        minutes_path(repo, first).write_text("")
        second = allocate_id(repo, DAY, name, taken=set())
    assert second.endswith("-2") and second[:-2] == first[: len(second) - 2].rstrip("-")


def test_an_id_already_on_the_fetched_remote_is_not_taken_again(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    repo = MinutesRepo(ben)
    assert allocate_id(repo, DAY, "weekly-sync") == "2026-12-01-weekly-sync"  # not fetched yet: unknown here
    git(ben, "fetch", "-q")
    assert not (ben / "minutes/2026/2026-12-01-weekly-sync.toml").exists()
    assert allocate_id(repo, DAY, "weekly-sync") == "2026-12-01-weekly-sync-2"


def test_without_an_upstream_the_remote_branch_of_the_same_name_counts(git_repo: Path, tmp_path: Path) -> None:
    bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    git(git_repo, "remote", "add", "origin", str(bare))
    git(git_repo, "fetch", "-q", "origin")  # no upstream set: main is on its own
    assert allocate_id(MinutesRepo(git_repo), DAY, "weekly-sync") == "2026-12-01-weekly-sync-2"


def test_a_remote_never_fetched_costs_the_first_frame_two_git_processes(
    git_repo: Path, tmp_path: Path, monkeypatch
) -> None:
    """``allocate_id`` runs before a new meeting's first frame: a configured remote must not make it slower."""
    import meetingtui.store.git.sync as git_sync

    bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    git(git_repo, "remote", "add", "origin", str(bare))
    calls: list[tuple[str, ...]] = []
    real = git_sync.run_git

    def counted(root, *args, **kwargs):
        calls.append(args)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(git_sync, "run_git", counted)
    assert allocate_id(MinutesRepo(git_repo), DAY, "weekly-sync") == "2026-12-01-weekly-sync"
    assert len(calls) == 2, calls  # no upstream (fails), then one for-each-ref finds nothing fetched
    git(git_repo, "fetch", "-q", "origin")
    calls.clear()
    assert allocate_id(MinutesRepo(git_repo), DAY, "weekly-sync") == "2026-12-01-weekly-sync-2"
    assert len(calls) == 3, calls  # the same two, then the listing of the fetched branch


def test_a_detached_head_or_another_branch_counts_nothing_from_the_remote(git_repo: Path, tmp_path: Path) -> None:
    bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    git(git_repo, "remote", "add", "origin", str(bare))
    git(git_repo, "fetch", "-q", "origin")
    git(git_repo, "switch", "-q", "-c", "elsewhere")  # origin has no branch of that name
    assert allocate_id(MinutesRepo(git_repo), DAY, "weekly-sync") == "2026-12-01-weekly-sync"
    git(git_repo, "switch", "-q", "--detach", "main")
    assert allocate_id(MinutesRepo(git_repo), DAY, "weekly-sync") == "2026-12-01-weekly-sync"
