"""Torn writes: real writer processes ``kill -9``-ed mid-write, and journals cut at every kind of byte.

A reader must only ever see a whole file, old or new (never half of one), and
the journal must give back every event that was whole before the tear and go
on appending cleanly after it.

The writers are real processes: a small server (this module run with
``python -c``, calling :func:`zygote`) imports everything once, then forks one
writer per round, which the test kills with SIGKILL. A writer reports
``start <what> <n>`` before each write and ``done <what> <n>`` once it
returned, so after a kill the test knows which versions may be on disk: the
last one done, or the one in flight.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.domain.events import Heartbeat, NotesSet, stamp
from meetingtui.domain.events import MeetingEvent as Event
from meetingtui.domain.minutes import ActionItem, Decision, Minutes, SegmentRecord, SegmentStatus
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.files import TEMP_PREFIX, atomic_write_text, remove_stray_temp_files
from meetingtui.store.journal import JOURNAL_NAME, Journal, find_interrupted
from meetingtui.store.markdown import render_markdown
from meetingtui.store.minutes_store import load_minutes, save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.e2e.helpers_pty import app_env
from tests.saving_agenda import SHORT

# Kills must land inside writes: at memory's pace too few do (2 of 24 in a trial), so this runs on disk.
pytestmark = pytest.mark.on_disk

SEED = 424242
KILLS = 24
JOURNAL_KILLS = 16
BIG = "big.toml"
BIG_LINES = 40000
START = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
PROJECT = Path(__file__).resolve().parents[2]


# -- what the writers write: deterministic from a generation number -----------------------------


def big_document(generation: int) -> str:
    """About 4 MB of TOML that says which generation it is and carries a digest of its payload."""
    payload = "".join(f"line {i} of generation {generation}: {'x' * (60 + i % 41)}\n" for i in range(BIG_LINES))
    digest = hashlib.sha256(payload.encode()).hexdigest()
    return f"generation = {generation}\ndigest = \"{digest}\"\npayload = '''\n{payload}'''\n"


@functools.cache
def big_minutes(generation: int) -> Minutes:
    """Minutes with hundreds of actions and long notes (a few hundred KB of TOML and Markdown)."""
    notes = "\n".join(
        f"Generation {generation}, note line {i}: pricing, webinar, churn — “quoted” ✓" for i in range(400)
    )
    return Minutes(
        id="2026-11-27-weekly-sync.kq7m2xtp",
        title=f"Weekly sync generation {generation}",
        agenda="weekly-sync",
        date=START.date(),
        started_at=START,
        ended_at=START + dt.timedelta(minutes=47),
        facilitator="Dana",
        segments=[
            SegmentRecord(
                title=f"Segment {s}",
                team=Team.SALES,
                planned_seconds=600,
                actual_seconds=655,
                status=SegmentStatus.DONE,
                notes=notes,
            )
            for s in range(3)
        ],
        actions=[
            ActionItem(
                id=f"2026-11-27-weekly-sync.kq7m2xtp#{i + 1}",
                text=f"Action {i} of generation {generation}",
                owner="Sam",
                team=Team.MARKETING,
                due=dt.date(2026, 12, 4),
            )
            for i in range(400)
        ],
        decisions=[Decision(text=f"Decision {i} of generation {generation}") for i in range(200)],
    )


@functools.cache
def big_markdown(generation: int) -> str:
    return render_markdown(big_minutes(generation))


def journal_event(n: int) -> Event:
    """A notes event of ~1 MB with multi-byte characters, so that a kill can land inside its line."""
    text = f"event {n} " + "naïve café — 日本語 ✓ " * 50000
    return stamp(NotesSet(index=0, text=text), 1000.0 + n, START + dt.timedelta(seconds=n))


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def write_forever(mode: str, folder: Path, first: int) -> None:
    """One writer: rewrites big files (``files``) or appends to a journal (``journal``) until it is killed.

    The content is made before "start", so that the reports bracket the writes alone.
    """
    if mode == "files":
        repo = MinutesRepo(folder)
        for generation in range(first, first + 1_000_000):
            text = big_document(generation)
            _say(f"start big {generation}")
            atomic_write_text(folder / BIG, text)
            _say(f"done big {generation}")
            minutes = big_minutes(generation)
            _say(f"start minutes {generation}")
            save_minutes(repo, minutes, record=True)  # as a meeting saves: its own file again
            _say(f"done minutes {generation}")
    else:
        journal = Journal.reopen(folder / JOURNAL_NAME)  # as `meetingtui resume` does after a crash
        for n in range(first, first + 1_000_000):
            event = journal_event(n)
            _say(f"start journal {n}")
            journal.append(event)
            _say(f"done journal {n}")


def zygote(argv: list[str]) -> None:
    """``MODE FOLDER``: for each ``go FIRST`` on stdin, fork a writer; report ``pid P``, then ``dead P SIG``."""
    mode, folder = argv[0], Path(argv[1])
    for command in sys.stdin:
        first = int(command.split()[1])
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(mode, folder, first)
            finally:
                os._exit(3)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {pid} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)}")


# -- running and killing writers ------------------------------------------------------------------


class Writers:
    """The zygote process, and the reports of the writers it forks."""

    def __init__(self, mode: str, folder: Path) -> None:
        code = "import sys; from tests.e2e.test_torn_writes import zygote; zygote(sys.argv[1:])"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, mode, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
            env=app_env(),
        )
        self.lines: list[tuple[float, str]] = []
        self.arrived = threading.Condition()  # a writer reports thousands of lines a second: wait, don't poll
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.took: dict[str, list[float]] = {}

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.arrived:
                self.lines.append((time.monotonic(), line.strip()))
                self.arrived.notify_all()

    def _find(self, since: int, wanted: Callable[[str], bool], what: str, timeout: float = 30.0) -> int:
        """The index of the first line from ``since`` that is ``wanted``, each line looked at once."""
        deadline = time.monotonic() + timeout
        looked = since
        with self.arrived:
            while True:
                for index in range(looked, len(self.lines)):
                    if wanted(self.lines[index][1]):
                        return index
                looked = len(self.lines)
                assert self.proc.poll() is None, f"the writer server died: {self.proc.returncode}"
                left = deadline - time.monotonic()
                assert left > 0, f"no {what!r} from the writers; last: {self.lines[-5:]}"
                self.arrived.wait(min(left, 0.05))

    def _wait(self, since: int, line: str) -> int:
        return self._find(since, line.__eq__, line)

    def round(self, first: int, what: str, number: int, delay: float) -> list[tuple[str, str, int]]:
        """Fork a writer starting at ``first``; kill it ``delay`` seconds after it starts writing ``what number``.

        Returns its reports as (start|done, what, n).
        """
        since = len(self.lines)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {first}\n")
        self.proc.stdin.flush()
        pid_at = self._wait_prefix(since, "pid ")
        pid = int(self.lines[pid_at][1].split()[1])
        self._wait(pid_at, f"start {what} {number}")
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        dead_at = self._wait(pid_at, f"dead {pid} {int(signal.SIGKILL)}")
        reports = []
        starts: dict[tuple[str, str], float] = {}
        for at, line in self.lines[pid_at + 1 : dead_at]:
            kind, name, number_text = line.split()
            reports.append((kind, name, int(number_text)))
            if kind == "start":
                starts[name, number_text] = at
            else:
                self.took.setdefault(name, []).append(at - starts[name, number_text])
        return reports

    def _wait_prefix(self, since: int, prefix: str) -> int:
        return self._find(since, lambda line: line.startswith(prefix), prefix)

    def typical(self, what: str, guess: float) -> float:
        """The median time a write of ``what`` took so far."""
        return statistics.median(self.took.get(what) or [guess])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)


def allowed(reports: list[tuple[str, str, int]], what: str, before: int | None) -> set[int | None]:
    """What a file may hold after a kill: the last version done (else what was there before), or the one in
    flight."""
    done = [n for kind, w, n in reports if kind == "done" and w == what]
    started = [n for kind, w, n in reports if kind == "start" and w == what]
    result: set[int | None] = {done[-1] if done else before}
    if started and (not done or started[-1] > done[-1]):
        result.add(started[-1])
    return result


def big_generation(path: Path) -> int | None:
    """The generation in ``big.toml``, after checking it is whole; None when absent."""
    if not path.exists():
        return None
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert hashlib.sha256(document["payload"].encode()).hexdigest() == document["digest"], "torn payload"
    assert document["payload"].count("\n") == BIG_LINES
    return document["generation"]


def minutes_generation(path: Path) -> int | None:
    """The generation of the saved minutes TOML, after checking it is whole; None when absent."""
    if not path.exists():
        return None
    tomllib.loads(path.read_text(encoding="utf-8"))  # a plain TOML parser reads it
    minutes = load_minutes(path)
    generation = int(minutes.title.rsplit(" ", 1)[1])
    assert minutes == big_minutes(generation), "the minutes file is not a whole generation"
    return generation


def markdown_generation(path: Path, candidates: set[int | None]) -> int | None:
    """Which of ``candidates`` the Markdown is, byte for byte (it must be one of them)."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    for generation in candidates - {None}:
        if text == big_markdown(generation):
            return generation
    raise AssertionError(f"{path.name} is none of the generations {candidates}: torn or mixed")


