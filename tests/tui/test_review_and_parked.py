"""Memory between meetings in the app: the review segment and parked topics."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import ActionItem, Minutes, Parked, SegmentRecord
from meetingtui.store.minutes_store import load_minutes, save_minutes
from meetingtui.tui.widgets.review import ReviewPanel
from tests.tui.conftest import shown_text

TZ = dt.timezone(dt.timedelta(hours=1))


def earlier(repo, day: int, actions: list[tuple[str, str, str]], parked: list[str] = ()) -> None:
    minutes_id = f"2026-11-{day:02d}-weekly-sync"
    start = dt.datetime(2026, 11, day, 10, 0, tzinfo=TZ)
    save_minutes(
        repo,
        Minutes(
            id=minutes_id,
            title="Weekly sales & marketing sync",
            agenda="weekly-sync",
            date=start.date(),
            started_at=start,
            ended_at=start + dt.timedelta(minutes=45),
            segments=[
                SegmentRecord(title="Pipeline", team="sales", planned_seconds=600, actual_seconds=600, status="done")
            ],
            actions=[
                ActionItem(id=f"{minutes_id}#{n}", text=text, owner=owner, team=team)
                for n, (text, owner, team) in enumerate(actions, 1)
            ],
            parked=[
                Parked(title=title, team="marketing", reason="ran out of time", planned_seconds=420) for title in parked
            ],
        ),
    )


async def wait_for_history(pilot) -> None:
    await pilot.app.screen.complete.wait()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_marks_become_action_updates(meeting_app, repo) -> None:
    earlier(repo, 13, [("Refresh battlecard", "Sam", "sales"), ("Case study ACME", "Dana", "marketing")])
    earlier(repo, 20, [("Pricing FAQ", "Dana", "marketing")])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_history(pilot)
        panel = app.screen.query_one(ReviewPanel)
        assert panel.display and panel.has_focus
        assert [str(panel.get_row_at(i)[2]) for i in range(panel.row_count)] == [
            "Refresh battlecard — Sam",
            "Case study ACME — Dana",
            "Pricing FAQ — Dana",
        ]  # oldest first, each with its owner
        await pilot.press("space")
        await pilot.press("x")  # battlecard done; the cursor moves on
        assert panel.cursor_row == 1
        await pilot.press("r")
        await pilot.pause()
        intro = str(app.screen.query_one("#dialog-intro").render())
        assert "Case study ACME" in intro and "Dana" in intro  # which action, and who has it now
        await pilot.press(*"Sa", "enter")  # re-assigned (nobody on the roster: kept as typed)
        await pilot.pause()
        assert panel.cursor_row == 2  # like x: on to the next action
        await pilot.press("delete")  # pricing FAQ dropped
        await pilot.pause()
        updates = app.session.meeting.action_updates
        assert updates["2026-11-13-weekly-sync#1"].status.value == "done"
        assert updates["2026-11-13-weekly-sync#2"].owner == "Sa"
        assert updates["2026-11-20-weekly-sync#1"].status.value == "dropped"
        assert {u.text for u in updates.values()} == {"Refresh battlecard", "Case study ACME", "Pricing FAQ"}
        await pilot.press("up", "o")  # changed my mind: the case study stays with Dana
        await pilot.pause()
        assert "2026-11-13-weekly-sync#2" not in updates and panel.cursor_row == 2
        await pilot.press("q")
        await pilot.pause()
        shown = shown_text(app.screen.query_one("#summary-body"))
        assert "Refresh battlecard — Sam → done" in shown and "Pricing FAQ — Dana → dropped" in shown
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = app.session.saved
        assert saved is not None and saved.ok, saved
    new = load_minutes(saved.files[0])
    assert {(u.id, u.text, u.status.value, u.owner, u.owned_by) for u in new.action_updates} == {
        ("2026-11-13-weekly-sync#1", "Refresh battlecard", "done", None, "Sam"),
        ("2026-11-20-weekly-sync#1", "Pricing FAQ", "dropped", None, "Dana"),
    }
    markdown = next(path for path in saved.files if path.suffix == ".md").read_text()
    # reads without the old file, and says whose the action was, as the summary does
    assert "Refresh battlecard — Sam · 2026-11-13-weekly-sync#1 → **done**" in markdown
    earlier_files = sorted((repo.minutes_dir / "2026").glob("2026-11-1*.toml"))
    assert all("action_updates" not in path.read_text() for path in earlier_files)  # never rewritten

    result = CliRunner().invoke(main, ["actions", "--repo", str(repo.root), "--format", "json"])
    assert result.exit_code == 0, result.output
    still_open = {(row["id"], row["owner"]) for row in json.loads(result.stdout)}
    assert still_open == {("2026-11-13-weekly-sync#2", "Dana")}


async def test_parked_topics_are_offered_at_the_next_meeting(meeting_app, repo) -> None:
    earlier(repo, 20, [], parked=["Pricing page rewrite"])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_history(pilot)
        question = str(app.screen.query_one("#confirm-question").render())
        assert "Pricing page rewrite" in question and "Add it after the current segment?" in question
        await pilot.press("y")
        meeting = app.session.meeting
        added = meeting.segments[1]
        assert (added.title, added.team.value, added.planned) == ("Pricing page rewrite", "marketing", 420)
