"""`meetingtui concerns`: filters, formats and exit codes as the other history commands have them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.e2e.test_cli_history import days, run, save


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    first, second = days(-20), days(-6)
    a, b = f"{first}-weekly-sync", f"{second}-weekly-sync"
    save(
        root,
        a,
        first,
        concerns=[
            {
                "text": "Leads arrive *cold* | no context",
                "from_team": "sales",
                "to_team": "marketing",
                "segment": "Leads",
            },
            {"text": "Reps skip the new deck", "from_team": "marketing", "to_team": "sales", "segment": "Content"},
        ],
        actions=[
            {"id": f"{a}#1", "text": "Add context to leads", "owner": "Kim", "team": "marketing", "segment": "leads"}
        ],
    )
    save(
        root,
        b,
        second,
        concerns=[{"text": "Pricing page is stale <b>", "from_team": "sales", "to_team": "marketing"}],
        action_updates=[{"id": f"{a}#1", "status": "done"}],
    )
    return root


def test_json_has_the_toml_keys_and_what_came_of_each_concern(repo: Path) -> None:
    code, out, err = run("concerns", "--repo", str(repo), "--format", "json")
    assert code == 0 and "reading the minutes in" in err
    records = json.loads(out)
    assert [r["text"] for r in records] == [  # newest meeting first, in the minutes' order within one
        "Pricing page is stale <b>",
        "Leads arrive *cold* | no context",
        "Reps skip the new deck",
    ]
    leads = records[1]
    assert leads == {
        "text": "Leads arrive *cold* | no context",
        "from_team": "sales",
        "to_team": "marketing",
        "segment": "Leads",
        "date": days(-20).isoformat(),
        "minutes": f"{days(-20)}-weekly-sync",
        "actions": [f"{days(-20)}-weekly-sync#1"],
        "closed": True,
    }
    assert records[0]["actions"] == [] and records[0]["closed"] is False


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["--from", "SALES"], ["Pricing page is stale <b>", "Leads arrive *cold* | no context"]),
        (["--to", "mkt"], ["Pricing page is stale <b>", "Leads arrive *cold* | no context"]),
        (["--from", "marketing", "--to", "sales"], ["Reps skip the new deck"]),
        (["--open"], ["Pricing page is stale <b>", "Reps skip the new deck"]),
        (["--since", "-1w"], ["Pricing page is stale <b>"]),
        (["--from", "joint"], []),
    ],
)
def test_filters(repo: Path, args: list[str], found: list[str]) -> None:
    code, out, _ = run("concerns", "--repo", str(repo), *args, "--format", "json")
    assert code == 0 and [r["text"] for r in json.loads(out)] == found


def test_table_and_markdown(repo: Path) -> None:
    code, out, _ = run("concerns", "--repo", str(repo))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["date", "direction", "concern", "follow-up", "actions", "minutes"]
    assert "sales → marketing" in lines[2] and "no action" in lines[2]
    assert "closed" in lines[3] and f"{days(-20)}-weekly-sync#1" in lines[3]
    code, out, _ = run("concerns", "--repo", str(repo), "--format", "md")
    cmark = require_tool("cmark-gfm")
    html = subprocess.run([cmark, "-e", "table"], input=out, capture_output=True, text=True, check=True).stdout
    assert html.count("<tr>") == 4 and "<td>Leads arrive *cold* | no context</td>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html and "<em>" not in html
    code, out, _ = run("concerns", "--repo", str(repo), "--from", "joint")
    assert (code, out.strip()) == (0, "No concerns from joint (3 in all).")  # the filter, and what it left out
    code, out, _ = run("concerns", "--repo", str(repo), "--from", "joint", "--format", "md")
    assert out.strip() == "_No concerns from joint (3 in all)._"


def test_bad_team_or_date_is_one_line_and_exit_2(repo: Path) -> None:
    code, _, err = run("concerns", "--repo", str(repo), "--from", "legal")
    assert code == 2 and err.strip().splitlines()[-1].startswith("meetingtui: --from: 'legal' is not a team")
    code, _, err = run("concerns", "--repo", str(repo), "--since", "someday")
    assert code == 2 and "--since: 'someday' is not a date" in err
