"""A rehearsal is a rehearsal: it commits nothing, changes no real action and counts nowhere."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.session import MeetingSession
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.history_store import load_history
from meetingtui.store.journal import find_interrupted
from meetingtui.tui.screens.summary import SummaryScreen
from meetingtui.tui.widgets.review import ReviewPanel
from tests.session_save import save
from tests.tui.conftest import advance, settled, shown_text
from tests.tui.test_review_and_parked import earlier


def git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def what_the_team_sees(repo) -> dict[str, str]:
    """Everything a later meeting or a teammate reads: the log, the tree, the open actions, the stats."""
    root = str(repo.root)
    runner = CliRunner()
    return {
        "log": git(root, "log", "--format=%H %s"),
        "status": git(root, "status", "--porcelain", "--untracked-files=all"),
        "actions": runner.invoke(main, ["actions", "--repo", root, "--format", "json"]).output,
        "stats": runner.invoke(main, ["stats", "--repo", root, "--format", "json"]).output,
    }


def next_review(repo, clock) -> list[str]:
    """What the review segment of the next real meeting offers: the open actions as the history folds them."""
    states = load_history(repo).open_actions(clock.wall().date())
    return [state.item.model_dump_json() for state in sorted(states, key=lambda state: state.item.id)]


async def rehearse(meeting_app, clock, ending: str):
    """Run the built-in rehearsal through every segment, trying to mark things done, and end it with ``ending``."""
    app = meeting_app("rehearsal", push=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert "REHEARSAL" in str(app.screen.query_one("#now").border_title)
        panel = app.screen.query_one(ReviewPanel)
        assert [str(panel.get_row_at(0)[2])] == [  # real open actions are not offered: nothing here can change them
            "A rehearsal leaves the real open actions alone: none are shown, none can change."
        ]
        await pilot.press("space", "x", "delete")
        await advance(pilot, clock, 10)
        await pilot.press("d", *"Try the keys", "enter")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press(ending)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = shown_text(app.screen.query_one("#summary-result"))
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.session.meeting.action_updates == {}
    return app, shown


async def test_a_rehearsal_leaves_the_history_byte_identical(meeting_app, clock, repo) -> None:
    earlier(repo, 20, [("Pricing FAQ", "Dana", "marketing")])
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "Minutes: an earlier meeting")
    before, review_before = what_the_team_sees(repo), next_review(repo, clock)
    assert len(review_before) == 1 and "Pricing FAQ" in review_before[0]

    app, shown = await rehearse(meeting_app, clock, "enter")

    assert "Rehearsal discarded" in shown and "Rehearsal discarded" in app.farewell
    assert find_interrupted(repo.state_dir) is None  # not offered for resume either
    assert what_the_team_sees(repo) == before
    assert next_review(repo, clock) == review_before


async def test_a_rehearsal_kept_lives_outside_the_history(meeting_app, clock, repo) -> None:
    before = what_the_team_sees(repo)

    app, shown = await rehearse(meeting_app, clock, "s")

    toml_path, md_path = app.session.saved.files
    assert toml_path.parent == repo.state_dir / "rehearsals" and md_path.is_file()
    assert "Try the keys" in toml_path.read_text()
    assert str(toml_path.parent) in shown.replace("\n", "") or toml_path.name in shown
    assert str(toml_path.parent) in app.farewell
    assert what_the_team_sees(repo) == before


def test_a_resumed_rehearsal_is_still_one(repo, clock) -> None:
    """The journal keeps the agenda, flag included: a rehearsal resumed after a crash commits nothing either."""
    name, agenda = resolve_agenda("rehearsal", repo)
    crashed = MeetingSession.new(repo, name, agenda, clock=clock.now, wall=clock.wall)
    crashed.meeting.capture("decisions", text="Try resuming")
    crashed.close()
    head = git(repo.root, "rev-parse", "HEAD")

    resumed = MeetingSession.resume(repo, find_interrupted(repo.state_dir), clock=clock.now, wall=clock.wall)
    result = save(resumed)

    assert resumed.rehearsal and result.rehearsal and result.files == () and result.commit is None
    assert git(repo.root, "rev-parse", "HEAD") == head and not repo.minutes_dir.exists()
    assert find_interrupted(repo.state_dir) is None
