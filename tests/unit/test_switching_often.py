"""A save's threads switch often while it runs; the interval before comes back after, however it ends."""

from __future__ import annotations

import sys

import pytest

from meetingtui.store.collector import SAVE_SWITCH_SECONDS, switching_often


def test_the_interval_is_short_meanwhile_and_restored_after() -> None:
    before = sys.getswitchinterval()
    with switching_often():
        assert sys.getswitchinterval() == pytest.approx(min(SAVE_SWITCH_SECONDS, before), rel=0.05)
    assert sys.getswitchinterval() == before


def test_restored_after_a_failure_and_never_made_longer() -> None:
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.0001)
        with pytest.raises(RuntimeError), switching_often(0.01):
            assert sys.getswitchinterval() == pytest.approx(0.0001, rel=0.05)  # a shorter one already set is kept
            raise RuntimeError
        assert sys.getswitchinterval() == pytest.approx(0.0001, rel=0.05)
    finally:
        sys.setswitchinterval(before)
