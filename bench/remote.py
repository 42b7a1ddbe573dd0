"""Benchmark: what a team's remote costs the facilitator — the first frame, and ``enter`` to "Committed".

Two figures, each against a baseline measured in the same run:

* **first frame with a remote**: ``meetingtui run weekly-sync`` (the same pty
  harness and needles as ``first_frame.py``) in a repository whose ``origin``
  is a loopback listener that accepts connections and never answers, against
  the same repository without a remote. The sync before the meeting runs in a
  thread after the first frame, so the ratio should be 1 (target ≤ 1.05).
* **``enter`` to "Committed"**: ``meetingtui run rehearsal``, ``q`` to the
  summary, then the time from ``enter`` until "Committed" is on screen —
  with ``--push`` to a local bare remote, and with ``--push`` to the silent
  listener, against the same repository without a remote (no push). The commit
  is shown before the push starts, so neither remote should add to it
  (target ≤ 1.05, printed as a ratio). For the silent remote, the time from
  ``q`` during the push to the app's exit is printed too (the push is
  abandoned, the commit kept).

Runs alternate between the cases (a busy moment hurts all), after one warm-up
run of each. The machine's other load shows in the spread: run it on an idle
machine.

Usage: ``python bench/remote.py [--runs 7]``.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and this work tree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PtyApp, Result, Spread, Workspace, git_repo, meetingtui_argv, verdict, workspace
from bench.first_frame import FIRST_SEGMENT, FOOTER, first_frame

TARGET = 1.05
ENTER = "\r"


@contextlib.contextmanager
def silent_listener() -> Iterator[str]:
    """A ``git://`` URL on 127.0.0.1 that accepts connections (the kernel's backlog) and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield f"git://127.0.0.1:{server.getsockname()[1]}/minutes.git"
    finally:
        server.close()


def git(root: Path, ws: Workspace, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ws.env)


def repo_with_remote(ws: Workspace, name: str, url: str | None = None) -> Path:
    """A repository like the workspace's; ``origin`` is ``url``, or a fresh bare repository holding its commit."""
    root = git_repo(ws.path / name, ws.env)
    if url is None:
        bare = ws.path / f"{name}.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True, env=ws.env)
        git(root, ws, "remote", "add", "origin", str(bare))
        git(root, ws, "push", "-q", "-u", "origin", "main")
    else:
        git(root, ws, "remote", "add", "origin", url)
    return root


def argv_for(ws: Workspace, root: Path, agenda: str, *extra: str) -> list[str]:
    argv = meetingtui_argv(ws, agenda)
    argv[argv.index("--repo") + 1] = str(root)
    argv.remove("--no-commit")
    return [*argv, *extra]


def frame_argv(ws: Workspace, root: Path) -> list[str]:
    return [*argv_for(ws, root, "weekly-sync"), "--no-commit"]


def enter_to_committed(ws: Workspace, root: Path, push: bool) -> tuple[float, float | None]:
    """Seconds from ``enter`` on the summary until "Committed" shows; for a push still running, ``q`` to exit."""
    argv = argv_for(ws, root, "rehearsal", *(["--push"] if push else []))
    with PtyApp(argv, ws.env, cwd=root) as app:
        app.wait_for("Review open actions")
        app.wait_for(FOOTER)
        app.send("q")
        app.wait_for("Save & commit")
        app.drain(0.2)
        sent = time.perf_counter() - app.started
        app.send(ENTER)
        committed = app.wait_for("Committed ") - sent
        leaving = None
        app.drain(0.1)
        if "Pushing to origin…" in app.plain() and "Press q to quit" not in app.plain():
            before = time.perf_counter()
            app.send("q")
            app.wait_exit(timeout=30)
            leaving = time.perf_counter() - before
        else:
            app.wait_for("Press q to quit")
            app.send("q")
            app.wait_exit(timeout=30)
    return committed, leaving


def measure(runs: int = 7) -> list[Result]:
    """Run both benchmarks and print them; returns the verdicts."""
    print(f"remote: first frame and enter→Committed with a remote against without one, {runs} runs each, 120×40 pty")
    results = []
    with workspace() as ws, silent_listener() as url:
        plain = ws.repo
        silent = repo_with_remote(ws, "silent", url)
        bare = repo_with_remote(ws, "bare")

        frames = {"none": Spread(), "silent": Spread()}
        cases = {"none": plain, "silent": silent}
        for root in cases.values():
            first_frame(frame_argv(ws, root), ws, FIRST_SEGMENT)  # warm-up
        for _ in range(runs):
            for key, root in cases.items():
                frames[key].values.append(first_frame(frame_argv(ws, root), ws, FIRST_SEGMENT)[1])
        print(f"  first frame, no remote:     {frames['none'].show()}")
        print(f"  first frame, silent remote: {frames['silent'].show()}")
        results.append(verdict("first frame, silent remote", frames["silent"].median, frames["none"].median, TARGET))

        saves = {"none": (plain, False), "bare": (bare, True), "silent": (silent, True)}
        committed = {key: Spread() for key in saves}
        leaving = Spread()
        for root, push in saves.values():
            enter_to_committed(ws, root, push)  # warm-up
        for _ in range(runs):
            for key, (root, push) in saves.items():
                seconds, left = enter_to_committed(ws, root, push)
                committed[key].values.append(seconds)
                if left is not None and key == "silent":  # a push to the bare repository may still be running too
                    leaving.values.append(left)
        for key, label in (
            ("none", "no remote, no push  "),
            ("bare", "--push to a bare repo"),
            ("silent", "--push, silent remote"),
        ):
            print(f"  enter→Committed, {label}: {committed[key].show()}")
        if leaving.values:
            print(f"  q during the silent push → exit: {leaving.show()}")
        for key in ("bare", "silent"):
            results.append(
                verdict(f"enter→Committed, {key} remote", committed[key].median, committed["none"].median, TARGET)
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each case (default 7)")
    args = parser.parse_args(argv)
    results = measure(args.runs)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