def test_killed_writers_leave_old_or_new_files_never_half(git_repo: Path) -> None:
    rng = random.Random(SEED)
    repo = MinutesRepo(git_repo)
    toml_path = repo.minutes_dir / "2026" / "2026-11-27-weekly-sync.toml"
    md_path = toml_path.with_suffix(".md")
    on_disk: dict[str, int | None] = {"big": None, "minutes": None, "md": None}
    strays_seen = 0
    first = 0
    writers = Writers("files", git_repo)
    try:
        for kill in range(KILLS):
            what = rng.choice(["big", "minutes"])
            delay = rng.uniform(0.0, 1.3 * writers.typical(what, 0.02))  # mostly inside the write
            reports = writers.round(first, what, first + rng.randrange(2), delay)
            context = f"kill {kill} (seed {SEED}) {delay:.4f} s into {what}: reports {reports[-3:]}"

            big = big_generation(git_repo / BIG)
            assert big in allowed(reports, "big", on_disk["big"]), context
            minutes = minutes_generation(toml_path)
            assert minutes in allowed(reports, "minutes", on_disk["minutes"]), context
            markdown = markdown_generation(md_path, allowed(reports, "minutes", on_disk["md"]))
            on_disk = {"big": big, "minutes": minutes, "md": markdown}

            strays = sorted(git_repo.rglob(f"{TEMP_PREFIX}*"))
            strays_seen += bool(strays)
            assert sorted(remove_stray_temp_files(git_repo)) == strays
            assert not list(git_repo.rglob(f"{TEMP_PREFIX}*"))
            assert (git_repo / BIG).exists() == (big is not None), "cleaning removed a real file"
            assert toml_path.exists() == (minutes is not None) and md_path.exists() == (markdown is not None)
            first = max([n for _, _, n in reports], default=first) + 1
    finally:
        writers.close()
    print(
        f"{strays_seen} of {KILLS} kills left temp files; typical write {writers.typical('big', 0):.3f} s (big), "
        f"{writers.typical('minutes', 0):.3f} s (minutes)"
    )
    assert strays_seen >= 3, f"only {strays_seen} of {KILLS} kills landed inside a write: the test proves little"
    assert on_disk["big"] is not None and on_disk["minutes"] is not None


