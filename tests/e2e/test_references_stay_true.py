"""Ten clones race their meetings onto one remote: every reference still names the item its author meant.

Each clone proposes a topic, runs meeting 1 (captures an action, takes its proposal, parks a topic
of its own) and meeting 2 (marks meeting 1's action done, takes the parked topic), all with the
same agenda on the same day, so every clone picks the same file names. Then all ten `sync` at once.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from meetingtui.domain.minutes import ActionStatus, Minutes
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store import git as git_api
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.history_store import load_history
from meetingtui.store.minutes_store import load_minutes
from meetingtui.store.proposals_store import load_proposals, new_proposal, save_proposal
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.session_save import save
from tests.team_git import git, make_team, start_meetingtui

CLONES = 10


def propose(repo: MinutesRepo, number: int, clock: ManualClock) -> str:
    """Commit a topic of this clone's (as `meetingtui propose --no-push` does); its id."""
    from meetingtui.domain.proposals import Proposal

    title = "Pricing FAQ"  # the same title everywhere: the same file name in every clone
    proposal_id, path = new_proposal(repo, "weekly-sync", clock.wall().date(), title)
    proposal = Proposal(
        id=proposal_id,
        title=title,
        agenda="weekly-sync",
        team="marketing",
        minutes=5,
        note=f"from clone {number}",
        proposed_by=f"Clone {number}",
        proposed_at=clock.wall().replace(microsecond=0),
    )
    git_api.commit_files(repo.root, [save_proposal(repo, path, proposal)], f"Propose: {title}")
    return proposal_id


def run_meeting(repo: MinutesRepo, number: int, clock: ManualClock, second: bool) -> Minutes:
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, facilitator=f"Clone {number}", options=SessionOptions(), clock=clock.now, wall=clock.wall
    )
    session.load_history()
    meeting = session.meeting
    meeting.toggle()
    if not second:
        (offered,) = session.open_proposals()
        meeting.take_proposal(offered)
        meeting.capture("actions", text=f"Action of clone {number}", owner=f"Owner {number}")
        meeting.add_segment(f"Topic of clone {number}", "sales", 300)
        clock.advance(60)
        meeting.next()
        meeting.park("ran out of time")
    else:
        (parked,) = session.parked_from_last_time()
        meeting.take_parked(parked)
        clock.advance(60)
        meeting.next()  # the taken topic is run
        (action,) = session.open_actions()
        meeting.update_action(action.id, "done")
    clock.advance(120)
    result = save(session)
    assert result.ok and result.commit, result.git_error
    return load_minutes(result.files[0])


def test_ten_clones_race_and_every_reference_names_its_own_item(tmp_path: Path) -> None:
    bare, clones = make_team(tmp_path, CLONES, settings='push_timeout = "2m"\n')
    made: dict[int, tuple[str, Minutes, Minutes]] = {}
    ours: dict[int, dict[str, str]] = {}
    for number, root in enumerate(clones, start=1):
        repo, clock = MinutesRepo(root), ManualClock()
        proposal_id = propose(repo, number, clock)
        first = run_meeting(repo, number, clock, second=False)
        clock.advance(3600)
        made[number] = (proposal_id, first, run_meeting(repo, number, clock, second=True))
        assert (root / "minutes/2026/2026-11-27-weekly-sync-2.toml").is_file()  # every clone chose the same names
        listing = git(root, "ls-tree", "-r", "HEAD", "--", "minutes", "proposals").splitlines()
        ours[number] = {line.split()[2]: line.split("\t")[1] for line in listing if ".gitkeep" not in line}

    syncs = [start_meetingtui("sync", "--repo", root) for root in clones]
    outputs = [process.communicate(timeout=150)[0] for process in syncs]
    assert [process.returncode for process in syncs] == [0] * CLONES, "\n---\n".join(outputs)

    check = tmp_path / "check"
    subprocess.run(["git", "clone", "-q", str(bare), str(check)], check=True)
    assert subprocess.run(["git", "-C", str(check), "fsck", "--strict"], capture_output=True).returncode == 0
    landed = git(check, "ls-tree", "-r", "HEAD", "--", "minutes", "proposals").splitlines()
    blobs = {line.split()[2] for line in landed}
    for number, files in ours.items():  # no content of ours changed on the way: only names
        assert set(files) <= blobs, f"clone {number}: {sorted(set(files) - blobs)} changed on the way"
    assert len([line for line in landed if line.endswith(".toml") and "/minutes/" not in line]) >= CLONES

    repo = MinutesRepo(check)
    history = load_history(repo, use_cache=False)
    assert history.warnings == ()
    for number, (proposal_id, first, second) in made.items():
        state = history.action(first.actions[0].id)
        assert state is not None and state.original.text == f"Action of clone {number}"
        assert state.status is ActionStatus.DONE and state.closed_in == second.id, number
        outcome = history.proposal_outcomes[proposal_id]
        assert (outcome.kind, outcome.minutes) == ("taken", first.id), number
        taken = next(s for s in second.segments if s.title == f"Topic of clone {number}")
        assert taken.parked_from == first.id, number
    assert history.parked_for("weekly-sync") == []
    stored, warnings = load_proposals(repo)
    assert warnings == [] and len(stored) == CLONES
    assert {item.proposal.note for item in stored} == {f"from clone {n}" for n in range(1, CLONES + 1)}
    from meetingtui.domain.proposals import open_proposals

    assert open_proposals(stored, history.proposal_outcomes, ManualClock().wall().date()) == []


def test_a_colleagues_hand_written_markdown_survives_our_save_of_the_same_name(tmp_path: Path) -> None:
    """Ana commits notes as `X.md` with no `X.toml`; Ben, not yet fetched, saves a meeting whose name is X."""
    from click.testing import CliRunner

    from meetingtui.cli import main
    from meetingtui.store.minutes_store import save_minutes
    from tests.team_git import minutes

    bare, (ana, ben) = make_team(tmp_path, 2)
    notes = ana / "minutes/2026/2026-12-01-weekly-sync.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# Ana's notes, written by hand\n")
    git(ana, "add", ".")
    git(ana, "commit", "-q", "-m", "Notes")
    git(ana, "push", "-q")
    record = minutes(hour=11)
    saved = save_minutes(MinutesRepo(ben), record, record=True)
    assert saved.md_path.name == notes.name  # Ben has not fetched: the name looks free to him
    git_api.commit_files(ben, saved.paths, record.commit_subject())
    ours = saved.md_path.read_bytes()
    result = CliRunner().invoke(main, ["sync", "--repo", str(ben)])
    assert result.exit_code == 0, result.output
    check = tmp_path / "check"
    subprocess.run(["git", "clone", "-q", str(bare), str(check)], check=True)
    assert (check / "minutes/2026/2026-12-01-weekly-sync.md").read_text() == "# Ana's notes, written by hand\n"
    assert not (check / "minutes/2026/2026-12-01-weekly-sync.toml").exists()
    moved = load_minutes(check / "minutes/2026/2026-12-01-weekly-sync-2.toml")
    assert moved.id == record.id
    assert (check / "minutes/2026/2026-12-01-weekly-sync-2.md").read_bytes() == ours
    assert git(ben, "status", "--porcelain") == ""
