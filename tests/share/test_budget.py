"""The file-handle budget: the soft limit is raised to what followers need, and a reserve is never handed out."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from meetingtui.share.gate import IN_FLIGHT, MAX_WAITING, RESERVE

ROOT = Path(__file__).parents[2]
PROBE = (
    "import json, resource; from meetingtui.share.gate import Budget, open_handles; "
    "b = Budget.for_process(500); "
    "print(json.dumps([b.connections, b.waiting, b.followers, resource.getrlimit(resource.RLIMIT_NOFILE)[0], "
    "open_handles()]))"
)


def budget_under(soft: int, hard: int) -> tuple[int, int, int, int, int]:
    """Connections, waiting, followers, the soft limit afterwards and the handles held, in a process so limited."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard)),
    )
    return tuple(json.loads(result.stdout))  # type: ignore[return-value]


def test_the_soft_limit_is_raised_to_what_500_followers_need_within_the_hard_limit() -> None:
    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 4096:
        pytest.skip("the hard file-handle limit here is below 4096")
    connections, waiting, followers, soft, held = budget_under(1024, 4096)
    assert (connections, waiting, followers) == (MAX_WAITING + 1000, MAX_WAITING, 500)
    assert soft >= held + RESERVE + IN_FLIGHT + connections  # room for all of them and the reserve


def test_a_low_hard_limit_shrinks_the_caps_and_keeps_the_reserve() -> None:
    connections, waiting, followers, soft, held = budget_under(256, 256)
    assert soft == 256
    assert connections == 256 - held - RESERVE - IN_FLIGHT
    assert 0 < waiting < connections and followers == connections - waiting
