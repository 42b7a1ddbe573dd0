"""Importing without the cyclic garbage collector.

Importing meetingtui and its stack builds a hundred thousand objects that live as long as the process
(modules, classes, functions, pydantic schemas) and almost no garbage: under a thousand objects in
cycles. With the collector on, Python walked them about a hundred times while importing: some 75 ms of
CPU before the first frame. So the program pauses the collector first thing (:func:`pause_collector`)
and, once the command's code is imported, freezes what the imports built out of every later collection
and turns the collector back on (:func:`imports_done`). Garbage made after that is collected as usual.
"""

from __future__ import annotations

import gc


def pause_collector() -> None:
    """No cyclic collection until :func:`imports_done` (reference counting frees memory as usual)."""
    gc.disable()


def imports_done(*, collect: bool = True) -> None:
    """What exists now stays for good and is never walked again; from here on, collect as usual.

    ``collect=False`` (the commands that open the screen): the collector stays paused until :func:`first_frame_shown`.
    Building the first screen (its module, widgets, styles, the first render) makes objects that live as long as
    the screen and almost no cyclic garbage; collecting meanwhile cost ~16M instructions of the first frame
    (``bench/frame_instructions.py``).
    """
    gc.freeze()
    if collect:
        gc.enable()


def first_frame_shown() -> None:
    """The first frame is on the terminal: collect as usual from now on (if :func:`imports_done` left it paused)."""
    gc.enable()


def screen_built() -> None:
    """The meeting's screen is up (its widgets, styles and caches live as long as the meeting): freeze them too, so
    the collections made while the meeting runs walk only what was made since, not the whole screen every time
    (a full collection walked it in 10-16 ms, a freeze is a list splice). A frozen object later dropped in a cycle
    is not reclaimed: a few widgets at most."""
    gc.freeze()