def test_killed_journal_writer_keeps_every_acknowledged_event(tmp_path: Path) -> None:
    """Writers append big events and are killed mid-append; each next one reopens the journal, as resume does."""
    rng = random.Random(SEED + 1)
    repo = MinutesRepo(tmp_path)
    name, agenda = resolve_agenda(SHORT, repo)
    Journal.create(repo.state_dir, agenda, name, "2026-11-27-rehearsal", None).close()
    kept: list[int] = []
    torn = 0
    first = 0
    writers = Writers("journal", repo.state_dir)
    try:
        for kill in range(JOURNAL_KILLS):
            delay = rng.uniform(0.0, 1.3 * writers.typical("journal", 0.01))
            reports = writers.round(first, "journal", first + rng.randrange(3), delay)
            acknowledged = kept + [n for kind, _, n in reports if kind == "done"]
            torn += not (repo.state_dir / JOURNAL_NAME).read_bytes().endswith(b"\n")
            found = find_interrupted(repo.state_dir)
            assert found is not None, f"kill {kill}: the journal is unreadable"
            numbers = [int(event.text.split(maxsplit=2)[1]) for event in found.events]
            assert numbers[: len(acknowledged)] == acknowledged, f"kill {kill}: acknowledged events lost"
            assert len(numbers) - len(acknowledged) <= 1, "only the event in flight may be there unacknowledged"
            assert all(event == journal_event(n) for event, n in zip(found.events, numbers, strict=True))
            kept = numbers  # in the journal now: it must stay there
            first = max([n for _, _, n in reports], default=first) + 1
    finally:
        writers.close()
    assert len(kept) > JOURNAL_KILLS
    print(f"{torn} of {JOURNAL_KILLS} kills left a torn line; typical append {writers.typical('journal', 0):.4f} s")


