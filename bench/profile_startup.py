"""Where start-up time goes: ``-X importtime`` of ``meetingtui run weekly-sync`` in the benchmark pty.

Textual draws on stderr, where ``-X importtime`` also writes, so the app runs
in the same harness as ``first_frame.py`` and the import lines are picked out
of its output. Prints the imports by top-level package, meetingtui's own modules
(with who pulls in pydantic, Textual and the history code), and the slowest
imports by cumulative time; ``--baseline`` adds the minimal app for comparison.
Figures from one run (warm byte-code); ``-X importtime`` itself adds some overhead.

Usage: ``python bench/profile_startup.py [--baseline] [--top 30] [-- ARGS]``,
where ARGS replace ``run weekly-sync`` (e.g. ``-- actions --format json``).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import AGENDA_TITLE, PtyApp, baseline_argv, meetingtui_argv, workspace

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def imports(
    argv: list[str], env: dict[str, str], cwd: Path, needle: str | None, after: bool = False
) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, module) for every import of one run, in import order.

    With ``needle``: the imports before it reached the screen (the first frame), or with ``after``
    those in the second that follows."""
    argv = [argv[0], "-X", "importtime", *argv[1:]]
    for _ in range(2):  # the first run writes byte-code; measure the second
        with PtyApp(argv, env, cwd=cwd) as app:
            if needle:
                app.wait_for(needle)
                app.drain(1.0)  # imports made just after the first frame count too
                app.stop()
            else:
                app.wait_exit()
            text = app.output.decode("utf-8", "replace")
    if needle and needle in text and not after:  # only what was imported before the first frame
        text = text[: text.index(needle)]
    elif needle and needle in text:  # only what was imported after it (within the drain)
        text = text[text.index(needle) :]
    return [(int(a), int(b), len(c) // 2, d) for a, b, c, d in LINE.findall(text)]


def report(label: str, rows: list[tuple[int, int, int, str]], top: int) -> None:
    total = sum(r[0] for r in rows)
    print(f"\n== {label}: {len(rows)} modules, {total / 1000:.0f} ms of imports (sum of self times)")
    by_package: collections.Counter[str] = collections.Counter()
    for own, _, _, name in rows:
        by_package[name.split(".")[0]] += own
    print("by top-level package (self ms): " + ", ".join(f"{k} {v / 1000:.0f}" for k, v in by_package.most_common(12)))
    ours = [r for r in rows if r[3].startswith("meetingtui")]
    if ours:
        print("meetingtui modules (cumulative / self ms, indented by import depth):")
        for own, cumulative, depth, name in ours:
            if cumulative >= 2000:
                print(f"  {cumulative / 1000:7.1f} {own / 1000:6.1f}  {'  ' * depth}{name}")
    print(f"slowest {top} imports by cumulative time (ms):")
    for own, cumulative, depth, name in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"  {cumulative / 1000:7.1f} {own / 1000:6.1f}  depth {depth:2d}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="also profile the minimal Textual app")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--after", action="store_true", help="the imports made in the second after the first frame")
    parser.add_argument("args", nargs="*", help="meetingtui arguments instead of `run weekly-sync`")
    options = parser.parse_args(argv)
    with workspace() as ws:
        if options.args:
            command = [sys.executable, "-m", "meetingtui", *options.args]
            report("meetingtui " + " ".join(options.args), imports(command, ws.env, ws.repo, None), options.top)
        else:
            command = meetingtui_argv(ws)
            when = "after" if options.after else "before"
            rows = imports(command, ws.env, ws.repo, "Last week's actions", options.after)
            report(f"meetingtui run weekly-sync, {when} the first frame", rows, options.top)
        if options.baseline:
            report("baseline app", imports(baseline_argv(), ws.env, ws.repo, AGENDA_TITLE), options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
