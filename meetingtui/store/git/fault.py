"""Fault injection for crash tests: ``MEETINGTUI_FAULT=<step>`` makes the process ``kill -9`` itself at that step.

Steps are named where the git layer calls :func:`point`: ``update:after-fetch``,
``commit:before``, ``commit:after``, ``push:before``, ``push:after``,
``push:after-rejected``, ``replay:after-worktree``, ``replay:before-remove``,
``move:before-read-tree``, ``move:before-update-ref``, ``move:after-update-ref``.
Unset, a point is one look-up in the environment (read at each point, not at import: a process forked from one
that imported this module, as the e2e tests' command-line processes are, has its own environment).
"""

from __future__ import annotations

import os
import signal


def point(step: str) -> None:
    """Die here, as a power cut or ``kill -9`` would, when the environment names ``step``."""
    if step == os.environ.get("MEETINGTUI_FAULT"):
        os.kill(os.getpid(), signal.SIGKILL)
