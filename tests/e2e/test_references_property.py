"""Random interleavings of save, propose, review and sync across three clones of one remote.

Whatever the order, once every clone has synced, every reference in the shared record names the
item its author meant: each action update the action its author reviewed, each taken proposal the
topic its author took. All meetings fall on one day with one agenda, so names clash often.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.cli import main
from meetingtui.domain.ids import new_minutes_id
from meetingtui.domain.minutes import ActionItem, ActionUpdate, Minutes, ProposalTaken, SegmentRecord
from meetingtui.domain.proposals import Proposal, open_proposals
from meetingtui.store import git as git_api
from meetingtui.store.history_store import load_all_minutes, load_history
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.proposals_store import load_proposals, new_proposal, save_proposal
from meetingtui.store.repo import MinutesRepo
from tests.team_git import make_team

DAY = dt.date(2026, 12, 1)
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["save", "propose", "sync"]), st.integers(min_value=0, max_value=2)),
    min_size=4,
    max_size=10,
)


class Team:
    """Three clones, and what each author meant by each reference they wrote."""

    def __init__(self, folder: Path) -> None:
        self.bare, self.clones = make_team(folder, 3)
        self.reviewed: dict[str, str] = {}  # minutes id -> the text of the action it marked done
        self.taken: dict[str, str] = {}  # minutes id -> the note of the proposal it took

    def propose(self, clone: int, step: int) -> None:
        repo = MinutesRepo(self.clones[clone])
        proposal_id, path = new_proposal(repo, "weekly-sync", DAY, "Pricing FAQ")
        when = dt.datetime.combine(DAY, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(minutes=step)
        proposal = Proposal(
            id=proposal_id, title="Pricing FAQ", agenda="weekly-sync", team="sales", minutes=5,
            note=f"P{step}", proposed_by=f"Clone {clone}", proposed_at=when,
        )  # fmt: skip
        git_api.commit_files(repo.root, [save_proposal(repo, path, proposal)], "Propose: Pricing FAQ")

    def save(self, clone: int, step: int) -> None:
        """A meeting that captures an action, reviews the oldest open one and takes the oldest open proposal."""
        repo = MinutesRepo(self.clones[clone])
        history = load_history(repo, use_cache=False)
        minutes_id = new_minutes_id(DAY, "weekly-sync")
        start = dt.datetime.combine(DAY, dt.time(10), tzinfo=dt.UTC) + dt.timedelta(minutes=step)
        updates, taken, segments = [], [], []
        open_actions = history.open_actions(DAY)
        if open_actions:
            action = open_actions[0]
            updates.append(ActionUpdate(id=action.id, status="done", text=action.original.text))
            self.reviewed[minutes_id] = action.original.text
        stored, _ = load_proposals(repo)
        offered = open_proposals(stored, history.proposal_outcomes, DAY)
        if offered:
            taken.append(ProposalTaken(id=offered[0].id, segment="Pricing FAQ"))
            segments.append(
                SegmentRecord(title="Pricing FAQ", team="sales", planned_seconds=300, actual_seconds=300, status="done")
            )
            self.taken[minutes_id] = offered[0].proposal.note or ""
        record = Minutes(
            id=minutes_id, title="Weekly sync", agenda="weekly-sync", date=DAY, started_at=start,
            ended_at=start + dt.timedelta(minutes=30), segments=segments,
            actions=[ActionItem(id=f"{minutes_id}#1", text=f"A{step}")], action_updates=updates, proposals_taken=taken,
        )  # fmt: skip
        saved = save_minutes(repo, record, record=True)
        git_api.commit_files(repo.root, saved.paths, record.commit_subject())

    def sync(self, clone: int) -> None:
        result = CliRunner().invoke(main, ["sync", "--repo", str(self.clones[clone])])
        assert result.exit_code == 0, result.output


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS)
def test_every_reference_names_the_item_its_author_meant(operations: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        team = Team(Path(folder))
        for step, (operation, clone) in enumerate(operations):
            if operation == "sync":
                team.sync(clone)
            else:
                getattr(team, operation)(clone, step)
        for clone in (0, 1, 2, 0):  # the first clone again: it has everyone's now
            team.sync(clone)

        repo = MinutesRepo(team.clones[0])
        history = load_history(repo, use_cache=False)
        assert not [w for w in history.warnings if "no earlier action" in w], history.warnings
        minutes = {meeting.id for meeting in history.meetings}
        assert set(team.reviewed) | set(team.taken) <= minutes
        for state in history.actions:
            for applied in state.updates:
                assert state.original.text == team.reviewed[applied.minutes], applied.minutes
        notes = {item.id: item.proposal.note for item in load_proposals(repo)[0]}
        every, _ = load_all_minutes(repo, use_cache=False)
        assert sum(len(m.proposals_taken) for m in every) == len(team.taken)
        for meeting in every:
            for taken in meeting.proposals_taken:
                assert notes[taken.id] == team.taken[meeting.id], meeting.id
