"""Benchmark: start-up of the commands that do not open the screen, against an independent floor.

``actions --format json``, ``stats --format json``, ``agendas validate`` and
``render`` each run as a fresh process of the real entry point — the
``meetingtui`` console script installed beside this interpreter, importing this
work tree — on a repository with one small minutes file (so the figure is
start-up, not reading a history: ``bench/history.py`` does that), alternating
with the floors. Printed per command: median wall and CPU seconds, the ratio to
the floor (judged) and to ``import pydantic``, and whether Textual was imported
(it must not be; ``tests/unit/test_no_textual_import.py`` checks it too; here
from ``-X importtime`` of the unmeasured warm-up run).

The floor (issue 24) is ``bench/cli_floor.py``: a click command that reads that
one minutes file and validates it with a small pydantic model of its own (no
import from meetingtui), then prints its open actions as JSON — what any
command of this stack pays before its own work, not growing with our models.
The older floor (``import click`` plus ``load_minutes``, meetingtui's models)
is printed as an extra line, labelled as including our models.

Usage: ``python bench/cli_startup.py [--runs 9] [--compare DIR]``; ``--compare``
also times the commands of another work tree (e.g. before a change) in the same
alternation. Target ≤ 1.5× the floor. The machine may be busy: the CPU seconds
printed beside the wall times move much less with other work.
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

from bench.common import BENCH, ROOT, Result, Spread, verdict, workspace

TARGET = 1.5
SCRIPT = Path(sys.executable).with_name("meetingtui")
"""The console script users run (``[project.scripts]``), installed beside this interpreter."""


def entry_point() -> list[str]:
    """The console script, or ``python -m meetingtui`` where it is not installed beside this interpreter."""
    return [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "meetingtui"]


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
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stderr


def imports_textual(argv: list[str], env: dict[str, str], cwd: Path) -> bool:
    """Whether one run imports Textual (``-X importtime`` through the environment: the script takes no flags)."""
    stderr = run(argv, {**env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd)[2]
    return any(
        line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == "textual" for line in stderr.splitlines()
    )


def measure(runs: int = 9, compare: Path | None = None) -> list[Result]:
    """Time every command against the floors and print the verdicts."""
    print(f"CLI start-up: the console script {entry_point()[0]} vs an independent floor, {runs} runs each")
    with workspace() as ws:
        path = minutes_file(ws.repo)
        repo = str(ws.repo)
        commands = {
            "actions --format json": ["actions", "--format", "json", "--repo", repo],
            "stats --format json": ["stats", "--format", "json", "--repo", repo],
            "agendas validate": ["agendas", "validate", str(ROOT / "agendas" / "weekly-sync.toml")],
            "render": ["render", str(path)],
        }
        models = "import sys, click\nfrom meetingtui.store.minutes_store import load_minutes\nload_minutes(sys.argv[1])"
        jobs: dict[str, tuple[list[str], dict[str, str]]] = {
            name: ([*entry_point(), *args], ws.env) for name, args in commands.items()
        }
        if compare:
            other = {**ws.env, "PYTHONPATH": str(compare)}
            jobs.update({f"{name} [{compare}]": ([*entry_point(), *args], other) for name, args in commands.items()})
        jobs["floor"] = ([sys.executable, str(BENCH / "cli_floor.py"), str(path)], ws.env)
        jobs["floor with our models"] = ([sys.executable, "-c", models, str(path)], ws.env)
        jobs["import pydantic"] = ([sys.executable, "-c", "import pydantic"], ws.env)
        imported = {}
        for name, (argv, env) in jobs.items():  # warm-up (byte-code, page cache); not counted
            imported[name] = imports_textual(argv, env, ws.repo)
            run(argv, env, ws.repo)
        walls = {name: Spread() for name in jobs}
        cpus = {name: Spread() for name in jobs}
        for _ in range(runs):
            for name, (argv, env) in jobs.items():
                wall, cpu, _ = run(argv, env, ws.repo)
                walls[name].values.append(wall)
                cpus[name].values.append(cpu)
    floor, floor_cpu = walls["floor"].median, cpus["floor"].median
    for name in ("floor", "floor with our models", "import pydantic"):
        label = {
            "floor": "floor (click + one minutes file, own pydantic model; no meetingtui import)",
            "floor with our models": "floor with our models (click + load_minutes; includes our models)",
            "import pydantic": "python -c 'import pydantic'",
        }[name]
        print(f"  {label}: {walls[name].show()}, CPU {cpus[name].median:.3f}s")
    print(f"  the floor is {floor / walls['import pydantic'].median:.2f}× import pydantic")
    results = []
    for name in jobs:
        if name in ("floor", "floor with our models", "import pydantic"):
            continue
        print(
            f"  {name}: {walls[name].show()}, CPU {cpus[name].median:.3f}s (CPU {cpus[name].median / floor_cpu:.2f}× "
            f"the floor's; {walls[name].median / walls['import pydantic'].median:.2f}× import pydantic, "
            f"{walls[name].median / walls['floor with our models'].median:.2f}× the floor with our models); "
            f"textual imported: {'YES' if imported[name] else 'no'}"
        )
        result = verdict(f"start-up: {name}", walls[name].median, floor, TARGET)
        if imported[name]:
            result.passed = False
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--compare", type=Path, help="also time the commands of this work tree, in the same turns")
    args = parser.parse_args(argv)
    results = measure(args.runs, args.compare)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
