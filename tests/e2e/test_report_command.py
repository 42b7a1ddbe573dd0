"""`meetingtui report` on two years of a team's minutes: the numbers of `stats`, GFM that stays inert, same bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import require_tool
from tests.report_data import HOSTILE_AGENDA, generate
from tests.team_git import run_meetingtui

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated history, committed to a git repository (so it can be cloned)."""
    root = tmp_path_factory.mktemp("report") / "team"
    generate(root)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "history"],
        check=True,
    )
    return root


def meetingtui(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``meetingtui ARGS`` in its own process running this checkout (forked: tests/forked_cli.py)."""
    result = run_meetingtui(*args, cwd=cwd, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def raw_minutes(root: Path) -> list[dict]:
    return [tomllib.loads(path.read_text()) for path in sorted((root / "minutes").rglob("*.toml"))]


@pytest.mark.parametrize(
    "scope", [[], ["--since", "2026-01-01"], ["--agenda", "Weekly-Sync"], ["--since", "2025-06-01", "--agenda", "mkt"]]
)
def test_report_json_is_stats_json_to_the_second(team: Path, scope: list[str]) -> None:
    stats = json.loads(meetingtui("stats", "--repo", str(team), "--as-of", AS_OF, *scope, "--format", "json").stdout)
    report = json.loads(meetingtui("report", "--repo", str(team), "--as-of", AS_OF, *scope, "--format", "json").stdout)
    assert {key: report[key] for key in stats} == stats
    assert set(report) - set(stats) == {"overdue"}
    assert len(report["overdue"]) == sum(team["overdue"] for team in stats["actions"])


def test_the_figures_are_the_minutes_figures(team: Path) -> None:
    """Counted straight from the TOML files with another parser, without the fold."""
    data = json.loads(meetingtui("report", "--repo", str(team), "--format", "json").stdout)
    minutes = raw_minutes(team)
    assert data["meetings"] == len(minutes) > 250
    assert data["today"] == max(m["date"] for m in minutes).isoformat()  # no clock: the newest minutes' date
    flows = Counter(
        (c.get("from_team", "unknown"), c.get("to_team", "unknown")) for m in minutes for c in m.get("concerns", [])
    )
    assert {(f["from_team"], f["to_team"]): f["count"] for f in data["concerns"]} == dict(flows)
    assert flows["sales", "marketing"] and flows["marketing", "sales"] and flows["unknown", "unknown"]
    assert data["actions_total"]["created"] == sum(len(m.get("actions", [])) for m in minutes)
    reassigned = [u for m in minutes for u in m.get("action_updates", []) if u.get("owner")]
    assert reassigned and data["actions_total"]["overdue"] > 0
    planned = Counter()
    for m in minutes:
        for s in m.get("segments", []):
            planned[s["team"]] += s["planned_seconds"]
    assert {t["team"]: t["planned_seconds"] for t in data["time"]} == dict(planned)
    by_team = {t["team"]: t for t in data["proposals"]["teams"]}
    assert [by_team["marketing"][k] for k in ("proposed", "taken", "declined", "withdrawn", "open")] == [10, 4, 2, 2, 2]
    assert sum(m["present"] for m in data["attendance"]) == sum(
        a.get("present", True) for m in minutes for a in m.get("attendees", [])
    )


class Page(HTMLParser):
    """What cmark-gfm made of the report: tables (header + rows), links, tags, headings."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.cell: list[str] | None = None
        self.html = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def rendered(markdown: str) -> Page:
    cmark = require_tool("cmark-gfm")
    html = subprocess.run(
        [cmark, "-e", "table", "-e", "tasklist", "-e", "autolink"], input=markdown, capture_output=True, text=True
    ).stdout
    page = Page()
    page.feed(html)
    page.html = html
    return page


def table_with(page: Page, header: str) -> list[list[str]]:
    return next(table for table in page.tables if table[0][0] == header or header in table[0])


def test_every_table_renders_with_its_columns_and_rows_and_no_user_text_is_a_link(team: Path) -> None:
    out = team / "docs" / "REPORT.md"
    meetingtui("report", "--repo", str(team), "--out", str(out))
    data = json.loads(meetingtui("report", "--repo", str(team), "--format", "json").stdout)
    page = rendered(out.read_text())
    assert len(page.tables) >= 12
    for table in page.tables:
        assert len({len(row) for row in table}) == 1, table[0]  # no cell leaked out of or into a row
    actions = table_with(page, "Opened")
    shown = {row[0].lower(): row[1:] for row in actions[1:]}
    for team_figures in (*data["actions"], data["actions_total"]):
        if team_figures["created"]:
            row = shown[team_figures["team"]]
            assert [int(row[0]), int(row[2]), int(row[5])] == [
                team_figures["created"],
                team_figures["done"],
                team_figures["overdue"],
            ]
    assert len(table_with(page, "Due")) - 1 == len(data["overdue"]) > 0
    per_meeting = [t for t in page.tables if t[0][:2] == ["Date", "Meeting"]]
    assert [len(t) - 1 for t in per_meeting] == [data["meetings"]] * 2
    assert per_meeting[0][1][0] >= per_meeting[0][-1][0]  # newest first
    flows = table_with(page, "Direction")
    assert [int(row[1]) for row in flows[1:]] == [f["count"] for f in data["concerns"]]
    assert HOSTILE_AGENDA in {row[0] for row in table_with(page, "Agenda")[1:]}  # text, as typed
    # Links: only the contents and the minutes the overdue actions come from, and those files exist.
    minutes_links = [href for href in page.links if not href.startswith("#")]
    assert len(minutes_links) == len(data["overdue"])
    for href in minutes_links:
        assert href.startswith("../minutes/") and href.endswith(".md") and (out.parent / unquote(href)).is_file()
    assert not page.tags & {"img", "script", "b", "style", "iframe"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html  # shown as text
    assert "[click](http://evil.example)" in page.html and "a#59;" not in page.html


def test_two_clones_write_the_same_bytes_and_the_cache_changes_nothing(team: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        clone = tmp_path / name
        subprocess.run(["git", "clone", "-q", str(team), str(clone)], check=True)
        for _ in range(2):  # cold, then warm from the history cache
            meetingtui("report", "--out", "REPORT.md", cwd=clone)
            outputs.append((clone / "REPORT.md").read_bytes())
    assert len(set(outputs)) == 1
    printed = meetingtui("report", cwd=tmp_path / "a").stdout.encode()
    assert printed == outputs[0]  # printed, links are relative to the repository's top as well
    assert b"](minutes/" in printed


def test_bad_input_is_one_line_and_exit_2(team: Path, tmp_path: Path) -> None:
    result = meetingtui("report", "--repo", str(team), "--since", "someday", check=False)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].startswith("meetingtui: --since:")
    blocked = tmp_path / "file"
    blocked.write_text("")
    result = meetingtui("report", "--repo", str(team), "--out", str(blocked / "REPORT.md"), check=False)
    assert result.returncode == 2 and "cannot be written" in result.stderr and "Traceback" not in result.stderr
    empty = tmp_path / "empty"
    shutil.copytree(team / "proposals", empty / "proposals")
    result = meetingtui("report", "--repo", str(empty))
    assert result.stdout.startswith("# Sales & marketing alignment report\n\nNo minutes yet.")
