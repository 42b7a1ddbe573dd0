"""Benchmark: `meetingtui report` against `meetingtui stats` over 5,000 minutes files, cold and warm, in one run.

Both commands read the history through the same cache (``store/history_store.py``)
and compute the same figures (``domain/stats.py``); the report adds the
Markdown page, its Mermaid charts and the links of the overdue actions to their
minutes. The repository is the one ``bench/history.py`` generates. Each
command runs in a fresh subprocess:

* cold: the history cache emptied first;
* warm: the same command again, with the cache from the previous run.

Usage: ``python bench/report.py [--files 5000] [--runs 5]``. Run by hand, not by CI.
The target: report within ~1.2× stats, cold and warm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import generate, timed  # bench/ is not a package: its folder is on the path above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="meetingtui-bench-report-"))
    repo = work / "repo"
    try:
        started = time.perf_counter()
        generate(repo, args.files)
        print(f"generated {args.files} files in {time.perf_counter() - started:.1f}s")
        env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), MEETINGTUI_REPO=str(repo))
        as_of = ["--as-of", "2026-11-27"]
        commands = {
            "stats": [sys.executable, "-m", "meetingtui", "stats", "--format", "json", *as_of],
            "report": [sys.executable, "-m", "meetingtui", "report", "--out", str(work / "REPORT.md"), *as_of],
        }
        runs: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for name, argv in commands.items():
                shutil.rmtree(work / "cache", ignore_errors=True)
                runs.setdefault(f"{name} cold", []).append(timed(argv, env))
                runs.setdefault(f"{name} warm", []).append(timed(argv, env))
        median = {name: [statistics.median(t[i] for t in times) for i in (0, 1)] for name, times in runs.items()}
        size = (work / "REPORT.md").stat().st_size
        print(f"median of {args.runs} runs, wall-clock / CPU seconds; REPORT.md is {size / 1e3:.0f} kB")
        for state in ("cold", "warm"):
            (sw, sc), (rw, rc) = median[f"stats {state}"], median[f"report {state}"]
            print(f"stats,  {state}: {sw:6.3f}s / {sc:6.3f}s")
            print(f"report, {state}: {rw:6.3f}s / {rc:6.3f}s  ratio {rw / sw:.2f}x / {rc / sc:.2f}x  (target ≤ 1.2x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
