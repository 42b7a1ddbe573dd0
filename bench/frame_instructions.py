"""Instructions executed from exec to the first frame on the terminal, counted by valgrind (run by hand).

Wall and CPU times of the first frame move by ±30 % on a busy machine; the number of instructions a run
executes does not (repeat runs agree within ±0.1 % with ``PYTHONHASHSEED=0``). Each app runs in the same
120×40 pty harness as ``first_frame.py``, under ``valgrind --tool=cachegrind --cache-sim=no``, wrapped by
``frame_stop.py``, which ends it right after the write that completes its first frame: meetingtui's (the first
segment's title and the footer's keys), the stack floor's to its marker (its footer keys come later, as in
``first_frame.py``'s "marker" line) and to its footer keys. Byte code is warmed by one unmeasured run of each.

Usage: ``python bench/frame_instructions.py [--compare TREE] [--stop STOP]``; ``--stop`` counts only up to an
earlier point (``run``, ``mod:MODULE``, ``call:MODULE:QUALNAME``: see frame_stop.py) to split the total.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and this work tree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import BENCH, ROOT, PtyApp, floor_argv, forget_meetings, meetingtui_argv, workspace

STOPPER = BENCH / "frame_stop.py"


def instructions(argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> tuple[int, str]:
    """Valgrind's instruction count of ``argv`` until its first frame, and the text it had written."""
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    with PtyApp([*valgrind, f"--log-file={log}", argv[0], str(STOPPER), *argv[1:]], env, cwd=cwd) as app:
        app.wait_exit(600)
        shown = app.plain()
    found = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text())
    if found is None:
        raise RuntimeError(f"no count from valgrind: see {log}")
    return int(found.group(1).replace(",", "")), shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", type=Path, help="also count meetingtui from this work tree")
    parser.add_argument("--stop", default="", help="count only until this point (frame_stop.py's FRAME_STOP)")
    args = parser.parse_args()
    with workspace() as ws, tempfile.TemporaryDirectory() as logs:
        trees = {"this tree": ROOT, **({f"{args.compare}": args.compare.resolve()} if args.compare else {})}
        runs: list[tuple[str, list[str], dict[str, str]]] = []
        for label, tree in trees.items():
            env = {**ws.env, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0", "FRAME_STOP": args.stop}
            runs.append((f"meetingtui ({label})", meetingtui_argv(ws), env))
        floor_env = {**ws.env, "PYTHONHASHSEED": "0", "FRAME_STOP": args.stop}
        runs.append(("stack floor, to its marker", floor_argv(), {**floor_env, "FRAME_MARKERS": "Last week's actions"}))
        runs.append(("stack floor, to its footer keys", floor_argv(), floor_env))
        counts = {}
        for number, (label, argv, env) in enumerate(runs):
            forget_meetings(ws)
            with PtyApp(argv, {**env, "FRAME_STOP": ""}, cwd=ws.repo) as app:  # byte code, not counted
                app.wait_for("palette", timeout=60)
                app.stop()
            forget_meetings(ws)
            counts[label], shown = instructions(argv, env, ws.repo, Path(logs) / f"{number}.log")
            keys = "footer keys on screen" if "palette" in shown else "footer keys not drawn yet"
            complete = "" if args.stop else f"; {keys}"
            print(f"  {label}: {counts[label] / 1e6:,.1f}M instructions{complete}", flush=True)
        floor = counts["stack floor, to its marker"]
        for label, count in counts.items():
            if label.startswith("meetingtui"):
                print(f"  {label} ÷ the floor's marker: {count / floor:.2f}×")


if __name__ == "__main__":
    main()
