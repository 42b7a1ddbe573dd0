"""The cyclic garbage collector paused while much is built and little of it is cyclic garbage."""

from __future__ import annotations

import contextlib
import gc
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
