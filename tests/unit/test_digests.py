"""The digests meetingtui keys files and folders by are hashlib's own, without hashlib in a meeting's process
(its OpenSSL digest table is ~0.6 MB of the meeting's peak RSS, bench/idle_cpu.py)."""

from __future__ import annotations

import hashlib
import random

from meetingtui.store import digests
from tests.fresh_imports import loaded_after


def test_the_digests_are_hashlibs() -> None:
    rng = random.Random(7)
    for size in (0, 1, 55, 56, 63, 64, 65, 1000, 70_000):
        data = rng.randbytes(size)
        assert digests.sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()
        assert digests.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert digests.sha1(data, usedforsecurity=False).hexdigest() == hashlib.sha1(data).hexdigest()


def test_a_meeting_and_its_history_read_do_not_import_hashlib() -> None:
    meeting = ["meetingtui.cli", "meetingtui.cli.run", "meetingtui.tui.app", "meetingtui.tui.screens.meeting"]
    store = ["meetingtui.store." + name for name in ("history_review", "history_store", "history_refresh")]
    store += ["meetingtui.store." + name for name in ("recent_writes", "state_records", "report_file")]
    modules = [*meeting, "meetingtui.session", "meetingtui.domain.ids", *store]
    assert loaded_after(modules, ("hashlib", "_hashlib"), then="meetingtui.domain.ids.nonce()") == []
