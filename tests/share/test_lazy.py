"""aiohttp and segno are imported only when the meeting is shared (first frame and memory are benchmarked)."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_and_the_cli_do_not_import_the_web_server() -> None:
    code = (
        "import sys\n"
        "import meetingtui.cli, meetingtui.cli.run, meetingtui.tui.app, meetingtui.tui.screens.meeting\n"
        "import meetingtui.tui.commands, meetingtui.session\n"
        "bad = sorted(m for m in ('aiohttp', 'segno', 'meetingtui.share') if m in sys.modules)\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
