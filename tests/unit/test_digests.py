"""The digests meetingtui keys files and folders by are hashlib's own, without hashlib in a meeting's process
(its OpenSSL digest table is ~0.6 MB of the meeting's peak RSS, bench/idle_cpu.py)."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys

from meetingtui.store import digests


def test_the_digests_are_hashlibs() -> None:
    rng = random.Random(7)
    for size in (0, 1, 55, 56, 63, 64, 65, 1000, 70_000):
        data = rng.randbytes(size)
        assert digests.sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()
        assert digests.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert digests.sha1(data, usedforsecurity=False).hexdigest() == hashlib.sha1(data).hexdigest()


def test_a_meeting_and_its_history_read_do_not_import_hashlib() -> None:
    code = (
        "import sys\n"
        "import meetingtui.cli, meetingtui.cli.run, meetingtui.tui.app, meetingtui.tui.screens.meeting\n"
        "import meetingtui.session, meetingtui.domain.ids\n"
        "import meetingtui.store.history_review, meetingtui.store.history_store, meetingtui.store.history_refresh\n"
        "import meetingtui.store.recent_writes, meetingtui.store.state_records, meetingtui.store.report_file\n"
        "meetingtui.domain.ids.nonce()\n"
        "bad = sorted(m for m in ('hashlib', '_hashlib') if m in sys.modules)\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
