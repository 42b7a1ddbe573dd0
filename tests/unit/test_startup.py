"""The ``meetingtui`` program imports with the cyclic collector paused, and every command runs with it on again
(the screen's once its first frame is shown) and what the imports built frozen out of its collections
(meetingtui/startup.py)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetingtui.cli.run import _run
from meetingtui.startup import first_frame_shown, pause_collector

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import atexit, gc, json, sys
states, result_path = {"start": None}, sys.argv[1]
def record():
    states["exit"] = gc.isenabled()
    with open(result_path, "w") as handle:
        json.dump(states, handle)
atexit.register(record)
sys.argv = ["meetingtui", *sys.argv[2:]]
import meetingtui.cli.agendas as agendas
listing = agendas.agendas.commands["list"].callback
def listing_with_state(*args, **kwargs):
    states["start"] = gc.isenabled()
    return listing(*args, **kwargs)
agendas.agendas.commands["list"].callback = listing_with_state
from meetingtui.cli import entry
entry()
"""


def test_a_command_without_the_screen_runs_with_the_collector_on(tmp_path: Path, git_repo: Path) -> None:
    result_path = tmp_path / "states.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MEETINGTUI_REPO": str(git_repo)}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(result_path), "agendas", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(result_path.read_text()) == {"start": True, "exit": True}


def test_the_screen_starts_with_the_collector_paused_and_the_imports_frozen() -> None:
    """The screen's commands leave the collector paused while the app builds its first frame (the app turns it on
    once the frame is shown: tests/tui/test_first_frame.py)."""

    class Screen:  # what _run needs of the Textual app: run() and a farewell
        farewell = None

        def run(self) -> int:
            self.collector = (gc.isenabled(), gc.get_freeze_count())
            first_frame_shown()
            self.after = gc.isenabled()
            return 0

    screen = Screen()
    pause_collector()
    try:
        with pytest.raises(SystemExit) as exit:
            _run(screen)
    finally:
        gc.unfreeze()
        gc.enable()
    assert exit.value.code == 0
    enabled, frozen = screen.collector
    assert not enabled and frozen > 10_000
    assert screen.after
