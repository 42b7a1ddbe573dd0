"""Fault injection for crash tests: ``MEETINGTUI_FAULT=<step>`` makes the process ``kill -9`` itself at that step.

Steps are named where the git layer calls :func:`point` (``move:before-read-tree``,
``commit:before``, …). Unset, a point is one string comparison against None.
"""

from __future__ import annotations

import os
import signal

_FAULT = os.environ.get("MEETINGTUI_FAULT") or None


def point(step: str) -> None:
    """Die here, as a power cut or ``kill -9`` would, when the environment names ``step``."""
    if step == _FAULT:
        os.kill(os.getpid(), signal.SIGKILL)
