"""Nothing is lost: ``kill -9`` the real app at random moments, resume it, and count what survived.

A meeting runs as a chain of real processes in a pty: ``meetingtui run``,
then after every kill ``meetingtui resume``, which must continue from the
journal (so later links replay a journal that earlier resumes appended to).
Two such chains run side by side in two repositories, with seeded schedules.

What counts as confirmed is what the *screen* showed: a captured item is
confirmed once its kind label followed by its text is drawn (in the Captured
panel or the capture notice; the dialog's input never draws the label, so the
echo of typing cannot pass for it). That is the contract: the journal is
written before the screen confirms. Deciding "confirmed" by reading the
journal would only prove that the journal holds what the journal holds, so
the journal is read for one thing only: the clock's start, which has no words
of its own on screen. Notes are confirmed once the editor has drawn them and
one idle second has passed ("notes being typed: within a second"); leaving
the editor confirms them at once.

After each kill the journal is read with ``find_interrupted`` and replayed with
``Meeting.replay``: every confirmed item and note must be there, and nothing
that was never typed. Each resume checks the screen shows the meeting where it
was (and that stray temp files were cleaned at start). The last link fills the
Captured panel, is killed and resumed once more, and saves through the summary:
the minutes files must hold everything and the journal must be gone.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from meetingtui.domain.meeting import Meeting
from meetingtui.store.files import TEMP_PREFIX
from meetingtui.store.journal import JOURNAL_NAME, find_interrupted
from meetingtui.store.repo import MinutesRepo
from tests.e2e.helpers_pty import ENTER, START_TIMEOUT, TAB, PtyApp, spawn_meetingtui
from tests.saving_agenda import SHORT

# Its seeded schedule of kills was tuned, and has always passed, with the journal's fsyncs on a disk.
pytestmark = pytest.mark.on_disk

SEED = int(os.environ.get("MEETINGTUI_CRASH_SEED", "20261127"))
"""Change it (the environment variable) to explore other schedules; the default keeps CI repeatable."""
KILLS = 20  # issue 3: "at 20 or more random moments"
KILL_CHANCE = 0.08
NOTES_IDLE = 1.0
"""The contract: notes being typed are in the journal within a second."""
LAST_SEGMENT = 3  # rehearsal.toml has four segments; `n` on the last one would open the summary
STEP_TIMEOUT = 15.0
PANEL_FILL_ROUNDS = 4
"""Captures of each kind after the last kill: more lines than the Captured panel has at 100x30."""

KEYS = {"actions": "a", "decisions": "d", "concerns": "c", "insights": "i"}
LABELS = {"actions": "ACTION  ", "decisions": "DECIDED ", "concerns": "CONCERN ", "insights": "INSIGHT "}
WORDS = ["pricing", "webinar", "churn", "demo", "leads", "deck", "trial", "promo", "renewal", "battlecard"]


@dataclass
class Expected:
    """What the screen confirmed so far (and so what the journal must hold)."""

    items: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KEYS})
    typed: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KEYS})
    notes: dict[int, list[str]] = field(default_factory=dict)
    index: int = 0
    started: bool = False


class CrashChain:
    """One meeting driven through a chain of processes, killed and resumed."""

    def __init__(self, root: Path, rng: random.Random, seed: int) -> None:
        self.root = root
        self.rng = rng
        self.seed = seed
        self.expected = Expected()
        self.app: PtyApp | None = None
        self.counter = 0
        self.log: list[str] = []
        self.resumes_checked = 0

    @property
    def state_dir(self) -> Path:
        return MinutesRepo(self.root).state_dir

    def spawn(self, *args: str) -> PtyApp:
        self.app = spawn_meetingtui(self.root, *args, forked=True)  # ~0.4 CPU-s less a start: tests/forked_cli.py
        return self.app

    # -- the scripted meeting: each step yields the moments it may be killed at ---------------

    def next_step(self) -> Iterator[str]:
        exp = self.expected
        if not exp.started:
            return self.toggle_clock()
        choices = ["notes", "plus"]
        if exp.index >= 1:  # the review segment shows the review panel instead of the Captured panel
            choices += ["capture"] * 5
        if exp.index < LAST_SEGMENT:
            choices += ["next"] * (4 if exp.index == 0 else 1)
        choice = self.rng.choice(choices)
        if choice == "capture":
            return self.capture(self.rng.choice(list(KEYS)))
        return {"notes": self.notes, "plus": self.plus, "next": self.next_segment}[choice]()

    def toggle_clock(self) -> Iterator[str]:
        self.app.send(" ")
        yield "space sent"
        # A running clock has no words of its own on screen: the journal says when the key was handled.
        deadline = time.monotonic() + STEP_TIMEOUT
        while not ((found := find_interrupted(self.state_dir)) and found.started):
            assert time.monotonic() < deadline, "space did not start the clock"
            time.sleep(0.02)
        self.expected.started = True
        yield "clock running"

    def capture(self, kind: str) -> Iterator[str]:
        app, exp = self.app, self.expected
        self.counter += 1
        text = f"{kind[0]}{self.counter:02d} {self.rng.choice(WORDS)}"
        exp.typed[kind].add(text)
        yield f"before {kind}"
        mark = app.mark()
        app.send(KEYS[kind])
        app.wait_for("enter save", since=mark, timeout=STEP_TIMEOUT)
        cut = self.rng.randrange(1, len(text))
        app.send(text[:cut])
        yield f"typing {kind}"
        app.send(text[cut:])
        if kind == "concerns":  # the one required field after the text
            # Keys already queued for a field stay with it when tab moves the focus, so wait for the
            # caret (where the app leaves the terminal cursor) to go down to the next field first.
            app.wait_for(text, since=mark, timeout=STEP_TIMEOUT)
            row, _ = app.wait_cursor(lambda row, column: True, timeout=STEP_TIMEOUT)
            app.send(TAB)
            app.wait_cursor(lambda r, _: r > row, timeout=STEP_TIMEOUT, what="focus on the next field")
            app.send(self.rng.choice(["sales", "marketing"]))
        mark = app.mark()
        app.send(ENTER)
        yield f"enter on {kind}"
        app.wait_for(LABELS[kind] + text, since=mark, timeout=STEP_TIMEOUT)
        exp.items[kind].append(text)
        yield f"{kind} confirmed"

    def notes(self) -> Iterator[str]:
        app, exp = self.app, self.expected
        self.counter += 1
        token = f"n{self.counter:02d}x"
        segment = exp.index
        yield "before notes"
        mark = app.mark()
        app.send("e")
        app.wait_for("Leave notes", since=mark, timeout=STEP_TIMEOUT)  # the editor has focus
        mark = app.mark()
        app.send(ENTER + token[:2])  # one line per token: the narrow editor never wraps it
        yield "typing notes"
        app.send(token[2:])
        app.wait_for(token, since=mark, timeout=STEP_TIMEOUT)  # drawn: the app has every key
        drawn = time.monotonic()
        yield "notes drawn"
        time.sleep(max(0.0, drawn + NOTES_IDLE - time.monotonic()))
        exp.notes.setdefault(segment, []).append(token)
        yield "notes idle"
        mark = app.mark()
        app.escape()
        app.wait_for("Start/pause", since=mark, timeout=STEP_TIMEOUT)  # the meeting keys are back
        yield "left notes"

    def plus(self) -> Iterator[str]:
        self.app.send("+")
        yield "plus sent"

    def next_segment(self) -> Iterator[str]:
        app, exp = self.app, self.expected
        mark = app.mark()
        app.send("n")
        yield "next sent"
        app.wait_for(f"Segment {exp.index + 2} of 4", since=mark, timeout=STEP_TIMEOUT)
        exp.index += 1
        yield "next confirmed"

    # -- crash, check, resume ----------------------------------------------------------------

    def crash(self, where: str) -> None:
        """``kill -9`` now (or a moment later), then check the journal holds everything confirmed."""
        if self.rng.random() < 0.5:
            time.sleep(self.rng.uniform(0.0, 0.3))
        status = self.app.kill9()
        assert status == -signal.SIGKILL, f"the app was not killed ({status}) at {where}"
        self.app.close()
        self.log.append(where)
        self.check_journal(where)

    def check_journal(self, where: str) -> Meeting:
        found = find_interrupted(self.state_dir)
        context = f"seed {self.seed}, kill #{len(self.log)} at {where!r} (kills so far: {self.log})"
        assert found is not None, f"no resumable journal after {context}"
        meeting, _ = Meeting.replay(
            found.agenda, found.agenda_name, found.minutes_id, found.events, facilitator=found.facilitator
        )
        exp = self.expected
        for kind in KEYS:
            replayed = [item.text for item in getattr(meeting, kind)]
            missing = [text for text in exp.items[kind] if text not in replayed]
            assert not missing, f"confirmed {kind} lost: {missing} after {context}"
            assert set(replayed) <= exp.typed[kind], f"{kind} never typed: {replayed} after {context}"
            assert len(replayed) == len(set(replayed)), f"{kind} doubled: {replayed} after {context}"
            exp.items[kind] = replayed  # journaled but killed before it was drawn: it must stay from now on
        for segment, tokens in exp.notes.items():
            lost = [token for token in tokens if token not in meeting.segments[segment].notes]
            assert not lost, f"notes {lost} of segment {segment} lost after {context}"
        for index, segment in enumerate(meeting.segments):
            exp.notes[index] = [token for token in segment.notes.split() if token]
        assert meeting.index >= exp.index, f"segment {exp.index} confirmed, replay is at {meeting.index}: {context}"
        exp.index = meeting.index
        exp.started = exp.started or meeting.started
        return meeting

    def resume(self, *, may_kill: bool = True) -> None:
        """``meetingtui resume``; sometimes killed while it starts, else checked on screen."""
        stray = self.root / "minutes" / "2026" / f"{TEMP_PREFIX}{len(self.log)}"  # as a killed save leaves
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_text("half a minutes file", encoding="utf-8")
        app = self.spawn("resume")
        if may_kill and self.rng.random() < 0.15:
            time.sleep(self.rng.uniform(0.0, 1.0))
            self.crash("while resuming")
            self.resume()
            return
        exp = self.expected
        needles = ["Start/pause", f"Segment {exp.index + 1} of 4"]
        if exp.index >= 1:  # the review segment shows the review list where the notes and Captured panels go
            needles += exp.notes.get(exp.index, [])[:3]  # the top of this segment's notes, in the editor
            captured = [(kind, text) for kind, texts in exp.items.items() for text in texts]
            if captured:  # the Captured panel (newest last, scrolled to the end) shows the newest
                kind, text = max(captured, key=lambda item: typed_order(item[1]))
                needles.append(LABELS[kind] + text)
        app.wait_for(*needles, timeout=START_TIMEOUT)
        # Cleaned with the first history read, in its worker just after the first frame (the walk grows with
        # the history): give it the time a start has.
        deadline = time.monotonic() + START_TIMEOUT
        while stray.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not stray.exists(), "stray temp files from an interrupted write are cleaned up at start"
        self.resumes_checked += 1

    def finish(self) -> Path:
        """End the meeting through the summary (q, enter, q); returns the minutes TOML."""
        app = self.app
        mark = app.mark()
        app.send("q")
        app.wait_for("Save & commit", since=mark, timeout=STEP_TIMEOUT)
        mark = app.mark()
        app.send(ENTER)
        app.wait_for("Not committed (--no-commit)", "Press q to quit", since=mark, timeout=STEP_TIMEOUT)
        app.send("q")
        assert app.wait_exit(timeout=STEP_TIMEOUT) == 0
        app.close()
        (toml_path,) = (self.root / "minutes").rglob("*.toml")
        return toml_path


def typed_order(text: str) -> int:
    """Where a captured text came in the meeting: the counter after its kind's letter ("a07 demo" is 7th)."""
    return int(text.split()[0][1:])


