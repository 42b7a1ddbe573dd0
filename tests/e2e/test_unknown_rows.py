"""`stats`, the stats screen and `report` show what the minutes leave teamless as rows of their own, never drop it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import ActionItem, Concern
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.team_git import minutes


def run(root: Path, *args: str):
    result = CliRunner().invoke(main, [*args, "--repo", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_teamless_actions_and_directionless_concerns_are_counted_in_rows_of_their_own(git_repo: Path) -> None:
    record = minutes(dt.date(2026, 12, 1), actions=0)
    record = record.model_copy(
        update={
            "actions": [
                ActionItem(id=f"{record.id}#1", text="Call ACME", owner="Kim"),
                ActionItem(id=f"{record.id}#2", text="Send deck", owner="Sam", team="sales"),
            ],
            "concerns": [
                Concern(text="Leads arrive cold"),
                Concern(text="Too few demos", from_team="sales"),
                Concern(text="Late briefs", from_team="marketing", to_team="sales"),
            ],
        }
    )
    save_minutes(MinutesRepo(git_repo), record, record=True)

    table = run(git_repo, "stats", "--as-of", "2026-12-02")
    actions = table[table.index("Actions per team") :]
    assert any(line.split()[:3] == ["team", "unknown", "1"] for line in actions.splitlines()), actions
    assert "direction unknown: 1, 0 led to an action" in table
    assert "sales → team unknown: 1" in table
    assert "marketing → sales: 1" in table

    figures = json.loads(run(git_repo, "stats", "--as-of", "2026-12-02", "--format", "json"))
    counted = sum(flow["count"] for flow in figures["concerns"])
    assert counted == 3  # every concern is in some row
    assert sum(team["created"] for team in figures["actions"]) == figures["actions_total"]["created"] == 2

    report = run(git_repo, "report", "--as-of", "2026-12-02")
    assert "| Direction unknown | 1 |" in report
    assert "| Team unknown | 1 |" in report
