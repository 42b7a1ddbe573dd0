"""A team on one remote, as users run it: dead networks, racing clones, colliding ids, ``meetingtui sync``."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from click.testing import CliRunner, Result

from meetingtui.cli import main
from meetingtui.domain.settings import RepoSettings
from meetingtui.session import MeetingSession, PushOutcome, SessionOptions
from meetingtui.store import git as git_api
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.git.sync import unpushed
from meetingtui.store.minutes_store import load_minutes, save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.session_save import save
from tests.team_git import commit_minutes, git, make_team, minutes, remote_names, silent_listener, start_meetingtui


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_a_silent_remote_fails_the_push_in_seconds_and_sync_pushes_later(tmp_path: Path) -> None:
    bare, (ben,) = make_team(tmp_path, 1)
    assert RepoSettings().push_timeout == 15  # the default; this test sets 4 s to stay quick
    (ben / "meetingtui.toml").write_text('push_timeout = "4s"\n')
    git(ben, "add", "meetingtui.toml")
    git(ben, "commit", "-q", "-m", "settings")
    git(ben, "push", "-q")
    save_minutes(MinutesRepo(ben), minutes(actions=2))
    with silent_listener() as port:
        git(ben, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/team.git")
        started = time.monotonic()
        result = cli("commit", "--push", "--repo", ben)
        took = time.monotonic() - started
    assert took < 8, took
    assert result.exit_code == 1
    assert "committed" in result.output and "did not finish within push_timeout = 4 s" in result.output
    assert "meetingtui sync --repo" in result.output
    assert git(ben, "status", "--porcelain") == ""  # committed locally
    assert len(unpushed(ben).of_kind("minutes")) == 1
    git(ben, "remote", "set-url", "origin", str(bare))
    synced = cli("sync", "--repo", ben)
    assert synced.exit_code == 0, synced.output
    assert "went out: pushed main to origin/main" in synced.output
    assert "Minutes: Meeting at 10" in synced.output
    assert "minutes/2026/2026-12-01-weekly-sync.toml" in remote_names(bare)
    assert unpushed(ben).count == 0


def test_a_save_keeps_the_commit_and_the_failed_push_apart(tmp_path: Path) -> None:
    _bare, (ben,) = make_team(tmp_path, 1)
    (ben / "meetingtui.toml").write_text('push = true\npush_timeout = "2s"\n')
    git(ben, "add", "meetingtui.toml")
    git(ben, "commit", "-q", "-m", "settings")
    repo, clock = MinutesRepo(ben), ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(repo, name, agenda, options=SessionOptions(), clock=clock.now, wall=clock.wall)
    session.meeting.toggle()
    clock.advance(60)
    with silent_listener() as port:
        git(ben, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/team.git")
        started = time.monotonic()
        result = save(session)
        took = time.monotonic() - started
    assert took < 5, took
    assert result.ok and result.git_error is None
    assert result.commit == git(ben, "rev-parse", "HEAD")
    assert result.push is PushOutcome.FAILED and not result.pushed
    assert result.push_message is not None and result.push_message.startswith("not pushed:")
    assert result.push_error is not None and "meetingtui sync --repo" in result.push_error


def test_same_agenda_same_day_in_two_clones_both_land(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    save_minutes(MinutesRepo(ana), minutes(hour=9, actions=1))
    save_minutes(MinutesRepo(ben), minutes(hour=11, actions=2))
    assert cli("commit", "--push", "--repo", ana).exit_code == 0
    pushed = cli("commit", "--push", "--repo", ben)
    assert pushed.exit_code == 0, pushed.output
    assert "2026-12-01-weekly-sync became 2026-12-01-weekly-sync-2" in pushed.output
    git(ana, "pull", "-q")
    first = load_minutes(ana / "minutes/2026/2026-12-01-weekly-sync.toml")
    second = load_minutes(ana / "minutes/2026/2026-12-01-weekly-sync-2.toml")
    assert (first.title, second.title) == ("Meeting at 9", "Meeting at 11")
    assert [a.id for a in first.actions] == [f"{first.id}#1"]
    assert [a.id for a in second.actions] == [f"{second.id}#1", f"{second.id}#2"]  # moved, never renumbered
    assert git(ben, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
    assert "<<<<<<<" not in "".join(p.read_text() for p in (ben / "minutes").rglob("*.*"))


def test_eight_clones_push_at_once_and_all_land(tmp_path: Path) -> None:
    bare, clones = make_team(tmp_path, 8, settings='push_timeout = "1m"\n')  # a loaded machine is slow, not dead
    before = git(bare, "rev-parse", "main")
    for number, clone in enumerate(clones):
        save_minutes(MinutesRepo(clone), minutes(hour=8 + number, actions=1))
    processes = [start_meetingtui("commit", "--push", "--repo", clone) for clone in clones]
    outputs = [process.communicate(timeout=60)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, "\n---\n".join(outputs)
    landed = remote_names(bare)
    ids = {f"2026-12-01-weekly-sync{'' if n == 1 else f'-{n}'}" for n in range(1, 9)}
    assert {f"minutes/2026/{i}.toml" for i in ids} <= landed
    assert git(bare, "merge-base", "--is-ancestor", before, "main", check=False) == ""
    subjects = git(bare, "log", "--format=%s", "main").splitlines()
    ours = [s for s in subjects if s.startswith("Minutes")]
    assert sorted(s.rsplit(" (", 1)[0] for s in ours) == sorted(f"Minutes: Meeting at {8 + n}" for n in range(8))
    assert all(" (2026-12-01-weekly-sync." in s for s in ours) and len(set(ours)) == 8  # each names its id
    for clone in clones:
        assert git(clone, "status", "--porcelain") == ""
    check = tmp_path / "check"
    subprocess.run(["git", "clone", "-q", str(bare), str(check)], check=True)
    landed_minutes = [load_minutes(path) for path in sorted((check / "minutes").rglob("*.toml"))]
    assert sorted(m.title for m in landed_minutes) == sorted(f"Meeting at {8 + n}" for n in range(8))
    for record in landed_minutes:  # a renamed meeting carries its new id everywhere
        assert [a.id for a in record.actions] == [f"{record.id}#1"]


def test_a_users_uncommitted_edit_to_earlier_minutes_is_left_alone(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    earlier = commit_minutes(ben, minutes(day=minutes().date.replace(month=11), actions=1))
    git(ben, "push", "-q")
    edited = earlier[1].read_text() + "\nA note Ben added by hand.\n"
    earlier[1].write_text(edited)
    git(ana, "pull", "-q")
    save_minutes(MinutesRepo(ana), minutes(hour=9))
    assert cli("commit", "--push", "--repo", ana).exit_code == 0
    ours = save_minutes(MinutesRepo(ben), minutes(hour=11)).paths  # a save commits its own two files, then pushes
    git_api.commit_files(ben, ours, "Minutes: Meeting at 11")
    pushed = git_api.push(ben)
    assert pushed.rebased and pushed.renamed == {
        f"minutes/2026/2026-12-01-weekly-sync{suffix}": f"minutes/2026/2026-12-01-weekly-sync-2{suffix}"
        for suffix in (".toml", ".md")
    }
    assert earlier[1].read_text() == edited
    assert git(ben, "diff", "--name-only") == earlier[1].relative_to(ben).as_posix()  # still changed, unstaged
    assert git(ben, "diff", "--cached", "--name-only") == ""
    assert git(ben, "stash", "list") == ""
    every = "".join(p.read_text() for p in (ben / "minutes").rglob("*.*"))
    assert "<<<<<<<" not in every and ">>>>>>>" not in every
    assert len([n for n in remote_names(bare) if n.endswith(".toml")]) == 3


def test_sync_says_what_came_in_and_that_nothing_went_out(tmp_path: Path) -> None:
    # Ana commits with plain git (no REPORT.md): with reports on, Ben's sync would commit one and push it.
    _bare, (ana, ben) = make_team(tmp_path, 2, settings="report = false\n")
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    result = cli("sync", "--repo", ben)
    assert result.exit_code == 0, result.output
    assert "came in from origin:\n  minutes/2026/2026-12-01-weekly-sync.md" in result.output
    assert "went out: nothing" in result.output
    assert "not committed yet" not in result.output
    save_minutes(MinutesRepo(ben), minutes(hour=15, agenda="ride-along"))
    again = cli("sync", "--repo", ben)
    assert again.exit_code == 0
    assert "not committed yet: 2 minutes files, e.g. minutes/2026/2026-12-01-ride-along." in again.output
    assert f"meetingtui commit --repo {ben} --push" in again.output


def test_sync_without_a_remote_fails_with_a_quoted_hint(git_repo: Path) -> None:
    (git_repo / "meetingtui.toml").write_text('remote = "origin;touch x"\n')
    result = cli("sync", "--repo", git_repo)
    assert result.exit_code == 1
    assert "remote add 'origin;touch x' URL" in result.output


def test_a_save_whose_name_was_taken_meanwhile_reports_the_new_files_and_commit(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    clock = ManualClock()
    sessions = []
    for clone in (ana, ben):
        repo = MinutesRepo(clone)
        name, agenda = resolve_agenda(SHORT, repo)
        session = MeetingSession.new(
            repo, name, agenda, options=SessionOptions(push=True), clock=clock.now, wall=clock.wall
        )
        session.meeting.toggle()
        session.meeting.capture("actions", text=f"Follow up from {clone.name}")
        sessions.append(session)
    clock.advance(60)
    first, second = (save(session) for session in sessions)
    assert first.push is second.push is PushOutcome.OK
    assert second.files[0].name == "2026-11-27-rehearsal-2.toml" and second.files[0].is_file()
    assert second.commit == git(ben, "rev-parse", "HEAD") == git(bare, "rev-parse", "main")
    moved = load_minutes(second.files[0])
    assert moved.id == sessions[1].meeting.minutes_id != sessions[0].meeting.minutes_id  # the id never changed
    assert moved.actions[0].id == f"{sessions[1].meeting.minutes_id}#1"


def test_sync_names_what_it_renamed_and_lists_minutes_and_proposals_that_went_out(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    for hour, clone in ((10, ana), (11, ben)):  # the same meeting id and the same proposal id, in both clones
        commit_minutes(clone, minutes(hour=hour))
        made = cli(
            "propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--note", clone.name,
            "--no-push", "--repo", clone,
        )  # fmt: skip
        assert made.exit_code == 0, made.output
    git(ana, "push", "-q")
    subject = git(ben, "log", "-1", "--format=%s")
    result = cli("sync", "--repo", ben)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "renamed: ours minutes/2026/2026-12-01-weekly-sync became 2026-12-01-weekly-sync-2 "
        "(origin already had that name; ids are unchanged)"
    ) in lines
    proposal = next(line for line in lines if line.startswith("renamed: ours proposals/weekly-sync/"))
    assert proposal.endswith("-pricing-faq-2 (origin already had that name; ids are unchanged)"), proposal
    went = lines[lines.index("went out: pushed main to origin/main") + 1 :]
    assert went[:2] == ["  Minutes: Meeting at 11", f"  {subject}"], result.output  # each subject says what it is
    assert "minutes/2026/2026-12-01-weekly-sync-2.toml" in remote_names(bare)
