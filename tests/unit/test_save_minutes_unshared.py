"""The minutes a save hands to its worker share nothing the meeting changes afterwards (so they are not copied).

``MeetingSession.finish`` returns ``meeting.to_minutes()`` as it is: the worker writes it while the UI thread
keeps the meeting, which still takes commands after the end (a fix, a late proposal, a review mark). That is
safe only while every list of the minutes is its own and no captured item is changed in place. These tests
drive every kind of change after ``finish`` and check the minutes did not move, and that the save itself
leaves them as they were.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from meetingtui.domain.agenda import Team
from meetingtui.domain.minutes import Attendee
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.saving_agenda import SHORT


def captured_meeting(git_repo, *, commit: bool = False) -> MeetingSession:
    repo, clock = MinutesRepo(git_repo), ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=commit), clock=clock.now, wall=clock.wall
    )
    meeting = session.meeting
    meeting.set_attendees([Attendee(name="Dana", team=Team.MARKETING), Attendee(name="Sam", team=Team.SALES)])
    meeting.toggle()
    meeting.capture("actions", text="Send the deck", owner="Sam", team="sales", due=dt.date(2026, 12, 4))
    meeting.capture("decisions", text="Ship the pilot")
    meeting.capture("concerns", text="Pricing is unclear", from_team="sales", to_team="marketing")
    meeting.capture("insights", text="Buyers ask for case studies", source="a call")
    meeting.update_action("2026-11-20-rehearsal#1", "done", text="An earlier promise", owned_by="Sam")
    meeting.set_notes(0, "First notes")
    clock.advance(90)
    return session


def containers(value) -> list[object]:
    """Every list, dict and model reachable from ``value`` (a model, list or dict)."""
    found: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            found.append(item)
            stack.extend(item)
        elif isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, BaseModel):
            found.append(item)
            stack.extend(getattr(item, name) for name in type(item).model_fields)
    return found


def test_every_change_the_meeting_takes_after_finish_leaves_the_handed_minutes_as_they_were(git_repo) -> None:
    session = captured_meeting(git_repo)
    minutes = session.finish()
    before = minutes.model_dump()
    state_lists = [value for value in vars(session.meeting.state).values() if isinstance(value, list | dict)]
    assert not any(mine is theirs for mine in containers(minutes) for theirs in state_lists)

    meeting = session.meeting  # the UI thread goes on with the meeting while the worker writes
    for kind in ("actions", "decisions", "concerns", "insights"):
        meeting.edit_item(kind, 0, text="Changed afterwards")
    meeting.edit_item("actions", 0, owner="Dana", team=Team.MARKETING)
    meeting.remove_item("decisions", 0)
    meeting.undo_delete()
    meeting.remove_item("insights", 0)
    meeting.capture("actions", text="A late action", owner="Dana")
    meeting.set_notes(0, "Notes rewritten")
    meeting.set_attendees([Attendee(name="Kim", team=Team.JOINT)])
    meeting.add_person("Jo", Team.SALES)
    meeting.update_action("2026-11-20-rehearsal#1", "dropped", text="An earlier promise", owned_by="Sam")
    meeting.clear_action_update("2026-11-20-rehearsal#1")
    meeting.add_segment("Late topic", "joint", 300)

    assert minutes.model_dump() == before
    assert meeting.to_minutes().model_dump() != before  # the changes did land in the meeting


def test_writing_and_committing_leaves_the_minutes_as_they_were(git_repo) -> None:
    session = captured_meeting(git_repo, commit=True)
    minutes = session.finish()
    before = minutes.model_dump()
    result = session.write_and_commit(minutes)
    assert result.commit is not None, result.git_error
    assert minutes.model_dump() == before
