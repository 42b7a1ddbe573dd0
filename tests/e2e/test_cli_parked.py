"""`meetingtui parked`: every topic still parked, old ones included, with the ones a start offers marked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import Minutes, Parked
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo


def parked_by(repo: MinutesRepo, days_ago: int, *titles: str, agenda: str = "weekly-sync") -> str:
    day = dt.date.today() - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(10), dt.UTC)
    minutes_id = f"{day.isoformat()}-{agenda}"
    save_minutes(
        repo,
        Minutes(
            id=minutes_id,
            title=agenda,
            agenda=agenda,
            date=day,
            started_at=start,
            ended_at=start + dt.timedelta(minutes=30),
            parked=[
                Parked(title=title, team="marketing", reason="ran out of time", planned_seconds=300) for title in titles
            ],
        ),
    )
    return minutes_id


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_old_topics_stay_findable_and_the_window_is_the_repositorys(git_repo: Path) -> None:
    repo = MinutesRepo(git_repo)
    old = parked_by(repo, 60, "Pricing page rewrite")
    recent = parked_by(repo, 5, "Webinar follow-up")
    parked_by(repo, 4, "Lead scoring", agenda="funnel-review")

    result = run("parked", "--repo", str(git_repo))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["date", "agenda", "topic", "team", "plan", "reason", "offered", "minutes"]
    body = "\n".join(lines[2:])
    assert body.index("Lead scoring") < body.index("Webinar follow-up") < body.index("Pricing page rewrite")
    offered_line = next(line for line in lines if "Webinar follow-up" in line)
    old_line = next(line for line in lines if "Pricing page rewrite" in line)
    assert " yes " in offered_line and recent in offered_line
    assert " yes " not in old_line and old in old_line  # too old for the start's offer, still listed

    data = json.loads(run("parked", "--repo", str(git_repo), "--agenda", "Weekly-Sync", "--format", "json").stdout)
    assert [(r["title"], r["offered"], r["minutes"], r["reason"]) for r in data] == [
        ("Webinar follow-up", True, recent, "ran out of time"),
        ("Pricing page rewrite", False, old, "ran out of time"),
    ]
    assert data[1]["age_days"] == 60 and data[0]["agenda"] == "weekly-sync"

    # The repository widens the window: the last two meetings, 90 days.
    (git_repo / "meetingtui.toml").write_text("parked_meetings = 2\nparked_days = 90\n")
    data = json.loads(run("parked", "--repo", str(git_repo), "--offered", "--format", "json").stdout)
    assert sorted(r["title"] for r in data) == ["Lead scoring", "Pricing page rewrite", "Webinar follow-up"]


def test_nothing_parked_says_so(git_repo: Path) -> None:
    result = run("parked", "--repo", str(git_repo), "--agenda", "weekly-sync")
    assert result.exit_code == 0 and result.stdout.strip() == "Nothing parked for weekly-sync."
    assert run("parked", "--repo", str(git_repo), "--format", "json").stdout.strip() == "[]"


def test_a_bad_window_names_the_file_and_the_field(git_repo: Path) -> None:
    (git_repo / "meetingtui.toml").write_text("parked_days = -3\n")
    result = CliRunner().invoke(main, ["parked", "--repo", str(git_repo)])
    assert result.exit_code == 2 and "meetingtui.toml" in result.output and "parked_days" in result.output
