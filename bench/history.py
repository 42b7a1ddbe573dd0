"""Benchmark: `meetingtui actions --format json` over a realistic history, against plain `tomllib`.

Generates a repository with ``bench/make_history.py`` (years of meetings, a
``.md`` beside each ``.toml``, committed in one commit), then runs, each in a
fresh subprocess, alternating, ``--runs`` rounds of:

* baseline: a script that only ``tomllib.load``s every minutes file (no validation, no fold);
* cold: ``actions --format json`` with no history index;
* warm: the same command again;
* one changed file: the same after one minutes file (another each round) got a same-size
  edit with its mtime put back, as ``rsync -t`` leaves it — the index must see it;

and prints medians of wall-clock and CPU seconds, and each run's peak RSS
(``ru_maxrss`` of that process alone). The output of the warm and the changed
runs is checked against a run without any index (``--check``, once at the end).

Usage: ``python bench/history.py [--files 5000] [--runs 3] [--work DIR] [--keep] [--compare TREE]``.
``--compare TREE`` also runs another source tree of meetingtui (``git worktree`` or ``git archive`` of an
older commit) in the same rounds, alternating with this one, each with its own index: before/after figures
from one sitting.
Run by hand, not by CI. Targets (issue 24, at 50,000 files): warm ≤ 0.5 s and
≤ 0.1× the baseline; cold ≤ 1.5× the baseline; one changed file ≤ warm + 0.2 s;
peak RSS ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and this work tree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_history import generate

BASELINE = """
import sys, tomllib
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    with open(path, "rb") as handle:
        tomllib.load(handle)
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, bytes]:
    """Wall-clock seconds, CPU seconds (user + system), peak RSS (MB) and stdout of one subprocess.

    ``os.wait4`` gives that one process's own resource use (``RUSAGE_CHILDREN`` would be the most of all).
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        # Run from the work folder: `python -m` puts the current folder first on sys.path, ahead of PYTHONPATH.
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.DEVNULL, cwd=env["BENCH_CWD"])
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise RuntimeError(f"{argv} failed with {process.returncode}")
        out.seek(0)
        output = out.read()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def has_action(path: Path) -> bool:
    return "[[actions]]" in path.read_text(encoding="utf-8")


def rsync_edit(path: Path) -> None:
    """Change the first letter of the first action's text, keep the size, put the times back."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    at = text.index('text = "', text.index("[[actions]]")) + len('text = "')
    text = text[:at] + ("Q" if text[at] != "Q" else "R") + text[at + 1 :]
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def median(runs: list[tuple[float, float, float, bytes]], field: int) -> float:
    return statistics.median(run[field] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="folder for the repository and caches (temp)")
    parser.add_argument("--keep", action="store_true", help="leave the work folder behind")
    parser.add_argument("--compare", type=Path, default=None, help="another meetingtui source tree, run alternately")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="meetingtui-bench-", dir=args.work))
    repo = work / "repo"
    try:
        started = time.perf_counter()
        generate(repo, args.files)
        tomls = sorted(repo.glob("minutes/*/*.toml"))
        size = sum(path.stat().st_size for path in tomls)
        print(f"generated {len(tomls)} minutes files ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f}s")
        here = str(Path(__file__).resolve().parents[1])
        trees = {"": here} if args.compare is None else {"": here, " (compare)": str(args.compare.resolve())}
        # Users run from compiled bytecode: a PYTHONDONTWRITEBYTECODE in the caller's environment would make every
        # run compile every module it imports again (0.2 s on a loaded machine, the same for both trees).
        environ = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        envs = {
            name: dict(
                environ,
                XDG_CACHE_HOME=str(work / f"cache{index}"),
                MEETINGTUI_REPO=str(repo),
                PYTHONPATH=tree,
                BENCH_CWD=str(work),
            )
            for index, (name, tree) in enumerate(trees.items())
        }
        env = envs[""]
        command = [sys.executable, "-m", "meetingtui", "actions", "--format", "json", "--repo", str(repo)]
        baseline = [sys.executable, "-c", BASELINE, str(repo / "minutes")]
        timed(baseline, env)  # warm the page cache for everyone
        runs: dict[str, list[tuple[float, float, float, bytes]]] = {"base": []}
        for name in trees:
            for kind in ("cold", "warm", "one"):
                runs[kind + name] = []
        for round_ in range(args.runs):
            runs["base"].append(timed(baseline, env))
            for name, tree_env in envs.items():
                shutil.rmtree(tree_env["XDG_CACHE_HOME"], ignore_errors=True)
                runs["cold" + name].append(timed(command, tree_env))
                runs["warm" + name].append(timed(command, tree_env))
            rsync_edit(next(path for path in tomls[(round_ * 7919) % len(tomls) :] + tomls if has_action(path)))
            for name, tree_env in envs.items():
                runs["one" + name].append(timed(command, tree_env))
        bw, bc = median(runs["base"], 0), median(runs["base"], 1)
        rss = {name: max(run[2] for run in runs[name]) for name in runs}
        print(f"median of {args.runs} alternating runs, wall-clock / CPU seconds; peak RSS the most of any run")
        print(f"baseline (tomllib only): {bw:6.3f}s / {bc:6.3f}s   peak RSS {rss['base']:6.0f} MB")
        for name in trees:
            (cw, cc), (ww, wc), (ow, oc) = (
                (median(runs[kind + name], 0), median(runs[kind + name], 1)) for kind in ("cold", "warm", "one")
            )
            print(f"-- {trees[name]}")
            print(
                f"actions, cold cache:     {cw:6.3f}s / {cc:6.3f}s  ratio {cw / bw:.2f}x / {cc / bc:.2f}x  "
                f"peak RSS {rss['cold' + name]:6.0f} MB  (target ≤ 1.5x)"
            )
            print(
                f"actions, warm cache:     {ww:6.3f}s / {wc:6.3f}s  ratio {ww / bw:.2f}x / {wc / bc:.2f}x  "
                f"peak RSS {rss['warm' + name]:6.0f} MB  (target ≤ 0.5 s and ≤ 0.1x; ≤ 300 MB)"
            )
            print(
                f"actions, one changed:    {ow:6.3f}s / {oc:6.3f}s  {ow - ww:+.3f}s over warm  "
                f"peak RSS {rss['one' + name]:6.0f} MB  (target ≤ +0.2 s)"
            )
        plain = dict(env, XDG_CACHE_HOME=str(work / "no-cache"))
        fresh = timed(command, plain)[3]
        same = all(fresh == runs["one" + name][-1][3] for name in trees)
        print(f"last changed run's output equals a run with a fresh index: {same}")
        if not same:
            sys.exit(1)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
