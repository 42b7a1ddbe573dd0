"""Proposals: the model, the files, ids unique against the fetched remote, and what is still open."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.domain.errors import InputError
from meetingtui.domain.history import build_history
from meetingtui.domain.minutes import Minutes, ProposalDeclined, ProposalTaken, SegmentRecord, SegmentStatus
from meetingtui.domain.proposals import Proposal, StoredProposal, open_proposals
from meetingtui.store.proposals_store import (
    find_proposal,
    load_proposals,
    new_proposal,
    proposal_path,
    save_proposal,
)
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import dumps, parse_toml

UTC = dt.UTC


def proposal(title: str = "Pricing FAQ", day: int = 2, **changes) -> Proposal:
    data = {
        "title": title,
        "agenda": "weekly-sync",
        "team": "marketing",
        "minutes": 10,
        "proposed_by": "Dana",
        "proposed_at": dt.datetime(2026, 12, day, 9, 0, tzinfo=UTC),
    }
    return Proposal.model_validate(data | changes)


def minutes(mid: str, day: int, **changes) -> Minutes:
    start = dt.datetime(2026, 12, day, 10, 0, tzinfo=UTC)
    data = {"id": mid, "title": "Weekly", "agenda": "weekly-sync", "date": start.date(), "started_at": start}
    return Minutes.model_validate(data | {"ended_at": start} | changes)


def test_proposal_round_trips_through_toml() -> None:
    item = proposal(owner="Sam", note="from three calls")
    assert Proposal.model_validate(parse_toml(dumps(item.to_document()))) == item
    assert "withdrawn" not in item.to_document()


@pytest.mark.parametrize("changes", [{"minutes": 0}, {"minutes": 61}, {"team": "legal"}, {"colour": "red"}])
def test_proposal_rejects_bad_values(changes: dict) -> None:
    with pytest.raises(ValueError):
        proposal(**changes)


def test_proposal_rejects_naive_time_and_withdrawn_without_time() -> None:
    with pytest.raises(ValueError):
        proposal(proposed_at=dt.datetime(2026, 12, 2, 9, 0))
    with pytest.raises(ValueError, match="withdrawn_at"):
        proposal(withdrawn=True)


def test_minutes_without_proposal_keys_still_load_and_new_keys_round_trip() -> None:
    old = minutes("2026-12-01-weekly-sync", 1)
    assert old.proposals_taken == [] and "proposals_taken" not in old.to_document()
    new = minutes(
        "2026-12-08-weekly-sync",
        8,
        segments=[
            SegmentRecord(
                title="Pricing FAQ",
                team=Team.MARKETING,
                planned_seconds=600,
                actual_seconds=500,
                status=SegmentStatus.DONE,
                proposed_by="Dana",
            )
        ],
        proposals_taken=[ProposalTaken(id="weekly-sync/2026-12-02-pricing-faq", segment="Pricing FAQ")],
        proposals_declined=[ProposalDeclined(id="weekly-sync/2026-12-03-x", title="X", reason="no time")],
    )
    assert Minutes.model_validate(parse_toml(dumps(new.to_document()))) == new


def test_open_proposals_are_folded_from_minutes_never_from_the_file() -> None:
    stored = [
        StoredProposal("weekly-sync/2026-12-03-b", proposal("B", 3)),
        StoredProposal("weekly-sync/2026-12-02-a", proposal("A", 2)),
        StoredProposal("weekly-sync/2026-12-02-c", proposal("C", 2, withdrawn=True, withdrawn_at=dt.datetime.now(UTC))),
        StoredProposal("weekly-sync/2026-12-04-d", proposal("D", 4)),
        StoredProposal("board/2026-12-04-e", proposal("E", 4, agenda="board")),
    ]
    history = build_history(
        [
            minutes(
                "2026-12-05-weekly-sync",
                5,
                proposals_declined=[ProposalDeclined(id="weekly-sync/2026-12-04-d", title="D", reason="covered")],
            )
        ]
    )
    today = dt.date(2026, 12, 6)
    found = open_proposals(stored, history.proposal_outcomes, today, agenda="Weekly-Sync")
    assert [(item.id, item.age_days) for item in found] == [
        ("weekly-sync/2026-12-02-a", 4),
        ("weekly-sync/2026-12-03-b", 3),
    ]
    assert history.proposal_outcomes["weekly-sync/2026-12-04-d"].reason == "covered"
    assert len(open_proposals(stored, history.proposal_outcomes, today)) == 3


def test_names_are_free_against_local_files_and_the_fetched_remote(tmp_path: Path, git_repo: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(git_repo), str(remote)], check=True)
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    other_repo = MinutesRepo(other)
    pid, path = new_proposal(other_repo, "weekly-sync", dt.date(2026, 12, 2), "Pricing FAQ")
    assert pid.startswith("weekly-sync/2026-12-02-pricing-faq.") and path.name == "2026-12-02-pricing-faq.toml"
    save_proposal(other_repo, path, proposal().model_copy(update={"id": pid}))
    subprocess.run(["git", "-C", str(other), "add", str(path)], check=True)
    subprocess.run(["git", "-C", str(other), "commit", "-q", "-m", "p"], check=True)
    subprocess.run(["git", "-C", str(other), "push", "-q", "origin", "main"], check=True)

    subprocess.run(["git", "-C", str(git_repo), "remote", "add", "origin", str(remote)], check=True)
    subprocess.run(["git", "-C", str(git_repo), "fetch", "-q", "origin"], check=True)
    repo = MinutesRepo(git_repo)
    second, second_path = new_proposal(repo, "weekly-sync", dt.date(2026, 12, 2), "Pricing FAQ")
    assert second_path.name == "2026-12-02-pricing-faq-2.toml"  # the file is only on origin/main, not here
    assert second != pid
    save_proposal(repo, second_path, proposal().model_copy(update={"id": second}))
    assert new_proposal(repo, "weekly-sync", dt.date(2026, 12, 2), "Pricing FAQ")[1].stem.endswith("-faq-3")
    found, _ = load_proposals(repo)
    assert [(item.id, item.path) for item in found] == [(second, second_path)]
    assert find_proposal(repo, second) == (second_path, found[0].proposal)
    assert find_proposal(repo, "weekly-sync/2026-12-02-pricing-faq-2")[0] == second_path  # by its file, too


def test_malformed_files_are_skipped_with_a_warning_that_names_them(tmp_path: Path) -> None:
    repo = MinutesRepo(tmp_path)
    save_proposal(repo, "weekly-sync/2026-12-02-good", proposal())
    broken = tmp_path / "proposals" / "weekly-sync" / "2026-12-03-broken.toml"
    good_text = (tmp_path / "proposals" / "weekly-sync" / "2026-12-02-good.toml").read_text()
    broken.write_text(good_text.replace("minutes = 10", "minutes = 90"))
    (broken.parent / "2026-12-04-syntax.toml").write_text("title = \n")
    found, warnings = load_proposals(repo)
    assert [item.id for item in found] == ["weekly-sync/2026-12-02-good"]
    assert len(warnings) == 2
    assert str(broken) in warnings[0] and "minutes" in warnings[0] and "skipped" in warnings[0]
    assert "2026-12-04-syntax.toml:1:" in warnings[1]


@pytest.mark.parametrize("bad", ["../x", "weekly-sync/../../etc", "a/b/c", "weekly-sync/"])
def test_ids_that_would_leave_the_folder_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(InputError):
        proposal_path(MinutesRepo(tmp_path), bad)


def test_markdown_shows_who_proposed_and_what_was_taken_or_declined() -> None:
    from meetingtui.store.markdown import render_markdown

    text = render_markdown(
        minutes(
            "2026-12-08-weekly-sync",
            8,
            segments=[
                SegmentRecord(
                    title="Pricing FAQ",
                    team=Team.MARKETING,
                    planned_seconds=600,
                    actual_seconds=500,
                    status=SegmentStatus.DONE,
                    proposed_by="Dana *Lee*",
                )
            ],
            proposals_taken=[ProposalTaken(id="weekly-sync/2026-12-02-pricing-faq", segment="Pricing FAQ")],
            proposals_declined=[ProposalDeclined(id="weekly-sync/2026-12-03-x", title="Logo", reason="not ours")],
        )
    )
    assert "| Pricing FAQ (proposed by Dana \\*Lee\\*) | Marketing |" in text
    assert "## Proposals taken up\n\n- Pricing FAQ (weekly-sync/2026-12-02-pricing-faq)" in text
    assert "## Proposals declined\n\n- Logo (weekly-sync/2026-12-03-x) — not ours" in text


def test_the_meeting_takes_a_proposal_before_the_open_floor_and_replays_it() -> None:
    from meetingtui.domain.agenda import Agenda
    from meetingtui.domain.events import EVENT_SCHEMA
    from meetingtui.domain.meeting import Meeting
    from meetingtui.domain.proposals import OpenProposal
    from meetingtui.store.journal_records import event_record, read_event
    from tests.clock import ManualClock

    agenda = Agenda.model_validate(
        {
            "title": "Weekly",
            "segments": [
                {"title": "Pipeline", "team": "sales", "duration": "10m"},
                {"title": "Open floor", "team": "joint", "duration": "5m", "kind": "open-floor"},
                {"title": "Wrap-up", "team": "joint", "duration": "2m"},
            ],
        }
    )
    clock, events = ManualClock(), []
    meeting = Meeting(agenda, "weekly-sync", "2026-12-08-weekly-sync", clock=clock.now, wall=clock.wall)
    meeting.subscribe(events.append)
    taken = OpenProposal("weekly-sync/2026-12-02-pricing-faq", proposal(owner="Sam"), 6)
    declined = OpenProposal("weekly-sync/2026-12-03-logo", proposal("Logo", 3), 5)
    assert meeting.take_proposal(taken) == 1
    assert meeting.take_proposal(taken) is None  # once is enough
    assert meeting.decline_proposal(declined, "  not ours  ")
    assert [s.title for s in meeting.segments] == ["Pipeline", "Pricing FAQ", "Open floor", "Wrap-up"]
    segment = meeting.segments[1]
    assert (segment.team, segment.planned, segment.owner, segment.proposed_by) == (Team.MARKETING, 600, "Sam", "Dana")
    meeting.toggle()
    clock.advance(60)
    result = meeting.to_minutes()
    assert result.proposals_taken == [ProposalTaken(id=taken.id, segment="Pricing FAQ")]
    assert result.proposals_declined == [ProposalDeclined(id=declined.id, title="Logo", reason="not ours")]
    assert result.segments[1].proposed_by == "Dana" and result.segments[0].proposed_by is None
    restored, _ = Meeting.replay(
        agenda,
        "weekly-sync",
        meeting.minutes_id,
        [read_event(event_record(e), EVENT_SCHEMA) for e in events],
        clock=clock.now,
        wall=clock.wall,
    )
    assert restored.to_minutes() == meeting.to_minutes()


def test_proposal_stats_count_per_team_and_the_time_one_team_gave_the_other() -> None:
    from meetingtui.domain.minutes import Attendee
    from meetingtui.domain.proposal_stats import proposal_stats

    def seg(title: str, team: str, planned: int, actual: int) -> SegmentRecord:
        return SegmentRecord(title=title, team=team, planned_seconds=planned, actual_seconds=actual, status="done")

    stored = [
        StoredProposal("weekly-sync/2026-12-02-faq", proposal("FAQ", 2)),  # marketing, taken by a sales facilitator
        StoredProposal("weekly-sync/2026-12-02-deck", proposal("Deck", 2)),  # marketing, declined
        StoredProposal("weekly-sync/2026-12-02-w", proposal("W", 2, withdrawn=True, withdrawn_at=dt.datetime.now(UTC))),
        StoredProposal("weekly-sync/2026-12-03-calls", proposal("Calls", 3, team="sales")),  # own team: not "given"
        StoredProposal("weekly-sync/2026-12-03-open", proposal("Open", 3, team="sales")),
    ]
    history = build_history(
        [
            minutes(
                "2026-12-05-weekly-sync",
                5,
                facilitator="Sam",
                attendees=[Attendee(name="Sam", team="sales")],
                segments=[seg("FAQ", "marketing", 600, 720), seg("Calls", "sales", 300, 240)],
                proposals_taken=[
                    ProposalTaken(id="weekly-sync/2026-12-02-faq", segment="FAQ"),
                    ProposalTaken(id="weekly-sync/2026-12-03-calls", segment="Calls"),
                ],
                proposals_declined=[ProposalDeclined(id="weekly-sync/2026-12-02-deck", title="Deck", reason="later")],
            )
        ]
    )
    figures = proposal_stats(stored, history.proposal_outcomes)
    by_team = {t.team: t for t in figures.teams}
    assert (by_team["marketing"].proposed, by_team["marketing"].taken, by_team["marketing"].declined) == (3, 1, 1)
    assert by_team["marketing"].withdrawn == 1 and by_team["marketing"].open == 0
    assert (by_team["sales"].proposed, by_team["sales"].taken, by_team["sales"].open) == (2, 1, 1)
    given = {(g.from_team, g.to_team): g for g in figures.given}
    assert (given["sales", "marketing"].proposals, given["sales", "marketing"].actual_seconds) == (1, 720)
    assert given["marketing", "sales"].proposals == 0
    assert figures.to_json()["given"][0] == {
        "from_team": "sales",
        "to_team": "marketing",
        "proposals": 1,
        "planned_seconds": 600,
        "actual_seconds": 720,
        "decided": 2,  # the FAQ taken and the deck declined by Sam's (sales) meeting
        "asked_seconds": 2 * 600,
    }
    marketing = by_team["marketing"]
    assert (marketing.asked_seconds, marketing.granted_seconds, marketing.used_seconds) == (1800, 600, 720)


def test_a_proposal_without_an_owner_is_led_by_its_proposer() -> None:
    from meetingtui.domain.agenda import Agenda
    from meetingtui.domain.meeting import Meeting
    from meetingtui.domain.proposals import OpenProposal

    agenda = Agenda.model_validate({"title": "W", "segments": [{"title": "A", "team": "sales", "duration": "5m"}]})
    meeting = Meeting(agenda, "weekly-sync", "2026-12-08-weekly-sync")
    index = meeting.take_proposal(OpenProposal("weekly-sync/2026-12-02-x", proposal("X"), 0))
    assert index == 1 and meeting.segments[1].owner == "Dana"


@pytest.mark.parametrize(
    ("facilitator", "given_by"),
    [("Dana", "marketing"), ("dana lee", "marketing"), ("LEE", "marketing"), ("Sam", None), ("Pat", None)],
)
def test_time_given_finds_the_facilitator_by_part_of_a_name(facilitator: str, given_by: str | None) -> None:
    """Matched as the rest of the product matches people: any case, a unique part; "Sam" fits two people."""
    history = build_history(
        [
            minutes(
                "2026-12-05-weekly-sync",
                5,
                facilitator=facilitator,
                segments=[
                    SegmentRecord(title="Calls", team="sales", planned_seconds=300, actual_seconds=300, status="done")
                ],
                proposals_taken=[ProposalTaken(id="weekly-sync/2026-12-03-calls", segment="Calls")],
            )
        ],
        roster={"Dana Lee": Team.MARKETING, "Sam Rivera": Team.SALES, "Sam Ortiz": Team.SALES},
    )
    outcome = history.proposal_outcomes["weekly-sync/2026-12-03-calls"]
    assert outcome.given_by == (Team(given_by) if given_by else None)
