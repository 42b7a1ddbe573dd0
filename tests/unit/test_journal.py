"""The crash journal: what it writes, what it reads back, when it syncs, and where it lives."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.events import (
    CaptureKind,
    ClockStarted,
    Heartbeat,
    ItemCaptured,
    MeetingEvent,
    NotesSet,
    TimeAdjusted,
    stamp,
)
from meetingtui.domain.meeting import Meeting
from meetingtui.domain.minutes import Decision
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import (
    JOURNAL_NAME,
    Journal,
    JournalWriteError,
    find_interrupted,
    kept_aside,
    read_journal,
)
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT

WALL = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def agenda(tmp_path: Path) -> Agenda:
    return resolve_agenda("weekly-sync", MinutesRepo(tmp_path / "no-repo"))[1]


def event(n: int, unstamped: MeetingEvent | None = None) -> MeetingEvent:
    return stamp(unstamped or Heartbeat(), 1000.0 + n + 0.125, WALL + dt.timedelta(seconds=n, microseconds=250))


def test_header_and_events_round_trip(tmp_path: Path, agenda: Agenda) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", "Dana")
    events = [
        event(0, ClockStarted()),
        event(1, NotesSet(index=0, text="naïve “quotes” — 日本語\nline two")),
        event(2, ItemCaptured(kind=CaptureKind.DECISIONS, item=Decision(text="Ship it", segment="Pipeline"))),
        event(3, TimeAdjusted(seconds=-60)),
        event(4),
    ]
    for item in events:
        journal.append(item)
    journal.close()

    found = find_interrupted(tmp_path)
    assert found is not None
    assert found.path == tmp_path / JOURNAL_NAME
    assert found.agenda == agenda
    assert (found.agenda_name, found.minutes_id, found.facilitator) == ("weekly-sync", "2026-11-27-weekly-sync", "Dana")
    assert found.events == events  # times, time zones, microseconds and text come back exactly
    assert found.started
    lines = (tmp_path / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["header"] + ["event"] * len(events)


def test_a_recorded_meeting_replays_to_the_same_minutes(tmp_path: Path, agenda: Agenda) -> None:
    clock = ManualClock(WALL)
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    meeting = Meeting(agenda, "weekly-sync", "2026-11-27-weekly-sync", clock=clock.now, wall=clock.wall)
    meeting.record = journal.append
    meeting.start()
    clock.advance(95)
    meeting.capture("actions", text="Draft the one-pager", owner="Dana")
    meeting.set_notes(0, "Pricing came up twice")
    meeting.next()
    clock.advance(30)
    meeting.adjust(60)
    meeting.end()
    journal.close()

    found = find_interrupted(tmp_path)
    assert found is not None
    replayed, _ = Meeting.replay(
        found.agenda, found.agenda_name, found.minutes_id, found.events, clock=clock.now, wall=clock.wall
    )
    assert replayed.to_minutes() == meeting.to_minutes()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json at all\n",
        b'{"type": "header", "version": 1, "agenda": {"title": "x"',  # torn inside the header
        b'{"type": "event", "op": "start", "t": 1, "wall": "2026-11-27T10:00:00+01:00", "args": {}}\n',  # no header
        b'{"type": "header", "version": 1, "agenda": {"title": "No segments"}, '
        b'"agenda_name": "x", "minutes_id": "y"}\n',
        b'{"type": "header", "version": 1, "agenda_name": "x", "minutes_id": "y"}\n',  # no agenda
        b"[1, 2, 3]\n",
        b"\xff\xfe\x00garbage\n",
    ],
)
def test_an_unreadable_header_is_no_meeting(tmp_path: Path, content: bytes) -> None:
    (tmp_path / JOURNAL_NAME).write_bytes(content)
    assert find_interrupted(tmp_path) is None


def test_no_journal_is_no_meeting(tmp_path: Path) -> None:
    assert find_interrupted(tmp_path) is None
    assert find_interrupted(tmp_path / "missing") is None


def test_every_append_is_flushed_then_fsynced(tmp_path: Path, agenda: Agenda, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync(fd: int) -> None:
        # What is on disk when the file is fsynced must already hold the whole event.
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append(len((tmp_path / JOURNAL_NAME).read_bytes().splitlines()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    for n in range(5):
        journal.append(event(n))
        assert synced == list(range(2, n + 3)), "one fsync of the file per append, after the line was written"
    journal.close()
    assert len(synced) == 5


def test_a_new_journal_is_made_durable_with_its_first_event(
    tmp_path: Path, agenda: Agenda, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls: list[str] = []
    monkeypatch.setattr(
        os,
        "fsync",
        lambda fd: (calls.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"), real_fsync(fd)),
    )
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    assert calls == []  # a header alone holds nothing to resume: the first frame does not wait for the disk
    journal.append(event(0, ClockStarted()))
    assert calls == ["file", "folder"]  # the header and the event, then the new file's name, before it is applied
    journal.append(event(1))
    assert calls == ["file", "folder", "file"]
    journal.close()
    assert find_interrupted(tmp_path) is not None


def test_discard_removes_the_journal(tmp_path: Path, agenda: Agenda) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.append(event(0, ClockStarted()))
    journal.discard()
    assert not (tmp_path / JOURNAL_NAME).exists()
    assert find_interrupted(tmp_path) is None
    journal.discard()  # twice is harmless


def test_appending_after_close_is_an_error_not_a_silent_loss(tmp_path: Path, agenda: Agenda) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.close()
    with pytest.raises(JournalWriteError, match="the journal is closed"):
        journal.append(event(0))


def test_reopen_appends_after_the_last_event(tmp_path: Path, agenda: Agenda) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.append(event(0, ClockStarted()))
    journal.close()
    for n in (1, 2):  # resume after resume
        journal = Journal.reopen(tmp_path / JOURNAL_NAME)
        journal.append(event(n))
        journal.close()
    assert find_interrupted(tmp_path).events == [event(0, ClockStarted()), event(1), event(2)]


def test_reopen_drops_a_torn_line_and_keeps_a_whole_one_that_lost_its_newline(tmp_path: Path, agenda: Agenda) -> None:
    path = tmp_path / JOURNAL_NAME
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.append(event(0, ClockStarted()))
    journal.append(event(1))
    journal.close()
    whole = path.read_bytes()

    path.write_bytes(whole[:-1])  # the crash fell between the record and its newline: the record is whole
    assert find_interrupted(tmp_path).events == [event(0, ClockStarted()), event(1)]
    journal = Journal.reopen(path)
    journal.append(event(2))
    journal.close()
    assert find_interrupted(tmp_path).events == [event(0, ClockStarted()), event(1), event(2)]

    path.write_bytes(whole[:-10])  # torn inside the last record
    assert find_interrupted(tmp_path).events == [event(0, ClockStarted())]
    journal = Journal.reopen(path)
    journal.append(event(3))
    journal.close()
    assert find_interrupted(tmp_path).events == [event(0, ClockStarted()), event(3)]


def test_a_new_meeting_never_overwrites_an_interrupted_one(tmp_path: Path, agenda: Agenda) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.append(event(0, ClockStarted()))
    journal.append(event(1, ItemCaptured(kind=CaptureKind.DECISIONS, item=Decision(text="Keep me"))))
    journal.close()  # crashed; then someone runs `meetingtui run weekly-sync` instead of `resume`

    Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync-2", None).close()
    assert find_interrupted(tmp_path).minutes_id == "2026-11-27-weekly-sync-2"
    (kept,) = kept_aside(tmp_path)
    old = read_journal(kept)
    assert old is not None and old.minutes_id == "2026-11-27-weekly-sync" and len(old.events) == 2


def test_a_journal_without_events_is_simply_replaced(tmp_path: Path, agenda: Agenda) -> None:
    Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None).close()
    Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None).close()
    assert kept_aside(tmp_path) == []


def test_the_journal_lives_in_the_user_state_folder_not_in_the_repository(git_repo: Path, isolated_user: Path) -> None:
    repo = MinutesRepo(git_repo)
    name, agenda = resolve_agenda(SHORT, repo)
    clock = ManualClock(WALL)
    session = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    session.meeting.start()
    session.meeting.capture("decisions", text="Journaled, never committed")
    session.close()

    path = session.journal.path
    assert path == repo.state_dir / JOURNAL_NAME and path.exists()
    assert path.is_relative_to(Path(os.environ["XDG_STATE_HOME"]))
    assert not path.resolve().is_relative_to(git_repo.resolve())
    status = subprocess.run(
        ["git", "-C", str(git_repo), "status", "--porcelain", "--ignored"], capture_output=True, text=True, check=True
    ).stdout
    assert status == "", "starting a meeting must leave the repository's tree untouched"
    # Two repositories never share a journal.
    other = MinutesRepo(git_repo.parent / "other")
    assert other.state_dir != repo.state_dir
