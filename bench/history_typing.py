"""Benchmark: no freeze while a big history loads (issue 24, items 3 and 4).

The real app (``meetingtui run weekly-sync``) runs in the 120×40 pty harness on
two repositories made by ``bench/make_history.py``: a big one (``--files``,
50,000 by default) and a 20-file one, the baseline. Four runs a round, in turn,
so that all see the same load on a shared machine:

* **small, cold** and **big, cold**: the history index deleted first (every file is read);
* **small, warm** and **big, warm**: the index as the cold run left it.

From the first frame on, ``+`` and ``-`` are typed in turn (the first segment's
plan goes from 5m to 6m and back; the clock is not started), one key every
``--every`` seconds once the last one has been repainted, for ``--seconds``
(60 by default) *and* until the review list is filled from the history, so
every key of a cold read is typed while it loads. Key-to-repaint is the time
from the key to the agenda row showing its new plan on the terminal (the
content the key changed, not any byte). Also measured: seconds from the first
frame to the review list filled (its border counts the open actions), peak RSS
(``VmHWM``) at the end of the window, the app's CPU seconds.

Targets (issue 24): with the big history, the longest key-to-repaint ≤ 100 ms,
cold and warm, beside the 20-file figure of the same run; the review list ≤ 1 s
after the first frame, warm; peak RSS ≤ 1.3× the 20-file meeting's.

Usage: ``python bench/history_typing.py [--files 50000] [--work /dev/shm] [--big DIR] [--rounds 1]``.
``--big DIR`` reuses a history made before by ``make_history.py`` (it takes about a minute at 50,000 files);
``--compare TREE`` also runs another work tree of meetingtui (before a change) on the big history, warm (and
cold with ``--compare-cold``: minutes more), in the same rounds, with its own index. Run by hand, never by CI.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and this work tree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PtyApp, Workspace, cpu_seconds, isolated_env, machine, meetingtui_argv, status_kb
from bench.first_frame import FIRST_SEGMENT, REVIEW_FILLED
from bench.make_history import generate

SMALL = 20
LATENCY_TARGET, REVIEW_TARGET, RSS_TARGET = 0.100, 1.0, 1.3
PLAN = {"+": re.compile(r"▶ +6m +now"), "-": re.compile(r"▶ +5m +now")}
"""What each key leaves on the first agenda row (weekly-sync's first segment is planned at 5m)."""
KEY_TIMEOUT = 600.0
"""A frozen screen is measured, not given up on (the review list of 26,818 rows froze it for 45 s)."""


@dataclass
class Run:
    """One run's figures."""

    name: str
    latencies: list[float] = field(default_factory=list)
    first_frame: float = 0.0
    filled: float | None = None
    """Seconds from the first frame to the review list filled (None: not within the window)."""
    peak: int = 0
    rss: int = 0
    cpu: float = 0.0
    open_count: str = ""


def _type_one(app: PtyApp, key: str) -> float:
    """Send ``key``; seconds until the agenda row shows what it did."""
    start = len(app.output)
    sent = time.perf_counter()
    app.send(key)
    pattern = PLAN[key]
    while True:
        # Only the output since the key: the row's text in an earlier frame must not count.
        fresh = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", bytes(app.output[start:]).decode("utf-8", "replace"))
        if pattern.search(fresh):
            return time.perf_counter() - sent
        left = sent + KEY_TIMEOUT - time.perf_counter()
        if left <= 0 or not app.pump(min(left, 0.05)):
            raise RuntimeError(f"no repaint after {key!r} within {KEY_TIMEOUT}s")


def run(name: str, ws: Workspace, seconds: float, every: float, env: dict[str, str]) -> Run:
    """One app's run: first frame, then typing for ``seconds`` and until the review list is filled."""
    for path in Path(env["XDG_STATE_HOME"]).rglob("*"):  # no journal left to resume
        if path.is_file() and (path.name == "meeting.jsonl" or path.name.startswith("interrupted-")):
            path.unlink()
    result = Run(name)
    with PtyApp(meetingtui_argv(ws), env, cwd=ws.repo) as app:
        result.first_frame = app.wait_for(FIRST_SEGMENT)
        app.drain(0.05)
        seen_from = 0
        end = time.perf_counter() + seconds
        deadline = time.perf_counter() + 900
        key = "+"
        while True:
            if result.filled is None:
                plain = app.plain()
                found = REVIEW_FILLED.search(plain, max(0, seen_from - 100))
                seen_from = len(plain)
                if found:
                    result.filled = time.perf_counter() - app.started - result.first_frame
                    counted = re.search(r"([0-9][0-9 ,of]*) open · x done", plain[found.start() - 40 : found.end()])
                    result.open_count = counted.group(1).strip() if counted else "0"
            now = time.perf_counter()
            if (now >= end and result.filled is not None) or now >= deadline:
                break
            tick = time.perf_counter()
            result.latencies.append(_type_one(app, key))
            key = "-" if key == "+" else "+"
            app.drain(max(0.0, every - (time.perf_counter() - tick)))
        result.peak = status_kb(app.pid, "VmHWM")
        result.rss = status_kb(app.pid, "VmRSS")
        result.cpu = cpu_seconds(app.pid)
        app.stop()
    return result


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


def report(runs: dict[str, list[Run]]) -> bool:
    """Print every configuration and the verdicts; True when all targets are met."""
    for name, rounds in runs.items():
        keys = [x for r in rounds for x in r.latencies]
        filled = [r.filled for r in rounds if r.filled is not None]
        print(f"  {name}: {len(keys)} keys in {len(rounds)} round(s)")
        print(f"    key → repaint:        {_ms(keys)}")
        shown = ", ".join(f"{x:.2f}s" for x in filled) or "not filled"
        print(
            f"    review list filled:   {shown} after the first frame ({rounds[-1].open_count} open); "
            f"first frame {statistics.median(r.first_frame for r in rounds):.2f}s"
        )
        peaks = ", ".join(f"{r.peak / 1024:.1f}" for r in rounds)
        print(f"    peak RSS {peaks} MB; RSS at the end {rounds[-1].rss / 1024:.1f} MB; CPU {rounds[-1].cpu:.2f}s")
    ok = True
    for label in ("cold", "warm"):
        big, small = runs[f"big, {label}"], runs[f"small, {label}"]
        worst = max(x for r in big for x in r.latencies)
        base = max(x for r in small for x in r.latencies)
        passed = worst <= LATENCY_TARGET
        ok &= passed
        print(
            f"  longest key → repaint, {label}: {worst * 1000:.0f} ms (20 files: {base * 1000:.0f} ms, "
            f"{worst / base:.2f}×)  target ≤ {LATENCY_TARGET * 1000:.0f} ms  {'PASS' if passed else 'FAIL'}"
        )
    big, small = runs["big, warm"], runs["small, warm"]
    filled = [r.filled for r in big]
    after = max(x if x is not None else float("inf") for x in filled)
    passed = after <= REVIEW_TARGET
    ok &= passed
    print(f"  review list after the first frame, warm: {after:.2f}s  target ≤ {REVIEW_TARGET:.0f} s  {_pf(passed)}")
    ratio = statistics.median(r.peak for r in big) / statistics.median(r.peak for r in small)
    passed = ratio <= RSS_TARGET
    ok &= passed
    print(f"  peak RSS, warm, ÷ the 20-file meeting: {ratio:.2f}×  target ≤ {RSS_TARGET}×  {_pf(passed)}")
    cold = statistics.median(r.peak for r in runs["big, cold"]) / statistics.median(r.peak for r in runs["small, cold"])
    print(f"  peak RSS, cold, ÷ the 20-file meeting: {cold:.2f}× (reported, not judged)")
    return ok


def _pf(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50_000, help="minutes files in the big history")
    parser.add_argument("--big", type=Path, help="a history made before by make_history.py (not made again)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()), help="where to make the histories")
    parser.add_argument("--seconds", type=float, default=60.0, help="typing window of each run (default 60)")
    parser.add_argument("--every", type=float, default=0.2, help="seconds between keys (default 0.2)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--compare", type=Path, help="also run the big history with meetingtui from this work tree")
    parser.add_argument("--compare-cold", action="store_true", help="run the other work tree cold too")
    parser.add_argument("--only", choices=("cold", "warm"), help="only the cold runs, or only the warm ones")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="meetingtui-typing-", dir=args.work))
    try:
        small = generate(work / "small", SMALL)
        big = args.big or generate(work / "big", args.files)
        env = isolated_env(work / "home")
        other = {**env, "XDG_CACHE_HOME": str(work / "home" / "other-cache")}
        if args.compare:
            other["PYTHONPATH"] = os.pathsep.join([str(args.compare), *env["PYTHONPATH"].split(os.pathsep)[1:]])
        repos = {"small": Workspace(work, env, small), "big": Workspace(work, env, big)}
        print(
            f"history typing: {machine()}; big history {big} ({args.files if not args.big else 'given'} files), "
            f"{args.seconds:.0f} s typing a run, a key every {args.every}s, load average {os.getloadavg()[0]:.1f}"
        )
        configs = [(f"{size}, {label}", size, label) for label in ("cold", "warm") for size in ("small", "big")]
        if args.compare:
            labels = ("cold", "warm") if args.compare_cold else ("warm",)
            configs += [(f"before, {label}", "big", label) for label in labels]
            configs.sort(key=lambda c: c[2] == "warm")
        if args.only:
            configs = [c for c in configs if c[2] == args.only]
        runs: dict[str, list[Run]] = {name: [] for name, _, _ in configs}
        if args.compare and not args.compare_cold:  # the other tree's index, made once, unmeasured
            warm_up = [sys.executable, "-m", "meetingtui", "actions", "--repo", str(big), "--format", "json"]
            subprocess.run(warm_up, env=other, cwd=work, stdout=subprocess.DEVNULL, check=True)
        for n in range(args.rounds):
            for name, size, label in configs:
                run_env = other if name.startswith("before") else env
                if label == "cold":
                    shutil.rmtree(Path(run_env["XDG_CACHE_HOME"]) / "meetingtui", ignore_errors=True)
                one = run(name, repos[size], args.seconds, args.every, run_env)
                filled = "never" if one.filled is None else f"{one.filled:.2f} s"
                print(
                    f"  round {n + 1} {name}: max key → repaint {max(one.latencies) * 1000:.0f} ms over "
                    f"{len(one.latencies)} keys; review list {filled} after the first frame"
                    f"; peak RSS {one.peak / 1024:.1f} MB; load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                runs[name].append(one)
        if args.only:  # the other's figures stand in for the verdicts' sake (said so in the output)
            other_label = "warm" if args.only == "cold" else "cold"
            print(f"  (only {args.only} runs: the {other_label} verdicts below repeat them)")
            for size in ("big", "small"):
                runs[f"{size}, {other_label}"] = runs[f"{size}, {args.only}"]
        return 0 if report(runs) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
