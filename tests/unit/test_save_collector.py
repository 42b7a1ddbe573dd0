"""A save runs without the cyclic garbage collector, and turns it back on however it ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from meetingtui.store import minutes_store
from tests.unit.test_save_report_ahead import finished_meeting


def test_the_collector_is_paused_while_the_minutes_are_made_and_back_on_after(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    dumps = minutes_store.dumps
    monkeypatch.setattr(minutes_store, "dumps", lambda document: seen.append(gc.isenabled()) or dumps(document))
    assert gc.isenabled()
    assert finished_meeting(git_repo).save().commit
    assert seen == [False] and gc.isenabled()


def test_a_save_that_fails_turns_the_collector_back_on(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(document):
        raise OSError("no memory left")

    monkeypatch.setattr(minutes_store, "dumps", broken)
    with pytest.raises(OSError):
        finished_meeting(git_repo).save()
    assert gc.isenabled()
