"""Benchmark: start-up of the commands that do not open the screen, against ``python -c "import pydantic"``.

``actions --format json``, ``stats --format json``, ``agendas validate`` and
``render`` each run as a fresh process on a repository with one small minutes
file (so the figure is start-up, not reading a history: ``bench/history.py``
does that), alternating with the baseline. Printed per command: median wall
and CPU seconds and the ratio against the baseline, and whether Textual was
imported (it must not be; ``tests/unit/test_no_textual_import.py`` checks it too).

The *stack floor* is ``import click`` plus reading and validating that one
minutes file with meetingtui's pydantic models (``load_minutes``): what any
command of this stack pays before its own work. ``import pydantic`` alone is
lazy and builds no model, so the floor shows how much of each ratio the chosen
stack takes (printed, not judged).

Usage: ``python bench/cli_startup.py [--runs 7]``. Target: "close to" the
baseline, read here as ≤ 1.5×.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, Result, Spread, verdict, workspace

TARGET = 1.5
# Runs the click main like the console script, then reports whether Textual got imported (on stderr).
WRAPPER = (
    "import sys\nfrom meetingtui.cli import main\ntry:\n    main(sys.argv[1:], prog_name='meetingtui')\n"
    "finally:\n    sys.stderr.write('textual imported: %s\\n' % ('textual' in sys.modules))\n"
)


def minutes_file(repo: Path) -> Path:
    """One small minutes file in ``repo``; returns its path."""
    from meetingtui.domain.minutes import ActionItem, Minutes, SegmentRecord
    from meetingtui.store.minutes_store import save_minutes
    from meetingtui.store.repo import MinutesRepo

    start = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    minutes = Minutes(
        id="2026-11-20-weekly-sync",
        title="Weekly sync",
        agenda="weekly-sync",
        date=start.date(),
        started_at=start,
        ended_at=start + dt.timedelta(minutes=45),
        facilitator="Dana",
        segments=[
            SegmentRecord(
                title="Pipeline",
                team="sales",
                planned_seconds=600,
                actual_seconds=640,
                status="done",
                notes="Two deals stalled in procurement.",
            )
        ],
        actions=[
            ActionItem(
                id="2026-11-20-weekly-sync#1",
                text="Send the case study",
                owner="Sam",
                team="sales",
                due=dt.date(2026, 12, 4),
            )
        ],
    )
    return save_minutes(MinutesRepo(repo), minutes).toml_path


def run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one process that must succeed, and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[3:]} exited {done.returncode}: {done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stderr


def measure(runs: int = 7) -> list[Result]:
    """Time every command against the baseline and print the verdicts."""
    print(f"CLI start-up: commands that do not open the screen vs python -c 'import pydantic', {runs} runs each")
    with workspace() as ws:
        path = minutes_file(ws.repo)
        repo = str(ws.repo)
        commands = {
            "actions --format json": ["actions", "--format", "json", "--repo", repo],
            "stats --format json": ["stats", "--format", "json", "--repo", repo],
            "agendas validate": ["agendas", "validate", str(ROOT / "agendas" / "weekly-sync.toml")],
            "render": ["render", str(path)],
        }
        baseline = [sys.executable, "-c", "import pydantic"]
        floor = [
            sys.executable,
            "-c",
            "import sys, click\nfrom meetingtui.store.minutes_store import load_minutes\nload_minutes(sys.argv[1])",
            str(path),
        ]
        argvs = {name: [sys.executable, "-c", WRAPPER, *args] for name, args in commands.items()}
        imported = {}
        for name, argv in argvs.items():  # warm-up (byte-code, page cache); not counted
            imported[name] = "textual imported: True" in run(argv, ws.env, ws.repo)[2]
        run(baseline, ws.env, ws.repo)
        run(floor, ws.env, ws.repo)
        walls = {name: Spread() for name in [*argvs, "baseline", "floor"]}
        cpus = {name: Spread() for name in walls}
        for _ in range(runs):
            for name, argv in [*argvs.items(), ("baseline", baseline), ("floor", floor)]:
                wall, cpu, _ = run(argv, ws.env, ws.repo)
                walls[name].values.append(wall)
                cpus[name].values.append(cpu)
    base = walls["baseline"].median
    floor_wall = walls["floor"].median
    print(f"  import pydantic: {walls['baseline'].show()}, CPU {cpus['baseline'].median:.3f}s")
    print(
        f"  stack floor (import click, validate one minutes file): {walls['floor'].show()} = "
        f"{floor_wall / base:.2f}× import pydantic"
    )
    results = []
    for name in argvs:
        print(
            f"  {name}: {walls[name].show()}, CPU {cpus[name].median:.3f}s "
            f"(CPU ratio {cpus[name].median / cpus['baseline'].median:.2f}×; {walls[name].median / floor_wall:.2f}× "
            f"the floor); textual imported: {'YES' if imported[name] else 'no'}"
        )
        result = verdict(f"start-up: {name}", walls[name].median, base, TARGET)
        if imported[name]:
            result.passed = False
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    results = measure(args.runs)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
