"""A meeting with its side effects: ids, saving, and a save interrupted between files and journal."""

from __future__ import annotations

import os
import shutil
import time
import tomllib

from meetingtui.domain.agenda import Team
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.journal import find_interrupted
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.session_save import save


def new_session(repo: MinutesRepo, clock: ManualClock) -> MeetingSession:
    name, agenda = resolve_agenda(SHORT, repo)
    return MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )


def test_a_second_meeting_the_same_day_gets_its_own_file(git_repo) -> None:
    repo, clock = MinutesRepo(git_repo), ManualClock()
    first = new_session(repo, clock)
    first.meeting.toggle()
    clock.advance(30)
    save(first)
    clock.advance(3600)
    second = new_session(repo, clock)
    second.meeting.toggle()
    second.meeting.capture("actions", text="Follow up")
    clock.advance(30)
    result = save(second)
    assert result.files[0].name == "2026-11-27-rehearsal-2.toml"
    assert second.meeting.actions[0].id == f"{second.meeting.minutes_id}#1"  # the name moved on, the id did not
    assert second.meeting.minutes_id != first.meeting.minutes_id


def test_resaving_after_a_crash_between_files_and_journal_reuses_the_file(git_repo) -> None:
    repo, clock = MinutesRepo(git_repo), ManualClock()
    session = new_session(repo, clock)
    session.meeting.toggle()
    session.meeting.capture("decisions", text="Go")
    clock.advance(40)
    journal_copy = session.journal.path.with_suffix(".copy")
    shutil.copyfile(session.journal.path, journal_copy)
    first = save(session)
    shutil.move(journal_copy, session.repo.state_dir / "meeting.jsonl")  # the crash left the journal behind
    found = find_interrupted(repo.state_dir)
    assert found is not None
    again = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    second = save(again)
    assert second.files == first.files
    assert not (first.files[0].parent / "2026-11-27-rehearsal-2.toml").exists()


def test_stray_temp_files_are_removed_after_the_first_history_read(git_repo) -> None:
    repo = MinutesRepo(git_repo)
    stray = repo.minutes_dir / "2026" / ".meetingtui-tmp-abc123"
    stray.parent.mkdir(parents=True)
    stray.write_text("half")
    os.utime(stray, (time.time() - 60, time.time() - 60))  # a write a crash interrupted, before this meeting
    session = new_session(repo, ManualClock())
    assert stray.exists(), "the minutes folder is not walked before the first frame"
    writing = repo.minutes_dir / "2026" / ".meetingtui-tmp-now"  # a save of this meeting, still writing
    writing.write_text("in progress")
    session.load_history()
    session.tidy_minutes()  # the history worker's next step
    assert not stray.exists()
    assert writing.exists(), "a temp file written since the meeting began is left alone"


def test_someone_added_during_a_meeting_reaches_people_toml_after_a_crash_and_resume(git_repo) -> None:
    repo, clock = MinutesRepo(git_repo), ManualClock()
    (git_repo / "people.toml").write_text('[[people]]\nname = "Marco Rossi"\nteam = "sales"\n')
    session = new_session(repo, clock)
    session.meeting.toggle()
    session.add_person("Priya Shah", Team.MARKETING)
    session.add_person("priya shah", Team.SALES)  # the same person again: kept once, as first added
    clock.advance(40)
    session.journal.close()  # the app is killed: the journal is all that is left
    found = find_interrupted(repo.state_dir)
    assert found is not None
    again = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    assert [(m.name, m.team) for m in again.newcomers] == [("Priya Shah", Team.MARKETING)]
    assert again.roster().resolve("priya").name == "Priya Shah"  # offered as an owner again
    save(again)
    people = tomllib.loads((git_repo / "people.toml").read_text())["people"]
    assert [(p["name"], p["team"]) for p in people] == [("Marco Rossi", "sales"), ("Priya Shah", "marketing")]
