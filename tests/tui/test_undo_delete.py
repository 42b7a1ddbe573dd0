"""ctrl+z brings back the last captured item deleted, in its place and with its id; journaled like any change."""

from __future__ import annotations

import pytest

from meetingtui.domain.events import CaptureKind, ItemRestored
from meetingtui.domain.meeting import Meeting
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.journal import find_interrupted
from meetingtui.tui.screens.confirm import RiskyConfirm
from tests.clock import ManualClock
from tests.tui.conftest import settled, shown_lines
from tests.tui.test_captured_edits import focus_captured
from tests.unit.test_report import agenda


def test_undo_brings_back_each_delete_in_turn_in_its_place() -> None:
    clock = ManualClock()
    meeting = Meeting(agenda(60, 60), "sync", "2026-11-27-sync", clock=clock.now, wall=clock.wall)
    meeting.capture("actions", text="A1")
    meeting.capture("decisions", text="D1")
    meeting.capture("actions", text="A2")
    meeting.capture("decisions", text="D2")
    order = [(kind, item.text) for kind, item in meeting.captured()]
    ids = [a.id for a in meeting.actions]
    action_a1 = meeting.actions[0]
    meeting.remove_item("actions", 0)  # A1
    decision_d2 = meeting.decisions[1]
    meeting.remove_item("decisions", 1)  # D2
    assert meeting.state.deleted[-1][0] is CaptureKind.DECISIONS
    meeting.capture("decisions", text="D3")  # something new in between
    assert meeting.undo_delete() == (CaptureKind.DECISIONS, decision_d2)
    assert meeting.undo_delete() == (CaptureKind.ACTIONS, action_a1)
    assert meeting.undo_delete() is None and not meeting.state.deleted
    assert [(kind, item.text) for kind, item in meeting.captured()] == [*order, (CaptureKind.DECISIONS, "D3")]
    assert [a.id for a in meeting.actions] == ids  # the id comes back with it, never reused by a new action
    meeting.capture("actions", text="A3")
    assert meeting.actions[-1].id not in ids


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_ctrl_z_undoes_a_delete_and_survives_a_crash(meeting_app, repo, clock, size) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("space", "n")  # past the review segment, so Captured is shown
        await pilot.press("d", *"Keep this", "enter", "a", *"Send the deck", "enter", "d", *"Also keep", "enter")
        await pilot.pause()
        meeting = app.session.meeting
        before = [(kind, item) for kind, item in meeting.captured()]
        await pilot.press("ctrl+z")  # nothing deleted yet: says so, changes nothing
        await pilot.pause()
        assert meeting.captured() == before
        log = await focus_captured(pilot)
        await pilot.press("up", "delete")  # the action
        await pilot.pause()
        assert isinstance(app.screen, RiskyConfirm)
        await pilot.press("y")
        await pilot.pause()
        assert [a.text for a in meeting.actions] == []
        assert any("ctrl+z" in n.message for n in app._notifications)  # the delete says how to undo it
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert meeting.captured() == before
        assert any(n.message.startswith("Restored the action") for n in app._notifications)
        if log.display:
            assert len(shown_lines(log)) == 3  # the view followed the event
        await pilot.press("delete", "y")  # deleted again, and the terminal closes before any undo
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        app.session.journal.close()

    found = find_interrupted(repo.state_dir)
    assert found is not None
    assert any(isinstance(event, ItemRestored) for event in found.events)
    resumed = MeetingSession.resume(repo, found, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall)
    assert [(kind, item.text) for kind, item in resumed.meeting.captured()] == [(k, i.text) for k, i in before]
    assert resumed.meeting.actions[0].id == before[1][1].id
    resumed.journal.close()
