"""A real terminal for tests: a private tmux server, its pane's text (with escapes) and its title."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[2]
TITLE = "meetingtui-test"
"""The pane title set before a command runs: a command whose output sets the title changes it."""
START, DONE = "__START__", "__DONE__"

RUNNER = f"""
import json, subprocess, sys, time
spec = json.load(open(sys.argv[1]))
time.sleep(0.3)  # the test sets the pane title first
print({START!r}, flush=True)
done = subprocess.run([sys.executable, "-m", "meetingtui", *spec["args"]], env=spec["env"], cwd=spec["cwd"])
print({DONE!r}, done.returncode, flush=True)
time.sleep(600)
"""


class Tmux:
    """A tmux server of its own (``-L``), one 100×30 session per command."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = f"meetingtui-{os.getpid()}-{abs(hash(folder)) % 10**8}"
        self.count = 0

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout

    def start(self, *args: str, cwd: Path | None = None) -> str:
        """Run ``python -m meetingtui ARGS`` in a new session; returns the session's name."""
        self.count += 1
        name = f"s{self.count}"
        spec = self.folder / f"{name}.json"
        # COLUMNS/LINES left in this process by an earlier test would override the pane's 100×30 for the app.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(PYTHONPATH=str(ROOT), TERM="xterm-256color")
        spec.write_text(json.dumps({"args": list(args), "env": env, "cwd": str(cwd or self.folder)}))
        command = " ".join([sys.executable, "-c", _sh(RUNNER), _sh(str(spec))])
        self.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
        # A clear screen then erases what was shown, instead of keeping it in the history to scroll back to.
        self.tmux("set-option", "-g", "scroll-on-clear", "off")
        self.tmux("select-pane", "-t", name, "-T", TITLE)
        return name

    def text(self, name: str) -> str:
        """What the pane shows and what scrolled off it, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", name)

    def escapes(self, name: str) -> str:
        """What the pane shows and what scrolled off it, with the escape sequences that draw colours and styles."""
        return self.tmux("capture-pane", "-p", "-e", "-S", "-", "-t", name)

    def title(self, name: str) -> str:
        return self.tmux("display", "-p", "-t", name, "#{pane_title}").strip()

    def keys(self, name: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", name, *keys)

    def wait_for(self, name: str, text: str, timeout: float = 30) -> str:
        """The pane's text once it shows ``text`` (fails with what it shows after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text(name)
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never showed; the pane shows:\n{shown}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


def _sh(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"
