"""The cyclic garbage collector paused while much is built and little of it is cyclic garbage; the interpreter's
threads switched often while a few of them take turns between short waits."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(*, freeze: bool) -> Iterator[None]:
    """Pause the cyclic GC while thousands of objects are built: they hold no cycles, so collecting is wasted work
    (reference counting frees them as ever). Nested pauses leave it to the outermost.

    ``freeze``: before it is turned back on, everything alive is frozen (``gc.freeze``), as after a history read
    whose results stay: the collections a running meeting makes later skip what the read built instead of walking
    it all while the screen waits. A save's objects are short-lived: it is merely turned back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


SAVE_SWITCH_SECONDS = 0.0005
"""The switch interval while a save runs (Python's default is 5 ms)."""


@contextlib.contextmanager
def switching_often(seconds: float = SAVE_SWITCH_SECONDS) -> Iterator[None]:
    """A short switch interval meanwhile (then the one before): a thread back from a short wait (a write, an fsync,
    a git process, a SQLite call) gets the interpreter within ``seconds`` instead of 5 ms while another computes.

    A save's three threads (the TOML and Markdown; REPORT.md's history read; the save's record) each make dozens of
    such calls while another computes: at the default, each call may wait 5 ms to go on (the convoy effect), and
    the git listing that should overlap tomli-w began only after it. Switching costs microseconds."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(seconds, before))
    try:
        yield
    finally:
        sys.setswitchinterval(before)
