"""Journal first: an event the journal could not make durable is not applied, not announced, and leaves no trace."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.events import CaptureKind, ClockStarted, Heartbeat, MeetingEvent, NotesSet, stamp
from meetingtui.domain.meeting import Meeting
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import JOURNAL_NAME, Journal, JournalWriteError, read_journal
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT

WALL = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def agenda(tmp_path: Path) -> Agenda:
    return resolve_agenda("weekly-sync", MinutesRepo(tmp_path / "no-repo"))[1]


def beat(n: int) -> MeetingEvent:
    return stamp(Heartbeat(), 1000.0 + n, WALL + dt.timedelta(seconds=n))


def torn_then(error: int):
    """A low-level write that puts half the bytes on disk, then fails like a disk that filled up or broke."""

    def put(fd: int, data: bytes, offset: int) -> None:
        os.pwrite(fd, data[: len(data) // 2], offset)
        raise OSError(error, os.strerror(error))

    return put


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO])
def test_a_failed_append_leaves_the_file_as_it_was_and_the_next_one_follows_the_last_good_record(
    tmp_path: Path, agenda: Agenda, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.append(beat(0))
    before = (tmp_path / JOURNAL_NAME).read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(Journal, "_put", staticmethod(torn_then(error)))
        with pytest.raises(JournalWriteError, match=os.strerror(error)) as failed:
            journal.append(beat(1))
    assert failed.value.errno == error
    assert (tmp_path / JOURNAL_NAME).read_bytes() == before  # the torn half was cut off again
    journal.append(beat(2))
    journal.close()
    found = read_journal(tmp_path / JOURNAL_NAME)
    assert found is not None and found.events == [beat(0), beat(2)]


def test_when_even_cutting_fails_the_torn_bytes_go_before_the_next_append(
    tmp_path: Path, agenda: Agenda, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    journal.append(beat(0))
    before = (tmp_path / JOURNAL_NAME).read_bytes()

    def no_truncate(fd: int, length: int) -> None:
        raise OSError(errno.EIO, "the disk is gone")

    with monkeypatch.context() as patch:
        patch.setattr(Journal, "_put", staticmethod(torn_then(errno.EIO)))
        patch.setattr(os, "ftruncate", no_truncate)
        with pytest.raises(JournalWriteError):
            journal.append(stamp(NotesSet(index=0, text="long " * 200), 1001.0, WALL))
    assert len((tmp_path / JOURNAL_NAME).read_bytes()) > len(before) + 400  # half a long line is still there
    journal.append(beat(2))  # the disk is back: a shorter line, and nothing of the torn one after it
    lines = (tmp_path / JOURNAL_NAME).read_bytes().splitlines(keepends=True)
    assert len(lines) == 3 and all(json.loads(line) for line in lines)
    journal.close()
    found = read_journal(tmp_path / JOURNAL_NAME)
    assert found is not None and found.events == [beat(0), beat(2)]


def test_a_full_device_is_a_journal_error(tmp_path: Path, agenda: Agenda) -> None:
    """A real full disk: the journal's descriptor pointed at /dev/full, then back at its file."""
    journal = Journal.create(tmp_path, agenda, "weekly-sync", "2026-11-27-weekly-sync", None)
    assert journal._fd is not None
    saved = os.dup(journal._fd)
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        os.dup2(full, journal._fd)
        with pytest.raises(JournalWriteError) as failed:
            journal.append(beat(0))
        assert failed.value.errno == errno.ENOSPC
        os.dup2(saved, journal._fd)
    finally:
        os.close(full)
        os.close(saved)
    journal.append(beat(1))
    journal.close()
    found = read_journal(tmp_path / JOURNAL_NAME)
    assert found is not None and found.events == [beat(1)]


def test_the_engine_applies_and_announces_only_what_was_recorded(agenda: Agenda) -> None:
    clock = ManualClock()
    recorded: list[MeetingEvent] = []
    failing = False

    def record(event: MeetingEvent) -> None:
        if failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        recorded.append(event)

    meeting = Meeting(agenda, "weekly-sync", "x", clock=clock.now, wall=clock.wall, record=record)
    heard: list[MeetingEvent] = []
    meeting.subscribe(heard.append)
    meeting.start()
    clock.advance(30)
    failing = True
    with pytest.raises(OSError):
        meeting.capture(CaptureKind.DECISIONS, text="Ship it")
    with pytest.raises(OSError):
        meeting.next()
    assert meeting.decisions == [] and meeting.index == 0 and meeting.running
    failing = False
    meeting.capture(CaptureKind.DECISIONS, text="Ship it")  # the same command again, once the disk is back
    assert heard == recorded and type(recorded[0]) is ClockStarted
    replayed, _ = Meeting.replay(agenda, "weekly-sync", "x", recorded, clock=clock.now, wall=clock.wall)
    assert replayed.to_minutes() == meeting.to_minutes()


def test_closing_on_a_full_disk_still_lets_the_meeting_go(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM or quit while the disk is full: the last beat is lost, the journal is closed and resumable."""
    from meetingtui.session import MeetingSession, SessionOptions
    from meetingtui.store.journal import find_interrupted

    repo = MinutesRepo(git_repo)
    clock = ManualClock()
    name, loaded = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(repo, name, loaded, options=SessionOptions(), clock=clock.now, wall=clock.wall)
    session.meeting.start()
    clock.advance(20)
    with monkeypatch.context() as patch:
        patch.setattr(Journal, "_put", staticmethod(torn_then(errno.ENOSPC)))
        session.close()
    found = find_interrupted(repo.state_dir)
    assert found is not None and [type(e) for e in found.events] == [ClockStarted]
    MeetingSession.resume(repo, found, clock=clock.now, wall=clock.wall).close()  # nobody holds it any more
