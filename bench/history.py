"""Benchmark: `meetingtui actions --format json` over 5,000 minutes files against plain `tomllib`.

Generates a repository of realistic minutes (segments with notes, actions,
decisions, concerns, insights, parked topics, and updates to earlier actions),
then times, each in a fresh subprocess, the median of a few runs of:

* baseline: a script that only ``tomllib.load``s every file;
* cold: ``python -m meetingtui actions --format json`` with an empty cache;
* warm: the same command again, with the cache from the previous run.

Usage: ``python bench/history.py [--files 5000] [--runs 5] [--keep DIR]``.
Run by hand, not by CI. The target: cold ≤ 1.5× baseline, warm well under 1×.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from meetingtui.domain.minutes import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Attendee,
    Concern,
    Decision,
    Insight,
    Minutes,
    Parked,
    SegmentRecord,
    SegmentStatus,
)
from meetingtui.store.toml_io import dumps

AGENDAS = ["weekly-sync", "ride-along-debrief", "content-co-creation", "funnel-review", "quarterly-alignment"]
PEOPLE = [
    ("Dana", "marketing"),
    ("Sam", "sales"),
    ("Ali", "sales"),
    ("Kim", "marketing"),
    ("Lee", "sales"),
    ("Noor", "marketing"),
    ("Jo", "joint"),
]
SEGMENTS = [
    ("Review open action items", "joint"),
    ("Pipeline review", "sales"),
    ("Campaign results", "marketing"),
    ("What we heard on calls", "sales"),
    ("Content requests", "marketing"),
    ("Open floor", "joint"),
]
WORDS = [
    "pricing",
    "objection",
    "onboarding",
    "webinar",
    "comparison",
    "page",
    "churn",
    "enterprise",
    "pilot",
    "case",
    "study",
    "renewal",
    "lead",
    "scoring",
    "handoff",
    "SDR",
    "follow-up",
    "nurture",
    "sequence",
    "persona",
    "battlecard",
    "demo",
    "trial",
]

BASELINE = """
import sys, tomllib
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    with open(path, "rb") as handle:
        tomllib.load(handle)
"""


def sentence(rng: random.Random, low: int = 4, high: int = 12) -> str:
    """A few words of plausible text."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def make_minutes(
    rng: random.Random, minutes_id: str, agenda: str, date: dt.date, open_ids: list[str], slot: int = 0
) -> Minutes:
    """One meeting (the ``slot``-th of its day): 4–6 segments, 0–5 actions, updates to actions still open."""
    tz = dt.timezone(dt.timedelta(hours=1))
    start = dt.datetime.combine(date, dt.time(9 + slot % 9, rng.randint(0, 5)), tz)
    segments = [
        SegmentRecord(
            title=title,
            team=team,
            owner=rng.choice(PEOPLE)[0],
            planned_seconds=planned,
            actual_seconds=max(0, planned + rng.randint(-120, 240)),
            status=rng.choice([SegmentStatus.DONE] * 8 + [SegmentStatus.SKIPPED]),
            notes="\n".join(sentence(rng) for _ in range(rng.randint(0, 4))),
        )
        for (title, team), planned in zip(rng.sample(SEGMENTS, rng.randint(4, 6)), [300, 600, 900] * 2, strict=False)
    ]
    actions = []
    for number in range(1, rng.randint(0, 5) + 1):
        owner, team = rng.choice(PEOPLE)
        due = date + dt.timedelta(days=rng.randint(3, 21)) if rng.random() < 0.8 else None
        actions.append(
            ActionItem(
                id=f"{minutes_id}#{number}",
                text=sentence(rng),
                owner=owner,
                team=team,
                due=due,
                segment=rng.choice(segments).title,
            )
        )
    updates = []
    recent = open_ids[-40:]  # mostly the actions of the last weeks come up in review
    for action_id in rng.sample(recent, min(len(recent), rng.randint(1, 5))):
        status = rng.choice([ActionStatus.DONE] * 5 + [ActionStatus.DROPPED, ActionStatus.OPEN])
        owner = rng.choice(PEOPLE)[0] if status is ActionStatus.OPEN else None
        updates.append(ActionUpdate(id=action_id, status=status, owner=owner, note=sentence(rng, 2, 6)))
        if status is not ActionStatus.OPEN:
            open_ids.remove(action_id)
    open_ids.extend(action.id for action in actions)
    return Minutes(
        id=minutes_id,
        title=agenda.replace("-", " ").title(),
        agenda=agenda,
        date=date,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=rng.randint(30, 60)),
        facilitator=rng.choice(PEOPLE)[0],
        attendees=[Attendee(name=name, team=team, present=rng.random() < 0.9) for name, team in PEOPLE],
        segments=segments,
        actions=actions,
        decisions=[Decision(text=sentence(rng), segment=segments[0].title) for _ in range(rng.randint(0, 3))],
        concerns=[
            Concern(text=sentence(rng), from_team=a, to_team=b, segment=segments[-1].title)
            for a, b in [rng.choice([("sales", "marketing"), ("marketing", "sales")])] * rng.randint(0, 2)
        ],
        insights=[
            Insight(
                text=sentence(rng),
                source=f"call with {rng.choice(WORDS)}",
                content_idea=sentence(rng, 3, 6) if rng.random() < 0.5 else None,
            )
            for _ in range(rng.randint(0, 3))
        ],
        parked=[Parked(title=sentence(rng, 2, 4), team="marketing", reason="ran out of time")]
        if rng.random() < 0.1
        else [],
        action_updates=updates,
    )


