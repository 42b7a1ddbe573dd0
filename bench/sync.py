"""Benchmark: ``meetingtui sync`` against plain git doing the same exchange, and the git processes it starts.

Each round a colleague has pushed one meeting's minutes and this clone has one commit of minutes to send. Timed:

* meetingtui: ``meetingtui sync --repo CLONE``, the real entry point in a process of its own: fetch, replay our
  commit onto theirs, regenerate the report, push;
* floor: the same exchange by plain git in a twin team in the same state: ``git pull --rebase -q`` then
  ``git push -q`` (no report, no checks: git's own work, the least any tool does);

then, with nothing to exchange, ``meetingtui sync`` again against ``git fetch -q`` + ``git status --porcelain``.
CPU seconds of the processes (ours and every git process) are printed beside the wall times: they move less on
a busy machine. Rounds alternate; a last, untimed round counts the git processes each sync starts (a ``git`` on
PATH that notes each call). ``--compare TREE`` runs another work tree's sync (``git worktree add`` of an older
commit) in the same rounds, on a team of its own.

Usage: ``python bench/sync.py [--rounds 7] [--compare TREE]``. No target in the issues: the ratio is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREE = HERE.parent
sys.path.insert(0, str(TREE))

from bench.common import isolated_env, machine  # noqa: E402
from meetingtui.store.toml_io import dumps  # noqa: E402
from tests.team_git import minutes  # noqa: E402

FIRST_DAY = dt.date(2026, 1, 5)


def minutes_text(day: dt.date, agenda: str) -> tuple[str, str]:
    """A meeting's minutes as the app writes them: their path in the repository and their TOML."""
    return f"minutes/{day.year}/{day.isoformat()}-{agenda}.toml", dumps(minutes(day, agenda=agenda).to_document())


def git(root: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def commit(root: Path, env: dict[str, str], path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    git(root, env, "add", "--", path)
    git(root, env, "commit", "-q", "-m", f"Minutes: {Path(path).stem}")


class Team:
    """A bare remote, a colleague's clone and ours."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.env = env
        self.bare, self.colleague, self.ours = folder / "remote.git", folder / "colleague", folder / "ours"
        folder.mkdir(parents=True)
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.bare)], check=True, env=env)
        seed = folder / "seed"
        subprocess.run(["git", "clone", "-q", str(self.bare), str(seed)], check=True, env=env, capture_output=True)
        commit(seed, env, "minutes/.gitkeep", "")
        git(seed, env, "push", "-q", "origin", "HEAD:main")
        for clone in (self.colleague, self.ours):
            subprocess.run(["git", "clone", "-q", str(self.bare), str(clone)], check=True, env=env, capture_output=True)

    def prepare(self, day: dt.date) -> None:
        """The colleague pushes a meeting's minutes; ours commits its own, not pushed yet."""
        commit(self.colleague, self.env, *minutes_text(day, "pipeline-review"))
        git(self.colleague, self.env, "pull", "-q", "--rebase")
        git(self.colleague, self.env, "push", "-q", "origin", "HEAD:main")
        commit(self.ours, self.env, *minutes_text(day, "weekly-sync"))


def timed(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    # cwd: ``python -m`` puts the current folder first on sys.path, before PYTHONPATH
    """Wall and CPU seconds (the process and all it waited for) of one command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = dt.datetime.now().timestamp()
    result = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    wall = dt.datetime.now().timestamp() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result.stdout}{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed_all(commands: list[list[str]], env: dict[str, str]) -> tuple[float, float]:
    wall = cpu = 0.0
    for argv in commands:
        one_wall, one_cpu = timed(argv, env)
        wall, cpu = wall + one_wall, cpu + one_cpu
    return wall, cpu


def sync_argv(tree: Path, team: Team) -> list[str]:
    return [sys.executable, "-m", "meetingtui", "sync", "--repo", str(team.ours)]


def tree_env(env: dict[str, str], tree: Path) -> dict[str, str]:
    return {**env, "PYTHONPATH": str(tree)}


def counted_git(folder: Path, env: dict[str, str]) -> tuple[dict[str, str], Path]:
    """An environment whose ``git`` notes each call in the returned log, then runs the real one."""
    real, log = shutil.which("git"), folder / "git-calls"
    folder.mkdir()
    (folder / "git").write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    (folder / "git").chmod(0o755)
    return {**env, "PATH": f"{folder}{os.pathsep}{env.get('PATH', '')}"}, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another work tree whose sync runs in the same rounds")
    args = parser.parse_args()
    print(f"bench/sync.py on {machine()}, load average {os.getloadavg()[0]:.1f}")
    folder = Path(tempfile.mkdtemp(prefix="meetingtui-bench-sync-"))
    try:
        env = isolated_env(folder / "home")
        trees = {"this tree": TREE} | ({"compare": args.compare.resolve()} if args.compare else {})
        teams = {name: Team(folder / name.replace(" ", "-"), env) for name in trees}
        floor = Team(folder / "floor", env)
        figures: dict[str, list[tuple[float, float]]] = {}
        for n in range(args.rounds + 1):  # the first round warms the caches and is not counted
            day = FIRST_DAY + dt.timedelta(days=n)
            for team in [*teams.values(), floor]:
                team.prepare(day)
            measured = {
                f"sync, {name}": timed(sync_argv(tree, teams[name]), tree_env(env, tree), cwd=tree)
                for name, tree in trees.items()
            }
            git_sync = [
                ["git", "-C", str(floor.ours), "pull", "-q", "--rebase"],
                ["git", "-C", str(floor.ours), "push", "-q"],
            ]
            measured["sync, floor (git pull --rebase + push)"] = timed_all(git_sync, env)
            for name, tree in trees.items():
                measured[f"no-op sync, {name}"] = timed(sync_argv(tree, teams[name]), tree_env(env, tree), cwd=tree)
            git_noop = [
                ["git", "-C", str(floor.ours), "fetch", "-q"],
                ["git", "-C", str(floor.ours), "status", "--porcelain"],
            ]
            measured["no-op sync, floor (git fetch + status)"] = timed_all(git_noop, env)
            if n:
                for key, value in measured.items():
                    figures.setdefault(key, []).append(value)
        width = max(map(len, figures))
        for key, values in figures.items():
            walls, cpus = zip(*values, strict=True)
            print(
                f"  {key:<{width}}  wall {statistics.median(walls) * 1000:6.0f} ms "
                f"(min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f})  "
                f"CPU {statistics.median(cpus) * 1000:6.0f} ms"
            )
        for kind in ("sync", "no-op sync"):
            floor_key = next(key for key in figures if key.startswith(f"{kind}, floor"))
            for name in trees:
                ours, base = (statistics.median(w for w, _ in figures[key]) for key in (f"{kind}, {name}", floor_key))
                ours_cpu, base_cpu = (
                    statistics.median(c for _, c in figures[key]) for key in (f"{kind}, {name}", floor_key)
                )
                print(f"  {kind}, {name} ÷ floor: wall {ours / base:.2f}×, CPU {ours_cpu / base_cpu:.2f}×")
        day = FIRST_DAY + dt.timedelta(days=args.rounds + 1)
        for name, tree in trees.items():
            counting, log = counted_git(folder / f"count-{name.replace(' ', '-')}", env)
            teams[name].prepare(day)
            calls = []
            for _ in ("sync", "no-op sync"):
                log.unlink(missing_ok=True)
                timed(sync_argv(tree, teams[name]), tree_env(counting, tree), cwd=tree)
                calls.append(len(log.read_text().splitlines()))
            print(f"  git processes, {name}: sync {calls[0]}, no-op sync {calls[1]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
