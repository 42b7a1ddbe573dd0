"""The proposals offered at a meeting's start follow the fetch that lands after them: one taken elsewhere goes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import ProposalTaken
from meetingtui.tui.screens.proposals import ProposalsScreen
from tests.team_git import commit_minutes, git, make_team, minutes
from tests.tui.test_history_sync import app_in, synced
from tests.tui.test_save_and_push import wait_until


def slow_fetches(home: Path) -> None:
    """Every pack a remote sends waits a second (git's own hook, from the global config): the fetch lands late."""
    hook = home / "slow-pack.sh"
    hook.write_text('#!/bin/sh\nsleep 1\nexec "$@"\n')
    hook.chmod(0o755)
    with (home / ".gitconfig").open("a") as config:
        config.write(f"[uploadpack]\n\tpackObjectsHook = {hook}\n")


def propose(root: Path, title: str) -> str:
    made = CliRunner().invoke(
        main,
        [
            "propose",
            title,
            "--agenda",
            "weekly-sync",
            "--team",
            "sales",
            "--minutes",
            "5",
            "--push",
            "--repo",
            str(root),
        ],
    )
    assert made.exit_code == 0, made.output
    found = re.search(r"\(id ([^)]+)\)", made.output)
    assert found is not None, made.output
    return found.group(1)


async def test_an_offer_taken_in_another_clone_disappears_when_the_fetch_lands(
    tmp_path: Path, isolated_user: Path
) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    faq, demo = propose(theirs, "Pricing FAQ"), propose(theirs, "Demo script")
    git(ours, "pull", "-q")
    # Their meeting takes up the FAQ and pushes; our clone has not fetched it yet.
    commit_minutes(theirs, minutes(dt.date(2026, 11, 30), proposals_taken=[ProposalTaken(id=faq, segment="FAQ")]))
    git(theirs, "push", "-q")
    slow_fetches(isolated_user)
    app = app_in(ours)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProposalsScreen))
        assert app.history_sync.status is None  # offered before the fetch landed: from the older history
        assert {item.id for item in app.screen.proposals} == {faq, demo}
        await synced(pilot)
        assert isinstance(app.screen, ProposalsScreen)
        assert [item.id for item in app.screen.proposals] == [demo]
        notes = [str(n.message) for n in app._notifications]
        notes += [message for message, _, _ in app.toasts.held]  # held while the offer is open, shown after it
        assert any("“Pricing FAQ”: taken up or declined by another meeting" in note for note in notes), notes


async def test_an_offer_left_with_nothing_to_decide_closes(tmp_path: Path, isolated_user: Path) -> None:
    _bare, (ours, theirs) = make_team(tmp_path, 2)
    faq = propose(theirs, "Pricing FAQ")
    git(ours, "pull", "-q")
    commit_minutes(theirs, minutes(dt.date(2026, 11, 30), proposals_taken=[ProposalTaken(id=faq, segment="FAQ")]))
    git(theirs, "push", "-q")
    slow_fetches(isolated_user)
    app = app_in(ours)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProposalsScreen))
        await synced(pilot)
        assert not any(isinstance(screen, ProposalsScreen) for screen in app.screen_stack)
        assert app.session.meeting.proposal_handled(faq) is False  # nothing was taken or declined here
        assert [segment.title for segment in app.session.meeting.segments if "FAQ" in segment.title] == []