# -- journals cut at any byte ---------------------------------------------------------------------


def recorded_journal(root: Path) -> tuple[bytes, list[Event]]:
    """A real journal of a rehearsal with captures, notes in several scripts, moves and beats."""
    clock = ManualClock(START)
    repo = MinutesRepo(root)
    name, agenda = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(
        repo, name, agenda, facilitator="Dana", options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    events: list[Event] = []
    session.subscribe(events.append)  # each event is journaled before listeners hear it: the same stream, in order
    meeting = session.meeting
    meeting.start()
    for step in range(6):
        clock.advance(7)
        meeting.capture("decisions", text=f"Décision {step}: naïve “quotes” — 日本語")
        meeting.capture("actions", text=f"Action {step} ✓", owner="Sam")
        meeting.set_notes(meeting.index, f"notes up to step {step}\n" + "é" * step * 10)
        meeting.heartbeat()
        if step % 2:
            meeting.next()
        meeting.adjust(60)
    session.journal.close()
    return (repo.state_dir / JOURNAL_NAME).read_bytes(), events


def test_journal_torn_at_any_byte_keeps_what_was_whole_and_appends_cleanly(git_repo: Path, tmp_path: Path) -> None:
    data, events = recorded_journal(git_repo)
    line_ends = [i for i, byte in enumerate(data) if byte == ord("\n")]
    assert len(line_ends) == len(events) + 1
    rng = random.Random(SEED + 2)
    offsets = {0, len(data)} | {rng.randrange(len(data)) for _ in range(60)}
    offsets |= {end + delta for end in line_ends for delta in (-1, 0, 1) if 0 <= end + delta <= len(data)}
    folder = tmp_path / "state"
    folder.mkdir()
    path = folder / JOURNAL_NAME
    extra = stamp(Heartbeat(), 9999.0, START + dt.timedelta(hours=1))
    for offset in sorted(offsets):
        path.write_bytes(data[:offset])
        whole = sum(1 for end in line_ends if end <= offset)  # lines whose JSON is all there (newline or not)
        found = find_interrupted(folder)
        if whole == 0:
            assert found is None, f"cut at {offset}: a torn header cannot name a meeting"
            continue
        assert found is not None, f"cut at {offset}"
        assert found.events == events[: whole - 1], f"cut at {offset}: expected the first {whole - 1} events"

        journal = Journal.reopen(path)
        journal.append(extra)
        journal.close()
        text = path.read_bytes()
        assert text.endswith(b"\n") and all(json.loads(line) for line in text.splitlines()), f"cut at {offset}"
        again = find_interrupted(folder)
        assert again is not None and again.events == [*events[: whole - 1], extra], f"cut at {offset}"


def test_a_line_torn_in_the_middle_stops_the_reading_there(tmp_path: Path) -> None:
    """A journal is only ever torn at its end; if a bad line sits in the middle, nothing after it is trusted."""
    data, events = recorded_journal(tmp_path / "repo")
    lines = data.split(b"\n")
    folder = tmp_path / "state"
    folder.mkdir()
    broken = b"\n".join([*lines[:5], lines[5][:20], *lines[6:]])
    (folder / JOURNAL_NAME).write_bytes(broken)
    found = find_interrupted(folder)
    assert found is not None and found.events == events[:4]
    journal = Journal.reopen(folder / JOURNAL_NAME)  # new events follow the last good one, not the bad line
    journal.append(events[4])
    journal.close()
    assert find_interrupted(folder).events == events[:5]
