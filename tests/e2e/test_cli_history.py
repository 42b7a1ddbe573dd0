"""`meetingtui actions / decisions / insights / stats` as users and scripts see them."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import Minutes
from meetingtui.store.toml_io import dumps
from tests.conftest import require_tool

TODAY = dt.date.today()
TZ = dt.timezone(dt.timedelta(hours=1))


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def save(root: Path, minutes_id: str, date: dt.date, **tables) -> None:
    start = dt.datetime.combine(date, dt.time(10), TZ)
    minutes = Minutes.model_validate(
        {
            "id": minutes_id,
            "title": "Weekly sync",
            "agenda": "weekly-sync",
            "date": date,
            "started_at": start,
            "ended_at": start + dt.timedelta(minutes=45),
            **tables,
        }
    )
    path = root / "minutes" / str(date.year) / f"{minutes_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(minutes.to_document()))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    first, second = days(-20), days(-6)
    a, b = f"{first}-weekly-sync", f"{second}-weekly-sync"
    save(
        root,
        a,
        first,
        actions=[
            {
                "id": f"{a}#1",
                "text": "One-pager on *pricing* | objections",
                "owner": "Dana",
                "team": "marketing",
                "due": days(-3),
            },
            {"id": f"{a}#2", "text": "Call ACME", "owner": "Sam", "team": "sales", "due": days(5)},
            {"id": f"{a}#3", "text": "Fix lead routing", "owner": "Ali", "team": "sales"},
            {"id": f"{a}#4", "text": "Old news", "owner": "Sam", "team": "sales", "due": days(-10)},
        ],
        decisions=[{"text": "Weekly sync stays on Mondays", "segment": "Open floor"}],
        insights=[{"text": "Prospects ask about SSO", "source": "call with ACME"}],
    )
    save(
        root,
        b,
        second,
        attendees=[{"name": "Kim", "team": "marketing"}],
        action_updates=[{"id": f"{a}#4", "status": "done"}, {"id": f"{a}#3", "status": "open", "owner": "Kim"}],
        decisions=[{"text": "Ship the comparison page", "segment": "Content requests"}],
        insights=[{"text": "They compare us with X", "source": "ride-along", "content_idea": "Comparison page"}],
        concerns=[{"text": "Leads arrive cold", "from_team": "sales", "to_team": "marketing"}],
        segments=[
            {
                "title": "Pipeline review",
                "team": "sales",
                "planned_seconds": 600,
                "actual_seconds": 780,
                "status": "done",
            }
        ],
    )
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_actions_json_has_the_toml_keys_after_updates(repo: Path) -> None:
    code, out, err = run("actions", "--repo", str(repo), "--format", "json")
    assert code == 0 and err == f"meetingtui: reading the minutes in {repo.resolve()}\n"  # the repository, only
    records = json.loads(out)
    a = f"{days(-20)}-weekly-sync"
    assert [r["id"] for r in records] == [f"{a}#1", f"{a}#2", f"{a}#3"]  # soonest due first, undated last
    keys = {"id", "text", "owner", "team", "due", "status", "segment", "date", "minutes"}
    assert all(set(r) == keys for r in records)
    assert records[0] == {
        "id": f"{a}#1",
        "text": "One-pager on *pricing* | objections",
        "owner": "Dana",
        "team": "marketing",
        "due": days(-3).isoformat(),
        "status": "open",
        "segment": None,
        "date": days(-20).isoformat(),
        "minutes": a,
    }
    assert (records[2]["owner"], records[2]["team"], records[2]["due"]) == ("Kim", "marketing", None)


def test_actions_filters(repo: Path) -> None:
    def ids(*options: str) -> list[str]:
        code, out, _ = run("actions", "--repo", str(repo), "--format", "json", *options)
        assert code == 0
        return [r["id"].rsplit("#")[1] for r in json.loads(out)]

    assert ids("--owner", "sam") == ["2"]
    assert ids("--owner", "SA") == ["2"]  # part of the name, any case
    assert ids("--team", "Marketing") == ["1", "3"]
    assert ids("--team", "SALES") == ["2"]
    assert ids("--team", "marketing") == ["1", "3"]
    assert ids("--overdue") == ["1"]
    assert ids("--team", "joint") == []
    code, _, err = run("actions", "--repo", str(repo), "--team", "legal")
    assert code == 2 and err.strip() == (
        "meetingtui: --team: 'legal' is not a team: choose sales, marketing or joint (any case)"
    )


def test_actions_table_for_people(repo: Path) -> None:
    code, out, _ = run("actions", "--repo", str(repo))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["due", "status", "owner", "team", "age", "(d)", "id", "action"]
    assert lines[2].split()[:5] == [days(-3).isoformat(), "overdue", "Dana", "marketing", "20"]
    assert "Call ACME" in lines[3] and len(lines) == 5


def test_actions_markdown_renders_as_a_task_list(repo: Path) -> None:
    cmark = require_tool("cmark-gfm")
    code, out, _ = run("actions", "--repo", str(repo), "--format", "md")
    a = f"{days(-20)}-weekly-sync"
    assert code == 0
    assert out.splitlines()[1] == f"- [ ] Call ACME — Sam (sales), due {days(5).isoformat()} · {a}#2"
    html = subprocess.run(
        [cmark, "-e", "table", "-e", "tasklist"], input=out, capture_output=True, text=True, check=True
    ).stdout
    assert html.count('<input type="checkbox" disabled="" />') == 3
    assert "One-pager on *pricing* | objections" in html and "<em>" not in html  # user text stays text


def test_actions_ics_puts_due_dates_in_calendars(repo: Path) -> None:
    from icalendar import Calendar

    code, out, _ = run("actions", "--repo", str(repo), "--format", "ics")
    assert code == 0
    events = Calendar.from_ical(out.encode()).walk("VEVENT")
    a = f"{days(-20)}-weekly-sync"
    found = {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in events}
    assert found == {  # the undated action is left out; the done one is gone
        f"{a}#1@meetingtui": (days(-3), days(-2), "Due: One-pager on *pricing* | objections (Dana)"),
        f"{a}#2@meetingtui": (days(5), days(6), "Due: Call ACME (Sam)"),
    }
    assert run("actions", "--repo", str(repo), "--format", "ics")[1] == out  # stable: calendars update, not duplicate


def test_decisions_newest_first_and_since(repo: Path) -> None:
    code, out, _ = run("decisions", "--repo", str(repo), "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "text": "Ship the comparison page",
            "segment": "Content requests",
            "date": days(-6).isoformat(),
            "minutes": f"{days(-6)}-weekly-sync",
        },
        {
            "text": "Weekly sync stays on Mondays",
            "segment": "Open floor",
            "date": days(-20).isoformat(),
            "minutes": f"{days(-20)}-weekly-sync",
        },
    ]
    code, out, _ = run("decisions", "--repo", str(repo), "--since", days(-10).isoformat())
    assert code == 0 and "Ship the comparison page" in out and "Mondays" not in out
    code, out, err = run("decisions", "--repo", str(repo), "--since", "last tuesday")
    assert code == 2 and out == ""
    assert err.strip() == (
        "meetingtui: --since: 'last tuesday' is not a date: "
        "use 2026-12-04, today, yesterday, tomorrow, +3d, -2w or a weekday (fri)"
    )


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("-10d", ["Ship the comparison page"]),
        ("-1W", ["Ship the comparison page"]),
        ("-3w", ["Ship the comparison page", "Weekly sync stays on Mondays"]),
        ("Yesterday", []),
        ("TODAY", []),
        (days(-6).isoformat(), ["Ship the comparison page"]),
        (days(-5).strftime("%a"), []),  # the last such weekday: five days ago, after both meetings
        (days(-7).strftime("%A").upper(), ["Ship the comparison page"]),  # a week ago: the last such day
    ],
)
def test_since_takes_the_same_date_words_everywhere(repo: Path, word: str, found: list[str]) -> None:
    meetings = []
    for command in ("decisions", "insights"):
        code, out, err = run(command, "--repo", str(repo), "--since", word, "--format", "json")
        assert code == 0, err
        records = json.loads(out)
        if command == "decisions":
            assert [r["text"] for r in records] == found
        meetings.append([(r["date"], r["minutes"]) for r in records])
    assert meetings[0] == meetings[1]  # one meeting each way, one parser for both commands


def test_insights_markdown_table(repo: Path) -> None:
    cmark = require_tool("cmark-gfm")
    code, out, _ = run("insights", "--repo", str(repo), "--format", "md")
    assert code == 0
    html = subprocess.run(
        [cmark, "-e", "table", "-e", "tasklist"], input=out, capture_output=True, text=True, check=True
    ).stdout
    assert html.count("<tr>") == 3 and "<td>Comparison page</td>" in html
    code, out, _ = run("insights", "--repo", str(repo), "--format", "json", "--since", days(-7).isoformat())
    assert json.loads(out) == [
        {
            "text": "They compare us with X",
            "source": "ride-along",
            "content_idea": "Comparison page",
            "segment": None,
            "date": days(-6).isoformat(),
            "minutes": f"{days(-6)}-weekly-sync",
        }
    ]


def test_stats_json_and_table(repo: Path) -> None:
    code, out, _ = run("stats", "--repo", str(repo), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["meetings"] == 2
    total = data["actions_total"]
    assert (total["created"], total["done"], total["open"], total["overdue"]) == (4, 1, 3, 1)
    assert data["concerns"][0] == {
        "from_team": "sales",
        "to_team": "marketing",
        "count": 1,
        "led_to_action": 0,
        "closed": 0,
        "median_days_to_close": None,
    }
    assert data["cadence"][0]["agenda"] == "weekly-sync"
    code, out, _ = run("stats", "--repo", str(repo))
    assert code == 0 and "Meetings: 2" in out and "sales → marketing: 1, 0 led to an action" in out
    assert "Pipeline review" in out and "+3m" in out
    assert "share of plan" in out and "share of time" in out
    shares = [
        (t["share_of_plan"], t["share_of_time"])
        for t in json.loads(run("stats", "--repo", str(repo), "--format", "json")[1])["time"]
    ]
    assert sum(plan for plan, _ in shares) == 100 and sum(spent for _, spent in shares) == 100


def test_broken_file_warns_on_stderr_and_the_command_succeeds(repo: Path) -> None:
    broken = repo / "minutes" / str(TODAY.year) / f"{TODAY}-weekly-sync.toml"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text('id = "x"\ntitle = "unterminated\n')
    code, out, err = run("actions", "--repo", str(repo), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 3
    assert err.splitlines()[1].startswith(f"meetingtui: warning: {broken}:2:")  # after the repository's name


def test_empty_repository(tmp_path: Path) -> None:
    (tmp_path / "minutes").mkdir()
    assert run("actions", "--repo", str(tmp_path), "--format", "json")[1].strip() == "[]"
    assert run("actions", "--repo", str(tmp_path), "--overdue")[1].strip() == "No open actions."
    assert run("decisions", "--repo", str(tmp_path))[1].strip() == "No decisions."
    assert run("stats", "--repo", str(tmp_path))[1].strip() == "No minutes yet."


CHECK_NO_TEXTUAL = textwrap.dedent("""
    import sys
    from meetingtui.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit as exit:
        assert not exit.code, exit.code
    loaded = sorted(name for name in sys.modules if name.split(".")[0] == "textual")
    print("TEXTUAL:", loaded, file=sys.stderr)
