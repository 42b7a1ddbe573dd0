"""Minutes this process has just written, known by their bytes: read back without parsing them again.

A save writes the TOML, then regenerates ``REPORT.md`` from the history, whose index reads every file it
has not seen — the one just written included, its bytes parsed and validated again (a third of a big
meeting's save). The writer remembers the model under the digest of the bytes it wrote; the reader takes
it when the bytes it read are those very bytes. A TOML round trip gives back an equal model (tested:
``tests/unit/test_report.py``), so the answer is the one parsing would give. Only a few are kept: this is
for the file just written, not a cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from meetingtui.domain.minutes import Minutes

_KEPT = 4
_lock = threading.Lock()
_recent: OrderedDict[str, Minutes] = OrderedDict()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remember(data: bytes, minutes: Minutes) -> None:
    """``data`` was just written as the TOML of ``minutes`` (which the caller no longer changes)."""
    key = _digest(data)
    with _lock:
        _recent[key] = minutes
        _recent.move_to_end(key)
        while len(_recent) > _KEPT:
            _recent.popitem(last=False)


def recall(data: bytes) -> Minutes | None:
    """The minutes whose TOML is exactly ``data``, when this process wrote them lately; else ``None``."""
    with _lock:
        return _recent.get(_digest(data))