def run_chain(root: Path, seed: int, kills: int) -> tuple[CrashChain, Path]:
    """Run one meeting to its end through ``kills`` crashes; returns the chain and the saved minutes."""
    rng = random.Random(seed)
    chain = CrashChain(root, rng, seed)
    chain.spawn("run", SHORT)
    chain.app.wait_for("Start/pause", timeout=START_TIMEOUT)
    try:
        while len(chain.log) < kills:
            step = chain.next_step()
            for where in step:
                if rng.random() < KILL_CHANCE:
                    step.close()
                    chain.crash(where)
                    chain.resume()
                    break
        # Enough items of every kind to overflow the Captured panel: each new one must still be on screen.
        steps = [chain.next_segment()] if chain.expected.index == 0 else []
        steps += [chain.capture(kind) for kind in list(KEYS) * PANEL_FILL_ROUNDS]
        for step in steps:
            for _ in step:
                pass
        chain.crash("after the panel filled")
        chain.resume(may_kill=False)  # the resumed screen must show the newest items of a full panel too
        return chain, chain.finish()
    finally:
        if chain.app is not None:
            chain.app.close()


def check_minutes(chain: CrashChain, toml_path: Path) -> None:
    """The saved minutes hold everything the journal held at the last kill, and all confirmed since."""
    minutes = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    exp = chain.expected
    for kind in KEYS:
        saved = [item["text"] for item in minutes.get(kind, [])]
        assert saved == exp.items[kind], f"{kind} in the minutes differ from the journal (seed {chain.seed})"
    for segment, tokens in exp.notes.items():
        notes = minutes["segments"][segment].get("notes", "")
        assert all(token in notes for token in tokens), f"segment {segment} notes lost in the minutes: {tokens}"
    # A saved meeting leaves nothing to resume.
    assert not (chain.state_dir / JOURNAL_NAME).exists()
    assert find_interrupted(chain.state_dir) is None