def generate(root: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` minutes files under ``root/minutes/YYYY/``; returns ``root``."""
    rng = random.Random(seed)
    open_ids: list[str] = []
    offsets = [0]
    for _ in range(count - 1):
        offsets.append(offsets[-1] + rng.choice([0, 0, 1, 1, 1, 2]))  # several meetings a day, sometimes none
    last_day = dt.date(2026, 11, 27)
    per_id: dict[str, int] = {}
    per_day: dict[dt.date, int] = {}
    old = time.time() - 86400  # files from a checkout made yesterday, not from the racy last seconds
    for offset in offsets:
        date = last_day - dt.timedelta(days=offsets[-1] - offset)
        agenda = rng.choice(AGENDAS)
        base = f"{date.isoformat()}-{agenda}"
        per_id[base] = per_id.get(base, 0) + 1
        per_day[date] = per_day.get(date, 0) + 1
        minutes_id = base if per_id[base] == 1 else f"{base}-{per_id[base]}"
        minutes = make_minutes(rng, minutes_id, agenda, date, open_ids, slot=per_day[date] - 1)
        path = root / "minutes" / str(date.year) / f"{minutes_id}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(minutes.to_document()), encoding="utf-8")
        os.utime(path, (old, old))
    return root


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one subprocess, which must succeed.

    CPU time is reported too because it hardly moves when other work shares the machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="meetingtui-bench-"))
    repo = args.keep or work / "repo"
    try:
        started = time.perf_counter()
        generate(repo, args.files)
        size = sum(p.stat().st_size for p in repo.rglob("*.toml"))
        print(f"generated {args.files} files ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f}s")
        env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), MEETINGTUI_REPO=str(repo))
        command = [sys.executable, "-m", "meetingtui", "actions", "--format", "json", "--repo", str(repo)]
        baseline = [sys.executable, "-c", BASELINE, str(repo / "minutes")]
        timed(baseline, env)  # warm the page cache for everyone
        runs: dict[str, list[tuple[float, float]]] = {"base": [], "cold": [], "warm": []}
        for _ in range(args.runs):
            runs["base"].append(timed(baseline, env))
            shutil.rmtree(work / "cache", ignore_errors=True)
            runs["cold"].append(timed(command, env))
            runs["warm"].append(timed(command, env))
        median = {name: [statistics.median(t[i] for t in times) for i in (0, 1)] for name, times in runs.items()}
        (bw, bc), (cw, cc), (ww, wc) = median["base"], median["cold"], median["warm"]
        print(f"median of {args.runs} runs, wall-clock / CPU seconds")
        print(f"baseline (tomllib only): {bw:6.3f}s / {bc:6.3f}s")
        print(
            f"actions, cold cache:     {cw:6.3f}s / {cc:6.3f}s  ratio {cw / bw:.2f}x / {cc / bc:.2f}x  (target ≤ 1.5x)"
        )
        print(
            f"actions, warm cache:     {ww:6.3f}s / {wc:6.3f}s  ratio {ww / bw:.2f}x / {wc / bc:.2f}x  "
            "(target well under 1x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
