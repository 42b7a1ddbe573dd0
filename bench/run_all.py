"""Run every benchmark, one after the other, and print the results as the Markdown table of bench/README.md.

Usage: ``python bench/run_all.py [--quick] [--skip NAME ...]``. The full run
takes about four minutes on two cores (the two 60 s idle windows and the
history benchmark dominate); ``--quick`` shortens every benchmark for a smoke
run of under a minute whose figures are rougher. Exit status 1 when a target
is missed. Run by hand, on an otherwise idle machine; not by CI.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import cli_startup, drift, first_frame, idle_cpu, remote, save
from bench.common import BENCH, ROOT, Result, isolated_env, machine, table

HISTORY_TARGET = 1.5
WARM_TARGET = 0.1
RATIO = re.compile(r"actions, (cold|warm) cache:\s+([\d.]+)s\s*/\s*([\d.]+)s\s+ratio ([\d.]+)x")
BASE = re.compile(r"baseline \(tomllib only\):\s+([\d.]+)s")


def history(files: int, runs: int) -> list[Result]:
    """``bench/history.py`` (owned by the history work; called, never changed), its ratios picked from its output."""
    print(f"history: bench/history.py --files {files} --runs {runs}")
    home = Path(tempfile.mkdtemp(prefix="meetingtui-bench-history-"))
    try:
        done = subprocess.run(
            [sys.executable, str(BENCH / "history.py"), "--files", str(files), "--runs", str(runs)],
            env=isolated_env(home),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print("\n".join("  " + line for line in (done.stdout + done.stderr).strip().splitlines()))
    base = BASE.search(done.stdout)
    found = {match[1]: match for match in RATIO.finditer(done.stdout)}
    if done.returncode != 0 or base is None or "cold" not in found:
        return [Result("history: actions", "?", "?", None, f"≤ {HISTORY_TARGET}×", False)]
    results = []
    for kind, limit, target in (("cold", HISTORY_TARGET, f"≤ {HISTORY_TARGET}×"), ("warm", WARM_TARGET, "≤ 0.1×")):
        if kind in found:
            ratio = float(found[kind][4])
            results.append(
                Result(
                    f"history: actions, {kind} cache ({files} files)",
                    f"{found[kind][2]}s",
                    f"{base[1]}s",
                    ratio,
                    target,
                    ratio <= limit,
                )
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of under a minute (rougher figures)")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        metavar="NAME",
        choices=["first_frame", "idle", "save", "history", "drift", "cli", "remote"],
        help="leave out some benchmarks",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    plan = [
        ("first_frame", lambda: first_frame.measure(runs=3 if quick else 9)),
        ("idle", lambda: idle_cpu.measure(seconds=8.0 if quick else 60.0)),
        ("save", lambda: save.measure(runs=2 if quick else 5)),
        ("history", lambda: history(files=300 if quick else 5000, runs=2 if quick else 3)),
        ("drift", lambda: drift.measure(meetings=5 if quick else 20)),
        ("cli", lambda: cli_startup.measure(runs=3 if quick else 9)),
        ("remote", lambda: remote.measure(runs=2 if quick else 7)),
    ]
    print(f"meetingtui benchmarks{' (--quick)' if quick else ''} on {machine()}\n")
    results: list[Result] = []
    started = time.perf_counter()
    for name, run in plan:
        if name in args.skip:
            continue
        results += run()
        print()
    print(table(results))
    missed = [r.name for r in results if not r.passed]
    print(
        f"\n{len(results) - len(missed)} of {len(results)} targets met in {time.perf_counter() - started:.0f}s"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
