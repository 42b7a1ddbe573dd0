"""``update_before_meeting``: a bounded fetch, a fast-forward that never touches the user's work."""

from __future__ import annotations

import time
from pathlib import Path

from meetingtui.store.git.sync import Unpushed, unpushed, unpushed_count, update_before_meeting
from meetingtui.store.minutes_store import load_minutes
from tests.team_git import commit_minutes, git, make_team, minutes, silent_listener


def test_no_remote(git_repo: Path) -> None:
    status = update_before_meeting(git_repo)
    assert status.remote is None
    assert not status.fetched
    assert "no remote" in status.message


def test_a_stale_clone_gets_its_colleagues_minutes(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    record = minutes(actions=2)
    paths = commit_minutes(ana, record)
    git(ana, "push", "-q")
    status = update_before_meeting(ben)
    assert status.fetched and status.remote == "origin"
    assert status.came_in == sorted(p.relative_to(ana).as_posix() for p in paths)
    assert status.unpushed == 0 and status.blocked == []
    assert status.message == "history current: 2 files came in"
    assert update_before_meeting(ben).message == "history current: nothing new"
    assert status.fetched_at is not None and status.history_as_of is not None
    assert load_minutes(ben / status.came_in[1]).actions[1].id == f"{record.id}#2"
    assert git(ben, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")


def test_our_unpushed_minutes_are_rebased_onto_theirs(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes(hour=9, agenda="ride-along"))
    git(ana, "push", "-q")
    ours = commit_minutes(ben, minutes(hour=11))
    status = update_before_meeting(ben)
    assert status.fetched and status.unpushed == 1
    assert git(ben, "rev-parse", "HEAD~1") == git(bare, "rev-parse", "main")
    assert all(path.exists() for path in ours)
    assert (ben / "minutes/2026/2026-12-01-ride-along.toml").exists()


def test_same_name_in_both_clones_ours_moves_to_the_next_name_unchanged(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes(hour=9))
    git(ana, "push", "-q")
    written = commit_minutes(ben, minutes(hour=11, actions=2))
    before = [path.read_bytes() for path in written]
    status = update_before_meeting(ben)
    assert status.fetched and status.unpushed == 1, status.message
    theirs = load_minutes(ben / "minutes/2026/2026-12-01-weekly-sync.toml")
    ours = load_minutes(ben / "minutes/2026/2026-12-01-weekly-sync-2.toml")
    assert theirs.title == "Meeting at 9"
    assert ours.title == "Meeting at 11" and ours.id != theirs.id
    moved = [ben / "minutes/2026/2026-12-01-weekly-sync-2.toml", ben / "minutes/2026/2026-12-01-weekly-sync-2.md"]
    assert [path.read_bytes() for path in moved] == before  # byte for byte: no id, no reference changed
    assert git(ben, "status", "--porcelain") == ""


def test_a_file_the_user_changed_is_left_alone_and_named(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    git(ana, "pull", "-q")
    (ana / "README.md").write_text("# minutes, edited by Ana\n")
    git(ana, "commit", "-q", "-am", "readme")
    git(ana, "push", "-q")
    (ben / "README.md").write_text("# Ben's own edit, not committed\n")
    head = git(ben, "rev-parse", "HEAD")
    status = update_before_meeting(ben)
    assert status.fetched
    assert status.blocked == ["README.md"]
    assert "README.md" in status.message and "not updated" in status.message
    assert (ben / "README.md").read_text() == "# Ben's own edit, not committed\n"
    assert git(ben, "rev-parse", "HEAD") == head


def test_user_work_elsewhere_is_untouched_by_the_update(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    earlier = commit_minutes(ben, minutes(day=minutes().date.replace(day=1, month=11)))
    git(ben, "push", "-q")
    commit_minutes(ana, minutes(hour=9, agenda="ride-along"))
    git(ana, "pull", "-q", "--rebase")
    git(ana, "push", "-q")
    edited = earlier[0].read_text().replace("Meeting at 10", "Meeting at ten")
    earlier[0].write_text(edited)
    (ben / "notes.txt").write_text("scratch\n")
    git(ben, "add", "notes.txt")
    status = update_before_meeting(ben)
    assert status.blocked == [] and status.came_in, status.message
    assert earlier[0].read_text() == edited
    assert git(ben, "diff", "--cached", "--name-only") == "notes.txt"
    assert git(ben, "stash", "list") == ""


def test_a_silent_remote_costs_the_timeout_not_more(tmp_path: Path) -> None:
    _bare, (ben,) = make_team(tmp_path, 1)
    with silent_listener() as port:
        git(ben, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/x")
        started = time.monotonic()
        status = update_before_meeting(ben, timeout=1.0)
        took = time.monotonic() - started
    assert took < 4
    assert not status.fetched and status.remote == "origin"
    assert status.message.startswith("offline")
    assert status.history_as_of is not None  # the clone's own copy of the remote branch


def test_unpushed_count(tmp_path: Path) -> None:
    _bare, (ben,) = make_team(tmp_path, 1)
    assert unpushed_count(ben) == 0
    commit_minutes(ben, minutes())
    commit_minutes(ben, minutes(hour=11, agenda="ride-along"))
    assert unpushed_count(ben) == 2


def test_unpushed_names_each_commit_by_what_it_changes(tmp_path: Path) -> None:
    """One listing: minutes, a proposal, the set-up commit; an empty commit counts but names nothing."""
    _bare, (ben,) = make_team(tmp_path, 1)
    commit_minutes(ben, minutes())
    (ben / "proposals").mkdir()
    (ben / "proposals" / "pricing.toml").write_text('title = "pricing"\n')
    git(ben, "add", "proposals")
    git(ben, "commit", "-q", "-m", "Proposal: pricing")
    (ben / "minutes" / "sub").mkdir(parents=True)
    (ben / "minutes" / "sub" / ".gitkeep").write_text("")
    git(ben, "add", "minutes")
    git(ben, "commit", "-q", "-m", "set up")
    git(ben, "commit", "-q", "--allow-empty", "-m", "nothing")
    going = unpushed(ben)
    assert going.count == 4
    assert [(kind, line.partition(" ")[2]) for kind, line in going.commits] == [
        ("minutes", git(ben, "log", "-1", "--format=%s", "HEAD~3")),
        ("proposal", "Proposal: pricing"),
        ("other", "set up"),
    ]
    assert unpushed(ben, remote="elsewhere") == Unpushed()


def test_an_untracked_file_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    paths = commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    mine = ben / paths[1].relative_to(ana)
    mine.parent.mkdir(parents=True)
    mine.write_text("Ben's own draft\n")
    status = update_before_meeting(ben)
    assert status.blocked == [mine.relative_to(ben).as_posix()]
    assert mine.read_text() == "Ben's own draft\n"


def test_commits_of_the_users_own_are_not_rebased(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    (ben / "README.md").write_text("# Ben's README\n")
    git(ben, "commit", "-q", "-am", "readme")
    head = git(ben, "rev-parse", "HEAD")
    status = update_before_meeting(ben)
    assert status.fetched and status.unpushed == 1
    assert "commits of your own" in status.message and "pull --rebase origin" in status.message
    assert git(ben, "rev-parse", "HEAD") == head


def test_an_empty_remote_is_reached_not_offline(git_repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(git_repo, "remote", "add", "origin", str(bare))
    status = update_before_meeting(git_repo)
    assert status.fetched and status.fetched_at is not None
    assert status.message == "origin/main has no commits yet"
    assert status.unpushed == 1  # the first commit, the remote still lacks it


def test_a_later_fix_of_our_renamed_minutes_goes_to_our_file_not_theirs(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes(hour=9))
    git(ana, "push", "-q")
    ours = minutes(hour=11, actions=1)
    commit_minutes(ben, ours)
    commit_minutes(ben, ours.model_copy(update={"title": "Meeting at 11, fixed"}))  # fixed before any push
    status = update_before_meeting(ben)
    assert status.fetched and status.unpushed == 2, status.message
    theirs = load_minutes(ben / "minutes/2026/2026-12-01-weekly-sync.toml")
    renamed = load_minutes(ben / "minutes/2026/2026-12-01-weekly-sync-2.toml")
    assert theirs.title == "Meeting at 9"  # Ana's, untouched by Ben's fix
    assert renamed.title == "Meeting at 11, fixed" and renamed.id == ours.id  # moved, not renumbered
    assert [a.id for a in renamed.actions] == [f"{ours.id}#1"]
    assert "Meeting at 11, fixed" in (ben / "minutes/2026/2026-12-01-weekly-sync-2.md").read_text()
    assert git(ben, "log", "-1", "--format=%s") == "Minutes: Meeting at 11, fixed"
    assert git(ben, "status", "--porcelain") == ""
