"""Commands that do not open the screen never import Textual (checked in a clean interpreter per command).

Each command runs through the click ``main`` in a subprocess, as the console
script does; afterwards the wrapper records the exit status and every
``textual`` module in ``sys.modules``. Start-up time itself is measured by
``bench/cli_startup.py``, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetingtui.domain.minutes import ActionItem, Decision, Insight, Minutes, SegmentRecord
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo

ROOT = Path(__file__).resolve().parents[2]

WRAPPER = """
import json, sys
result_path, args = sys.argv[1], sys.argv[2:]
from meetingtui.cli import main
try:
    main(args, prog_name="meetingtui")
    code = 0
except SystemExit as exit:
    code = exit.code or 0
loaded = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
with open(result_path, "w") as handle:
    json.dump({"code": code, "textual": loaded}, handle)
"""

COMMANDS = {
    "actions": lambda repo, toml: ["actions", "--repo", str(repo)],
    "actions-json": lambda repo, toml: ["actions", "--format", "json", "--repo", str(repo)],
    "decisions": lambda repo, toml: ["decisions", "--repo", str(repo)],
    "insights": lambda repo, toml: ["insights", "--repo", str(repo)],
    "stats-json": lambda repo, toml: ["stats", "--format", "json", "--repo", str(repo)],
    "agendas-validate": lambda repo, toml: ["agendas", "validate", str(ROOT / "agendas" / "weekly-sync.toml")],
    "render": lambda repo, toml: ["render", str(toml)],
}


@pytest.fixture
def minutes_toml(git_repo: Path) -> Path:
    """One saved minutes file (with an open action, a decision and an insight) in a real repository."""
    start = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    minutes = Minutes(
        id="2026-11-20-weekly-sync",
        title="Weekly sales & marketing sync",
        agenda="weekly-sync",
        date=start.date(),
        started_at=start,
        ended_at=start + dt.timedelta(minutes=45),
        facilitator="Dana",
        segments=[
            SegmentRecord(
                title="Pipeline that is stalling",
                team="sales",
                planned_seconds=420,
                actual_seconds=480,
                status="done",
                notes="Two deals wait on procurement.",
            )
        ],
        actions=[
            ActionItem(
                id="2026-11-20-weekly-sync#1",
                text="Send the security case study",
                owner="Sam",
                team="sales",
                due=dt.date(2026, 12, 4),
            )
        ],
        decisions=[Decision(text="SDRs follow up within one business day")],
        insights=[Insight(text="Buyers ask for SOC 2 proof first", source="call with Acme")],
    )
    return save_minutes(MinutesRepo(git_repo), minutes).toml_path


def run_headless(args: list[str], tmp_path: Path) -> dict:
    """Run ``meetingtui ARGS`` through the click main in a fresh interpreter; returns the wrapper's record."""
    result_path = tmp_path / "result.json"
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(result_path), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result_path.exists(), f"the command crashed before the check:\n{done.stdout}\n{done.stderr}"
    record = json.loads(result_path.read_text())
    record["output"] = done.stdout + done.stderr
    return record


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_does_not_import_textual(name: str, git_repo: Path, minutes_toml: Path, tmp_path: Path) -> None:
    record = run_headless(COMMANDS[name](git_repo, minutes_toml), tmp_path)
    assert record["code"] == 0, record["output"]
    assert record["textual"] == [], f"`meetingtui {name}` imported {record['textual'][:5]}"


def test_the_wrapper_would_see_textual(tmp_path: Path) -> None:
    """The check itself works: with the app module imported (as ``run`` does), the record shows Textual."""
    result_path = tmp_path / "result.json"
    code = WRAPPER.replace(
        "from meetingtui.cli import main", "from meetingtui.cli import main\nimport meetingtui.tui.app"
    )
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    subprocess.run(
        [sys.executable, "-c", code, str(result_path), "--version"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "textual" in json.loads(result_path.read_text())["textual"]
