"""A whole meeting through the real app: keys from docs/PRODUCT.md, real files, a real commit."""

from __future__ import annotations

import subprocess
import tomllib

from meetingtui.domain.minutes import Minutes
from meetingtui.tui.screens.summary import SummaryScreen
from tests.tui.conftest import advance


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_a_whole_meeting_ends_in_committed_minutes(meeting_app, clock, repo) -> None:
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = app.session.meeting
        assert not meeting.running
        await pilot.press("space")
        assert meeting.running
        await advance(pilot, clock, 200)

        await pilot.press("a")
        await type_text(pilot, "Pricing FAQ")
        await pilot.press("tab")
        await type_text(pilot, "Dana")
        await pilot.press("tab", "m", "tab", "+", "3", "d", "enter")
        await pilot.pause()
        await pilot.press("n")  # next segment
        await advance(pilot, clock, 9 * 60 + 45)  # the 9-minute scorecard runs 45 s over
        assert meeting.phase().value == "overrun"
        assert "+0:45" in str(app.screen.query_one("#countdown").value)

        await pilot.press("d")
        await type_text(pilot, "Ship it")
        await pilot.press("enter")
        await pilot.press("c")
        await type_text(pilot, "Cold leads")
        await pilot.press("tab", "s", "enter")
        await pilot.press("i")
        await type_text(pilot, "Asks about X")
        await pilot.press("tab")
        await type_text(pilot, "ACME call")
        await pilot.press("tab")
        await type_text(pilot, "X page")
        await pilot.press("enter")
        await pilot.pause()

        await pilot.press("e")
        await type_text(pilot, "MQL -10%")
        await pilot.press("escape")
        await pilot.pause(0.6)  # the notes are stored after a short pause in typing

        await pilot.press("n")
        await advance(pilot, clock, 60)
        await pilot.press("plus")
        assert meeting.current.planned == 9 * 60
        await pilot.press("k")  # skip
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = app.session.saved
        assert result is not None and result.ok, result
        await pilot.press("q")
    assert app.return_code == 0

    toml_path, md_path, report_path = result.files  # the minutes, then the report regenerated with them
    assert report_path == repo.root / "REPORT.md"
    assert toml_path == repo.root / "minutes" / "2026" / "2026-11-27-weekly-sync.toml"
    data = tomllib.loads(toml_path.read_text())
    minutes = Minutes.model_validate(data)
    assert [(a.text, a.owner, a.team.value, a.due.isoformat()) for a in minutes.actions] == [
        ("Pricing FAQ", "Dana", "marketing", "2026-11-30")
    ]
    assert minutes.actions[0].id == f"{minutes.id}#1" and minutes.id.startswith("2026-11-27-weekly-sync.")
    assert minutes.decisions[0].text == "Ship it"
    assert (minutes.concerns[0].from_team.value, minutes.concerns[0].to_team.value) == ("sales", "marketing")
    assert minutes.insights[0].content_idea == "X page"
    scorecard = minutes.segments[1]
    assert (scorecard.planned_seconds, scorecard.actual_seconds, scorecard.status.value) == (540, 585, "done")
    assert scorecard.notes == "MQL -10%"
    assert minutes.segments[2].status.value == "skipped" and minutes.segments[2].planned_seconds == 540
    assert all(s.status.value == "not-reached" for s in minutes.segments[3:])

    markdown = md_path.read_text()
    task = f"- [ ] Pricing FAQ — Dana (marketing), due 2026-11-30 · {minutes.id}#1"
    assert task in markdown

    shown = subprocess.run(
        ["git", "-C", str(repo.root), "show", "--name-only", "--format=%s", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown[:2] == ["Minutes:", "Weekly"]
    assert sorted(shown[-2:]) == ["minutes/2026/2026-11-27-weekly-sync.md", "minutes/2026/2026-11-27-weekly-sync.toml"]
    assert (
        result.commit
        == subprocess.run(
            ["git", "-C", str(repo.root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