def test_kill_9_at_random_moments_loses_nothing_confirmed(git_repo: Path, tmp_path: Path) -> None:
    """Two meetings in two repositories side by side (two cores), 10 kills each."""
    second = tmp_path / "second-repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(second)], check=True)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(run_chain, root, SEED + n, KILLS // 2) for n, root in enumerate((git_repo, second))]
        results = [run.result() for run in runs]
    for chain, toml_path in results:
        check_minutes(chain, toml_path)
        exp = chain.expected
        print(
            f"seed {chain.seed}: {len(chain.log)} kills at {chain.log}; kept "
            f"{ {kind: len(texts) for kind, texts in exp.items.items()} }, notes {exp.notes}"
        )
    print(f"{time.monotonic() - started:.1f} s")
    chains = [chain for chain, _ in results]
    assert sum(len(chain.log) for chain in chains) >= KILLS
    assert sum(len(texts) for chain in chains for texts in chain.expected.items.values()) >= 10, (
        "the script confirmed too few items to prove much"
    )
    assert sum(len(tokens) for chain in chains for tokens in chain.expected.notes.values()) >= 3, (
        "the script confirmed too few notes to prove much (another MEETINGTUI_CRASH_SEED may)"
    )
    assert sum(chain.resumes_checked for chain in chains) >= 6
