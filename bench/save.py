"""Benchmark: save + commit of a three-hour meeting against a bare ``git commit`` of two files of the same size.

The meeting is built with the real engine on a :class:`ManualClock` (nothing
sleeps): a three-hour agenda of twelve 15-minute segments, 500 captured items
(actions, decisions, concerns, insights) spread over the segments, and long
notes (several kB) in every segment, journaled as in the app. Then, timed:

* meetingtui: ``finish()`` + ``write_and_commit()`` — end the meeting, build the minutes,
  write TOML + Markdown atomically, drop the journal, commit exactly those two
  files (``meetingtui.store.git.commit_files``);
* floor: tomli-w writing the same TOML (``toml_io.dumps`` of the same minutes, which no save in this
  stack can skip), plus, in a repository in the same state, ``git add`` + ``git commit`` of the files
  the save committed (the minutes and REPORT.md), with the very same bytes already on disk (a plain
  write of them is not timed: the bare minimum any tool must do is commit them).

Each run uses fresh repositories (one initial commit) and times ours, then the floor's two parts. CPU
seconds (this process and the git processes it waited for) are printed beside the wall times: they
move less on a busy machine. A last, separate run splits the save into its steps and counts the git
processes and fsyncs it makes. ``TMPDIR=/dev/shm`` puts every repository and the per-user state on tmpfs,
where an fsync costs nothing: the figures without the disk's latency.

Usage: ``python bench/save.py [--runs 5] [--items 500] [--later]``. Target ≤ 2× the floor.
``--compare TREE`` measures this tree's save against another tree's (``git archive`` of an older commit) save by
save, alternating, each against the floor measured right after it: before/after on a busy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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

if __package__ in (None, ""):  # this tree, or the one a --compare worker measures
    sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))

from bench.common import Result, Spread, git_repo, isolated_env, verdict

TARGET = 2.0
SEGMENTS = 12
SEGMENT_MINUTES = 15
STEP_CALLS = 7  # the breakdown times each rendering step this many times
_WORDS = (
    "pipeline|webinar|pricing|objection|renewal|handoff|persona|battlecard|nurture|enterprise|pilot|case study|SDR|"
    "lead score|churn|demo|trial|onboarding|procurement|security review|champion|budget|timeline|competitor|roadmap"
)
WORDS = tuple(_WORDS.split("|"))
PEOPLE = (("Dana", "marketing"), ("Sam", "sales"), ("Ali", "sales"), ("Kim", "marketing"), ("Jo", "joint"))


def sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def build_session(repo: Path, items: int, seed: int = 11):
    """A finished-but-unsaved three-hour meeting in ``repo`` (its journal in the isolated state folder)."""
    from meetingtui.domain.agenda import Agenda
    from meetingtui.domain.minutes import Attendee
    from meetingtui.session import MeetingSession, SessionOptions
    from meetingtui.store.repo import MinutesRepo
    from tests.clock import ManualClock

    rng = random.Random(seed)
    agenda = Agenda.model_validate(
        {
            "title": "Quarterly sales & marketing planning",
            "duration": f"{SEGMENTS * SEGMENT_MINUTES}m",
            "segments": [
                {
                    "title": f"Topic {i + 1}: {sentence(rng, 2, 4)[:-1]}",
                    "team": rng.choice(PEOPLE)[1],
                    "duration": f"{SEGMENT_MINUTES}m",
                    "owner": rng.choice(PEOPLE)[0],
                    "prompts": [sentence(rng) for _ in range(3)],
                }
                for i in range(SEGMENTS)
            ],
        }
    )
    clock = ManualClock(start_wall=dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    session = MeetingSession.new(
        MinutesRepo(repo),
        "quarterly-planning",
        agenda,
        facilitator="Dana",
        options=SessionOptions(commit=True),
        clock=clock.now,
        wall=clock.wall,
    )
    meeting = session.meeting
    meeting.set_attendees([Attendee(name=name, team=team) for name, team in PEOPLE])
    kinds = ["actions"] * 2 + ["decisions", "concerns", "insights"]
    per_segment = items // SEGMENTS
    meeting.start()
    for index in range(SEGMENTS):
        for number in range(per_segment + (1 if index < items % SEGMENTS else 0)):
            clock.advance(SEGMENT_MINUTES * 60 / (per_segment + 1))
            kind = kinds[number % len(kinds)]
            owner, team = rng.choice(PEOPLE)
            fields: dict = {"text": sentence(rng)}
            if kind == "actions":
                fields.update(owner=owner, team=team, due=dt.date(2026, 12, rng.randint(1, 31)))
            elif kind == "concerns":
                fields.update(from_team="sales", to_team="marketing")
            elif kind == "insights":
                fields.update(source=f"call with {rng.choice(WORDS)}", content_idea=sentence(rng, 3, 8))
            meeting.capture(kind, **fields)
        notes = "\n\n".join(sentence(rng, 20, 60) for _ in range(rng.randint(8, 14)))  # ~2–6 kB per segment
        meeting.set_notes(index, notes)
        clock.advance(rng.uniform(0, 120))
        if index < SEGMENTS - 1:
            meeting.next()
    session.load_history()  # the app reads the history (and the remote's file names) after the first frame
    return session


LATER = "--later" in sys.argv  # every repository holds the REPORT.md its first meeting left (every save but the first)


def team_repo(root: Path, env: dict[str, str]) -> Path:
    """A minutes repository as ``meetingtui init`` leaves it for what a save touches: the minutes folder is there
    (committed, ``minutes/.gitkeep``) before the first meeting (with :data:`LATER`, the REPORT.md one left)."""
    git_repo(root, env)
    (root / "minutes").mkdir()
    (root / "minutes" / ".gitkeep").write_text("")
    names = ["minutes/.gitkeep"]
    if LATER:
        (root / "REPORT.md").write_text("# Sales & marketing alignment report\n\nNo minutes yet.\n")
        names.append("REPORT.md")
    subprocess.run(["git", "-C", str(root), "add", *names], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "minutes folder"], check=True, env=env)
    return root


def git_commit_baseline(repo: Path, files: dict[str, bytes], env: dict[str, str]) -> float:
    """Seconds for ``git add`` + ``git commit`` of ``files`` (written before the clock starts)."""
    for name, data in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    started = time.perf_counter()
    subprocess.run(["git", "-C", str(repo), "add", "--", *files], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", "Minutes", "--", *files], check=True, env=env)
    return time.perf_counter() - started


def breakdown(repo: Path, items: int) -> dict[str, float]:
    """One save taken apart: where the time goes, and how many git processes it starts; returns the step times."""
    from meetingtui.store.markdown import render_markdown
    from meetingtui.store.toml_io import dumps

    session = build_session(repo, items)
    meeting, steps = session.meeting, {}

    def timed(name, function, *args):  # the median of STEP_CALLS calls: one moves with whatever else runs
        seconds = []
        for _ in range(STEP_CALLS):
            started = time.perf_counter()
            value = function(*args)
            seconds.append(time.perf_counter() - started)
        steps[name] = statistics.median(seconds)
        return value

    meeting.end()
    minutes = timed("Meeting.to_minutes", meeting.to_minutes)
    document = timed("Minutes.to_document", minutes.to_document)
    timed("TOML dumps", dumps, document)
    timed("render_markdown", render_markdown, minutes)
    calls: list[tuple[str, float]] = []
    real_popen = subprocess.Popen

    class CountingPopen(real_popen):  # every git process the save starts, however the store runs git
        def __init__(self, args, *rest, **options):
            self.bench_started = time.perf_counter()
            super().__init__(args, *rest, **options)

        def wait(self, timeout=None):
            code = super().wait(timeout)
            if not getattr(self, "bench_counted", False):
                self.bench_counted = True
                words = [str(word) for word in self.args[1:] if not str(word).startswith("-")]
                name = words[1] if words[:1] and Path(words[0]).is_dir() else (words[0] if words else "?")
                calls.append((name, time.perf_counter() - self.bench_started))
            return code

    syncs: list[float] = []
    real_fsync = os.fsync

    def counting_fsync(fd):  # the durability a save pays for and git does not (SQLite's own syncs not seen here)
        started = time.perf_counter()
        try:
            return real_fsync(fd)
        finally:
            syncs.append(time.perf_counter() - started)

    subprocess.Popen = CountingPopen
    os.fsync = counting_fsync
    try:
        started = time.perf_counter()
        result = session.write_and_commit(session.finish())  # the app's save, in its order
        total = time.perf_counter() - started
    finally:
        subprocess.Popen = real_popen
        os.fsync = real_fsync
    assert result.ok, result.git_error
    try:
        from meetingtui.store.report_file import write_report
    except ImportError:  # a tree from before it (before/after runs)
        from meetingtui.store.report_file import refresh_report as write_report

    timed("REPORT.md again", write_report, repo)  # history index warm, figures, page (same bytes: not rewritten)
    git_total = sum(seconds for _, seconds in calls)
    sizes = [path.stat().st_size for path in result.files]
    print(
        f"  breakdown of one save ({total:.3f}s; files {sizes[0] / 1024:.0f} kB TOML + {sizes[1] / 1024:.0f} kB "
        f"Markdown; {len(minutes.actions)} actions, {len(minutes.decisions)} decisions, "
        f"{len(minutes.concerns)} concerns, {len(minutes.insights)} insights):"
    )
    for name, seconds in steps.items():
        print(f"    {name:22s} {seconds * 1000:7.1f} ms (median of {STEP_CALLS} calls apart; save repeats these)")
    print(
        f"    {'git, in all':22s} {git_total * 1000:7.1f} ms in {len(calls)} git processes: "
        + ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in calls)
    )
    print(
        f"    {'fsync, in all':22s} {sum(syncs) * 1000:7.1f} ms in {len(syncs)} calls (journal, the save's record, "
        "the minutes and their folders; the history index's SQLite syncs are not counted here)"
    )
    other = total - git_total - sum(syncs)
    print(
        f"    {'everything else':22s} {other * 1000:7.1f} ms (end, minutes, TOML, Markdown, writes, journal dropped, "
        "REPORT.md: history index and figures)"
    )
    return steps


def cpu_seconds() -> float:
    """CPU seconds of this process and of every child it has waited for (the git processes), user + system."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def one_round(work: Path, env: dict[str, str], run: int, items: int) -> dict[str, float]:
    """One save of a fresh meeting, then its floor: seconds and CPU seconds of each (``ours``, ``git``, ``toml``)."""
    from meetingtui.store.toml_io import dumps

    repo = team_repo(work / f"ours-{run}", env)
    session = build_session(repo, items)
    started, cpu = time.perf_counter(), cpu_seconds()
    result = session.write_and_commit(session.finish())  # the app's save, in its order
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    assert result.ok and result.commit, result.git_error
    committed = subprocess.run(
        ["git", "-C", str(repo), "show", "--name-only", "--format=", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()  # the minutes, and REPORT.md with them
    files = {name: (repo / name).read_bytes() for name in committed}
    document = session.meeting.to_minutes().to_document()  # the same minutes (the meeting has ended)
    toml_started, toml_cpu = time.perf_counter(), cpu_seconds()
    dumps(document)
    toml_seconds, toml_cpu = time.perf_counter() - toml_started, cpu_seconds() - toml_cpu
    base_cpu = cpu_seconds()
    base_seconds = git_commit_baseline(team_repo(work / f"base-{run}", env), files, env)
    base_cpu = cpu_seconds() - base_cpu
    return {
        "ours": seconds,
        "ours_cpu": cpu,
        "git": base_seconds,
        "toml": toml_seconds,
        "floor": base_seconds + toml_seconds,
        "floor_cpu": base_cpu + toml_cpu,
    }


def measure(runs: int = 5, items: int = 500) -> list[Result]:
    """Run the benchmark and print it."""
    print(
        f"save: a 3-hour meeting with {items} captured items and long notes, save + commit vs its floor "
        f"(tomli-w writing the same TOML + git add + git commit of the same files), {runs} alternating runs; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    work = Path(tempfile.mkdtemp(prefix="meetingtui-bench-save-"))
    env = isolated_env(work / "home")
    saved_env = dict(os.environ)
    os.environ.update(env)  # the session's git and platformdirs see the isolated HOME
    ours, base, toml, floor = Spread(), Spread(), Spread(), Spread()
    ours_cpu, floor_cpu = Spread(), Spread()
    try:
        for run in range(runs + 1):  # run 0 warms imports and the page cache; not counted
            found = one_round(work, env, run, items)
            for spread, name in [(ours, "ours"), (base, "git"), (toml, "toml"), (floor, "floor")] if run else []:
                spread.values.append(found[name])
            for spread, name in [(ours_cpu, "ours_cpu"), (floor_cpu, "floor_cpu")] if run else []:
                spread.values.append(found[name])
        print(f"  meetingtui save():        {ours.show()}")
        print(f"  git add + commit:         {base.show()}")
        print(f"  tomli-w (toml_io.dumps):  {toml.show()}")
        print(f"  floor (the two, per run): {floor.show()}")
        print(
            f"  CPU seconds (this process + its git processes): ours {ours_cpu.show()}, floor {floor_cpu.show()} "
            f"= {ours_cpu.median / floor_cpu.median:.2f}×"
        )
        breakdown(team_repo(work / "breakdown", env), items)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        shutil.rmtree(work, ignore_errors=True)
    return [verdict("save + commit ÷ floor", ours.median, floor.median, TARGET)]


def worker(items: int) -> None:
    """``--worker``: one :func:`one_round` per ``go`` line on stdin, its figures as a JSON line (for ``--compare``)."""
    work = Path(tempfile.mkdtemp(prefix="meetingtui-bench-save-"))
    env = isolated_env(work / "home")
    os.environ.update(env)
    try:
        for run, line in enumerate(sys.stdin):
            if line.strip() != "go":
                break
            found = one_round(work, env, run, items)
            print(json.dumps({**found, "load": os.getloadavg()[0]}), flush=True)
            for name in (f"ours-{run}", f"base-{run}"):
                shutil.rmtree(work / name, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compare(before: Path, runs: int, items: int) -> None:
    """``--compare TREE``: this tree's save against another tree's (``git archive`` of a commit, say), save by save,
    alternating which goes first; each against the floor measured right after it in the same worker."""
    trees = {"before": before.resolve(), "after": Path(__file__).resolve().parents[1]}
    workers = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--worker", "--items", str(items), *(["--later"] if LATER else [])],
            env={**os.environ, "BENCH_TREE": str(tree), "PYTHONPATH": str(tree)},
            cwd=tree,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, tree in trees.items()
    }
    found: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    try:
        for run in range(runs + 1):  # run 0 warms each worker; not counted
            for name in list(trees) if run % 2 else reversed(list(trees)):
                workers[name].stdin.write("go\n")
                workers[name].stdin.flush()
                figures = json.loads(workers[name].stdout.readline())
                if run:
                    found[name].append(figures)
    finally:
        for process in workers.values():
            process.stdin.close()
            process.wait()
    loads = [figures["load"] for every in found.values() for figures in every]
    print(f"save, {runs} alternating saves per tree ({items} items), load average {min(loads):.1f}–{max(loads):.1f}")
    for name, every in found.items():
        wall = statistics.median(figures["ours"] / figures["floor"] for figures in every)
        cpu = statistics.median(figures["ours_cpu"] / figures["floor_cpu"] for figures in every)
        ours = statistics.median(figures["ours"] for figures in every)
        floor = statistics.median(figures["floor"] for figures in every)
        print(
            f"  {name:6s} {trees[name]}: save {ours * 1000:.0f} ms, floor {floor * 1000:.0f} ms; "
            f"save ÷ floor per run, median: wall {wall:.2f}×, CPU {cpu:.2f}×"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--compare", type=Path, metavar="TREE", help="against another tree, save by save")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--later", action="store_true", help="repositories with REPORT.md (every save but the first)")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.items)
        return 0
    if args.compare is not None:
        compare(args.compare, args.runs, args.items)
        return 0
    results = measure(args.runs, args.items)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
