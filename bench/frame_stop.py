"""Run a program and end it the moment its terminal output has carried the first frame (for ``frame_instructions.py``).

``python bench/frame_stop.py -m meetingtui run …`` or ``python bench/frame_stop.py bench/floor_app.py``: Textual's
writer thread is wrapped so that the write that completes the markers (``FRAME_MARKERS``, ``|``-separated; by
default the first segment's title and the footer's ``palette``) is written, then the process exits at once
(``os._exit``: nothing after the frame is counted). Textual's ``Ready`` is not the frame: it is posted inside the
app's start-up batch, before anything is written.

``FRAME_STOP`` ends it earlier, for a breakdown: ``run`` (``App.run`` is called), ``mod:NAME`` (module ``NAME`` has
been imported), ``call:MODULE:QUALNAME`` (that function is called).
"""

from __future__ import annotations

import builtins
import os
import re
import runpy
import sys
from pathlib import Path

import textual.drivers._writer_thread as writer_thread

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
MARKERS = os.environ.get("FRAME_MARKERS", "Last week's actions|palette").split("|")
STOP = os.environ.get("FRAME_STOP", "")
_written: list[str] = []
_write = writer_thread.WriterThread.write


def _write_and_stop(self: writer_thread.WriterThread, text: str) -> None:
    _written.append(ESCAPES.sub("", text))
    if not STOP and all(marker in "".join(_written) for marker in MARKERS):
        os.write(1, text.encode())
        os._exit(0)
    _write(self, text)


def _when_imported(module: str, then) -> None:
    """Call ``then(module object)`` once ``module`` has finished importing."""
    original = builtins.__import__

    def watching(name, *args, **kwargs):
        found = original(name, *args, **kwargs)
        loaded = sys.modules.get(module)
        if loaded is not None and not getattr(loaded.__spec__, "_initializing", False):
            builtins.__import__ = original
            then(loaded)
        return found

    builtins.__import__ = watching


def _stop_at_call(module: str, qualname: str) -> None:
    def patch(loaded) -> None:
        *path, name = qualname.split(".")
        owner = loaded
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, lambda *args, **kwargs: os._exit(0))

    _when_imported(module, patch)


def main() -> None:
    writer_thread.WriterThread.write = _write_and_stop
    if STOP == "run":
        _stop_at_call("textual.app", "App.run")
    elif STOP.startswith("mod:"):
        _when_imported(STOP[4:], lambda _loaded: os._exit(0))
    elif STOP.startswith("call:"):
        _stop_at_call(*STOP[5:].split(":"))
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]  # bench/ is not the measured program's
    del sys.argv[0]
    if sys.argv[0] == "-m":
        del sys.argv[0]
        runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
    else:
        sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
        runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