""")


@pytest.mark.parametrize("command", [["actions", "--format", "json"], ["stats", "--format", "json"]])
def test_history_commands_do_not_import_textual_and_share_the_cache(repo: Path, command: list[str]) -> None:
    env = dict(os.environ)
    argv = [sys.executable, "-c", CHECK_NO_TEXTUAL, *command, "--repo", str(repo)]
    old = (dt.datetime.now() - dt.timedelta(days=1)).timestamp()
    for path in repo.rglob("*.toml"):
        os.utime(path, (old, old))
    first = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    assert "TEXTUAL: []" in first.stderr
    cache = next((Path(env["XDG_CACHE_HOME"]) / "meetingtui" / "history").glob("*.sqlite"))
    before = cache.stat()
    second = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    assert second.stdout == first.stdout
    after = cache.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # all hits: nothing rewritten


def test_commands_leave_the_garbage_collector_as_they_found_it(repo: Path) -> None:
    import gc

    assert gc.isenabled()
    run("actions", "--repo", str(repo))
    assert gc.isenabled()


def test_stats_markdown_has_the_reports_figures_and_exact_seconds(repo: Path) -> None:
    cmark = require_tool("cmark-gfm")
    code, out, err = run("stats", "--repo", str(repo), "--format", "md")
    assert code == 0, err
    assert out.startswith("# Meeting stats\n") and f"figures as of {TODAY}" in out
    for heading in ("## Cadence", "## Time given", "## Concerns, out loud", "## Promises kept", "## Attendance"):
        assert f"\n{heading}\n" in out
    html = subprocess.run([cmark, "-e", "table"], input=out, capture_output=True, text=True, check=True).stdout
    assert html.count("<table>") >= 5  # the report's tables, rendered
    # the time per team is the exact figure the minutes keep (13m spent of a 10m plan), as on the balance panel
    assert "| Sales | 10m | 100% | 13m | 100% | +3m |" in out
    assert "[table|md|json]" in run("stats", "--help")[1]  # what the help promises exists


def test_stats_overrun_average_is_exact_to_the_second(repo: Path) -> None:
    save(
        repo,
        f"{days(-1)}-weekly-sync",
        days(-1),
        segments=[
            {
                "title": "Pipeline review",
                "team": "sales",
                "planned_seconds": 600,
                "actual_seconds": 700,
                "status": "done",
            }
        ],
    )
    code, out, _ = run("stats", "--repo", str(repo))
    row = next(line for line in out.splitlines() if line.startswith("Pipeline review"))
    assert code == 0 and row.split()[-1] == "+2m20s"  # (180 s + 100 s) / 2 runs, not rounded to "+2m"


def test_stats_json_has_one_share_and_no_weeks_before_the_first_meeting(repo: Path) -> None:
    data = json.loads(run("stats", "--repo", str(repo), "--format", "json")[1])
    assert all("share" not in t and {"share_of_time", "share_of_plan"} <= set(t) for t in data["time"])
    first_year, first_week, _ = days(-20).isocalendar()
    weeks = [w["week"] for w in data["per_week"]]
    assert weeks[0] == f"{first_year:04d}-W{first_week:02d}" and weeks[-1] == "{:04d}-W{:02d}".format(
        *TODAY.isocalendar()[:2]
    )
    assert sum(w["meetings"] for w in data["per_week"]) == 2
