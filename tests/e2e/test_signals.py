"""SIGTERM, SIGHUP and a closed terminal: the real app flushes, exits, and the meeting resumes.

Textual alone does not handle these: without the app's handlers a SIGTERM
would kill the process with the last half second of notes still in the
editor's debounce. The notes here are typed and the signal sent at once (well
under the one-second window), so only the handler's flush can save them.
"""

from __future__ import annotations

import signal
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from meetingtui.domain.events import Heartbeat
from meetingtui.domain.meeting import Meeting
from meetingtui.store.journal import JOURNAL_NAME, find_interrupted
from meetingtui.store.repo import MinutesRepo
from tests.e2e.helpers_pty import ENTER, START_TIMEOUT, PtyApp, spawn_meetingtui
from tests.saving_agenda import SHORT

NOT_SAVED = 1
PROMPT_EXIT = 5.0
"""Seconds a signalled app may take to flush and exit (it needs far less; this is for a loaded machine)."""


def send_sigterm(app: PtyApp) -> None:
    app.signal(signal.SIGTERM)


def send_sighup(app: PtyApp) -> None:
    app.signal(signal.SIGHUP)


def close_terminal(app: PtyApp) -> None:
    app.close_master()


ENDINGS: dict[str, Callable[[PtyApp], None]] = {
    "sigterm": send_sigterm,
    "sighup": send_sighup,
    "closed-terminal": close_terminal,
}


def drive_meeting(app: PtyApp, token: str) -> None:
    """Start the clock, go to the second segment, capture a decision, then type notes and stay in the editor."""
    app.wait_for("Start/pause", timeout=START_TIMEOUT)
    mark = app.mark()
    app.send(" n")
    app.wait_for("Segment 2 of 4", since=mark)
    mark = app.mark()
    app.send("d")
    app.wait_for("enter save", since=mark)
    mark = app.mark()
    app.send(f"ok {token}{ENTER}")
    app.wait_for(f"DECIDED ok {token}", since=mark)
    mark = app.mark()
    app.send("e")
    app.wait_for("Leave notes", since=mark)
    mark = app.mark()
    app.send(f"said {token}")
    app.wait_for(f"said {token}", since=mark)  # drawn: the app has every key, the debounce is still running


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_signal_flushes_notes_and_leaves_the_meeting_resumable(git_repo: Path, ending: str) -> None:
    state_dir = MinutesRepo(git_repo).state_dir
    token = ending[:6]  # short: the Captured panel must not wrap it
    # Forked from a process that imported the app already (tests/forked_cli.py): the handlers and the way out are
    # the app's own; the start from `python -m meetingtui` is the next test's.
    with spawn_meetingtui(git_repo, "run", SHORT, forked=True) as app:
        drive_meeting(app, token)
        sent = time.monotonic()
        ENDINGS[ending](app)
        status = app.wait_exit(timeout=PROMPT_EXIT + 5)
        took = time.monotonic() - sent
    assert took < PROMPT_EXIT, f"{ending}: the app took {took:.1f} s to exit"
    assert status == NOT_SAVED, f"{ending}: exit status {status}"

    found = find_interrupted(state_dir)
    assert found is not None, f"{ending}: no journal to resume"
    lines = (state_dir / JOURNAL_NAME).read_bytes().split(b"\n")
    assert lines[-1] == b"", "the journal ends on a complete line"
    meeting, _ = Meeting.replay(
        found.agenda, found.agenda_name, found.minutes_id, found.events, facilitator=found.facilitator
    )
    assert [d.text for d in meeting.decisions] == [f"ok {token}"]
    assert meeting.index == 1
    assert meeting.segments[1].notes == f"said {token}", f"{ending}: the notes in the editor were not flushed"
    assert isinstance(found.events[-1], Heartbeat), "the clock was running: its position is recorded on the way out"

    # `meetingtui resume` continues it: the notes and the decision are back on screen; then save.
    with spawn_meetingtui(git_repo, "resume", forked=True) as app:
        app.wait_for("Segment 2 of 4", f"DECIDED ok {token}", f"said {token}", "Start/pause", timeout=START_TIMEOUT)
        mark = app.mark()
        app.send("q")
        app.wait_for("Save & commit", since=mark)
        mark = app.mark()
        app.send(ENTER)
        app.wait_for("Press q to quit", since=mark)
        app.send("q")
        assert app.wait_exit() == 0
    (toml_path,) = (git_repo / "minutes").rglob("*.toml")
    minutes = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    assert [d["text"] for d in minutes["decisions"]] == [f"ok {token}"]
    assert minutes["segments"][1]["notes"] == f"said {token}"
    assert find_interrupted(state_dir) is None, "a saved meeting leaves no journal behind"


def test_sigterm_before_the_meeting_starts_leaves_it_resumable(git_repo: Path) -> None:
    """Nothing captured yet, clock stopped: the journal still names the meeting, and resume opens it."""
    state_dir = MinutesRepo(git_repo).state_dir
    with spawn_meetingtui(git_repo, "run", SHORT) as app:
        app.wait_for("Start/pause", timeout=START_TIMEOUT)
        app.signal(signal.SIGTERM)
        assert app.wait_exit(timeout=PROMPT_EXIT) == NOT_SAVED
    found = find_interrupted(state_dir)
    assert found is not None and found.events == [] and not found.started
    with spawn_meetingtui(git_repo, "resume") as app:
        app.wait_for("Segment 1 of 4", "space to start", timeout=START_TIMEOUT)
        app.signal(signal.SIGHUP)
        assert app.wait_exit(timeout=PROMPT_EXIT) == NOT_SAVED
    assert find_interrupted(state_dir) is not None
