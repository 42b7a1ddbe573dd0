"""A big history's index brought up to date in a child process, so the meeting's own process never holds the read.

Listing 50,000 minutes files and asking git for their blob ids costs ~1 s and ~40 MB for a moment; a cold
index parses every file for minutes, holding a few hundred MB. In the meeting's process that memory stays
counted against it, and the parse competes with the screen for the interpreter lock (issue 24). So when the
minutes folder holds at least :data:`CHILD_FROM` files, a meeting runs the sync as
``python -P -m meetingtui.store.history_refresh ROOT`` and then asks the index itself for what it shows. The
child prints the read's warnings as JSON; any failure (no interpreter, a crash, bad output) means the caller
syncs in its own process as before: only memory and smoothness are lost, never an answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import meetingtui
from meetingtui.store.history_store import load_history
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.tidying import tidy_minutes

CHILD_FROM = 2000
"""Minutes files from which the sync runs in a child: below it the child's start (~0.35 s CPU) costs more than
the read it spares."""


NICE = 10
"""How much lower the child's priority is than the meeting's: on a quiet machine it changes nothing (the other core
is free; a cold read of 50,000 files took 42 s niced, 47 s not), on a busy one the screen is served first."""


def big_enough(folder: Path, count: int = CHILD_FROM) -> bool:
    """``folder`` holds at least ``count`` TOML files (counting stops there: cheap on any history)."""
    seen, folders = 0, [str(folder)]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith(".toml"):
                    seen += 1
                    if seen >= count:
                        return True
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
    return False


def refresh_in_child(
    repo: MinutesRepo, cache_dir: Path | None = None, python: str = sys.executable, tidy_before: float | None = None
) -> list[str] | None:
    """Sync ``repo``'s index in a child process; the read's warnings, or None when the child did not do it.

    ``tidy_before`` (epoch seconds): the child then also removes the minutes folder's stray temp files last
    written before it (:func:`~meetingtui.store.tidying.tidy_minutes`) — a walk of every file, ~0.4 s of
    interpreter at 50,000 files that the meeting's process is spared — when it answers (not None) it has done so.
    """
    package_root = str(Path(meetingtui.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
    argv = [python, "-P", "-m", "meetingtui.store.history_refresh", str(repo.root)]
    argv += ["--cache-dir", str(cache_dir)] if cache_dir is not None else []
    argv += ["--tidy-before", repr(tidy_before)] if tidy_before is not None else []
    try:
        done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    except OSError:
        return None
    if done.returncode:
        return None
    try:
        warnings = json.loads(done.stdout)["warnings"]
    except (ValueError, KeyError, TypeError):
        return None
    return [str(warning) for warning in warnings] if isinstance(warnings, list) else None


def main(argv: list[str] | None = None) -> int:
    """The child: sync the index of the repository at ROOT, print ``{"warnings": [...]}``."""
    import argparse  # the child's only: a meeting imports this module for refresh_in_child (~0.2 MB of its RSS)

    parser = argparse.ArgumentParser(prog="meetingtui.store.history_refresh")
    parser.add_argument("root", type=Path)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--tidy-before", type=float)
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(NICE)  # background work: the meeting's screen comes first on a busy core
    repo = MinutesRepo(args.root)
    history = load_history(repo, cache_dir=args.cache_dir, parts=frozenset())
    if args.tidy_before is not None:
        tidy_minutes(repo, args.tidy_before)
    json.dump({"warnings": list(history.warnings)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
