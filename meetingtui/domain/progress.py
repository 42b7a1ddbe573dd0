"""The clock and the way through the agenda: starting, pausing, finishing, going back, skipping, ending.

Handlers over :class:`~meetingtui.domain.meeting_state.MeetingState`; each takes
its time from the event it applies.
"""

from __future__ import annotations

from meetingtui.domain.events import (
    ClockPaused,
    ClockStarted,
    Heartbeat,
    MeetingEnded,
    MinutesRenumbered,
    SegmentFinished,
    SegmentSkipped,
    WentBack,
)
from meetingtui.domain.live import LiveStatus
from meetingtui.domain.meeting_state import HandlerTable, MeetingState, handles


def fold(state: MeetingState, now: float) -> None:
    """Move the running interval (up to ``now``) into the current segment's elapsed time."""
    if state.running and state.current is not None:
        state.current.elapsed += max(0.0, now - state.run_from)
        state.run_from = now


def leave(state: MeetingState, status: LiveStatus, now: float) -> None:
    """Leave the current segment in ``status`` for the next pending one; the clock stops after the last."""
    fold(state, now)
    assert state.current is not None
    state.current.status = status
    after = range(state.index + 1, len(state.segments))
    state.index = next((i for i in after if state.segments[i].status is LiveStatus.PENDING), len(state.segments))
    if state.current is not None:
        state.current.status = LiveStatus.CURRENT
    elif state.running:
        state.running = False


def on_started(state: MeetingState, event: ClockStarted) -> None:
    if state.started_at is None:
        state.started_at = event.wall
    state.running = True
    state.run_from = event.t


def on_paused(state: MeetingState, event: ClockPaused) -> None:
    fold(state, event.t)
    state.running = False


def on_finished(state: MeetingState, event: SegmentFinished) -> None:
    leave(state, LiveStatus.DONE, event.t)


def on_skipped(state: MeetingState, event: SegmentSkipped) -> None:
    leave(state, LiveStatus.SKIPPED, event.t)


def on_went_back(state: MeetingState, event: WentBack) -> None:
    fold(state, event.t)
    if state.current is not None:
        state.current.status = LiveStatus.PENDING
    state.index -= 1
    state.segments[state.index].status = LiveStatus.CURRENT


def on_ended(state: MeetingState, event: MeetingEnded) -> None:
    fold(state, event.t)
    state.running = False
    state.ended_at = event.at or event.wall  # when q was pressed, else when this was stamped


def on_renumbered(state: MeetingState, event: MinutesRenumbered) -> None:
    """Only old journals hold this event: it replays, never fires."""
    old, state.minutes_id = state.minutes_id, event.minutes_id
    state.actions = [a.model_copy(update={"id": a.id.replace(old, event.minutes_id, 1)}) for a in state.actions]


def on_heartbeat(state: MeetingState, event: Heartbeat) -> None:
    """A heartbeat only marks the time line's position in the journal: the state does not change."""


PROGRESS_HANDLERS: HandlerTable = dict(
    [
        handles(ClockStarted, on_started),
        handles(ClockPaused, on_paused),
        handles(Heartbeat, on_heartbeat),
        handles(MeetingEnded, on_ended),
        handles(MinutesRenumbered, on_renumbered),
        handles(SegmentFinished, on_finished),
        handles(WentBack, on_went_back),
        handles(SegmentSkipped, on_skipped),
    ]
)
"""Which function applies which clock or progress event (the meeting's table includes these)."""
