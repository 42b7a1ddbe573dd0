"""Text people type shows as typed: square brackets are not Textual or Rich markup.

"[WIP] launch plan" used to lose its "[WIP]" and a stray "[/draft]" raised a
MarkupError, wherever user text reached a border title, a DataTable cell, a
Rich table or a Static as a plain ``str``.
"""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from meetingtui.domain.minutes import ActionItem, Minutes, Parked, SegmentRecord
from meetingtui.store.minutes_store import save_minutes
from meetingtui.tui.screens.picker import PickerScreen
from meetingtui.tui.widgets.agenda_list import AgendaList
from meetingtui.tui.widgets.captured import CapturedLog
from meetingtui.tui.widgets.notes import NotesEditor
from meetingtui.tui.widgets.review import ReviewPanel
from meetingtui.tui.widgets.segment_heading import SegmentHeading
from tests.tui.conftest import shown_lines

from .conftest import settled, shown_text

TZ = dt.timezone(dt.timedelta(hours=1))

TEMPLATE = """
title = "[WIP] launch plan [/v2]"

[[segments]]
title = "Review [Q3] actions"
team = "joint"
duration = "5m"
kind = "review-actions"

[[segments]]
title = "ACME [enterprise] pipeline"
team = "sales"
duration = "10m"
owner = "Sam [/EMEA]"
prompts = ["Ask about [/draft] deals"]
"""


def write_template_and_history(repo) -> None:
    (repo.root / "agendas").mkdir(exist_ok=True)
    (repo.root / "agendas" / "launch.toml").write_text(TEMPLATE, encoding="utf-8")
    start = dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
    save_minutes(
        repo,
        Minutes(
            id="2026-11-20-launch",
            title="[WIP] launch plan",
            agenda="launch",
            date=start.date(),
            started_at=start,
            ended_at=start + dt.timedelta(minutes=15),
            segments=[
                SegmentRecord(
                    title="ACME [enterprise] pipeline",
                    team="sales",
                    planned_seconds=600,
                    actual_seconds=600,
                    status="done",
                )
            ],
            actions=[
                ActionItem(
                    id="2026-11-20-launch#1",
                    text="Case study [/draft] for [bold]ACME",
                    owner="Dana [mkt]",
                    team="marketing",
                )
            ],
            parked=[Parked(title="[Q4] pricing", team="marketing", reason="no time", planned_seconds=300)],
        ),
    )


def shown_rows(table: DataTable) -> str:
    """What the table draws, line by line (not the values it holds)."""
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def test_brackets_in_titles_items_and_names_show_as_typed(meeting_app, repo) -> None:
    write_template_and_history(repo)
    app = meeting_app("launch")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert "[Q4] pricing" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")  # do not add the parked topic
        screen = app.screen
        assert "[WIP] launch plan [/v2]" in screen.query_one(AgendaList).border_title.replace("\\[", "[")
        review = screen.query_one(ReviewPanel)
        rows = shown_rows(review)
        assert "Case study [/draft] for" in rows and "[bold]ACME" in rows  # all of it, wrapped, as typed
        assert "Dana [mkt]" in shown_rows(review)

        await pilot.press("space", "n")  # start, then the sales segment
        await pilot.pause()
        heading = screen.query_one(SegmentHeading)
        assert "ACME [enterprise] pipeline" in heading.title.plain and "Sam [/EMEA]" in heading.owner.plain
        assert "[/draft]" in shown_text(screen.query_one("#now-prompts"))
        assert "ACME [enterprise] pipeline" in screen.query_one(NotesEditor).border_title.replace("\\[", "[")

        await pilot.press("a", *"Send [draft] deck", "enter")
        await pilot.pause()
        assert screen.meeting.actions[-1].text == "Send [draft] deck"
        assert "Send [draft] deck" in "\n".join(shown_lines(screen.query_one(CapturedLog)))

        await pilot.press("q")  # the summary lists the segments as they were titled
        await pilot.pause()
        assert "ACME [enterprise] pipeline" in shown_text(app.screen.query_one("#summary-body"), width=120)


async def test_picker_lists_bracketed_titles_and_owners(repo) -> None:
    from meetingtui.session import SessionOptions
    from meetingtui.tui.app import make_app

    write_template_and_history(repo)
    app = make_app(repo, options=SessionOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        table = picker.query_one(DataTable)
        assert "[WIP] launch plan [/v2]" in shown_rows(table)
        table.move_cursor(row=[str(table.get_row_at(r)[0]) for r in range(table.row_count)].index("launch"))
        await pilot.pause()
        details = shown_text(picker.query_one("#template-plan"))
        assert "Sam [/EMEA]" in details, details
        assert "ACME [enterprise] pipeline" in details
