"""Views of the meeting: widgets that redraw from the meeting's state and never change the engine.

The rule — one redraw path per reason, and no other:

(a) **Events, for what a view shows.** The meeting screen subscribes to the session's one event stream
    (:meth:`~meetingtui.session.MeetingSession.subscribe`; the engine runs on the UI thread only), posts every
    event to itself as a :class:`MeetingChanged` message and hands it to every mounted view in one go through
    :meth:`MeetingView.tell_all`, so a frame never shows some views before and some after an event. A view
    declares the events it shows (:attr:`~MeetingView.REDRAWS_ON`) and redraws once per such event, from the
    meeting's state (the event says at most how, e.g. whether to move the focus). The earlier minutes are not
    the meeting's: when the screen has read them, it tells the views that show them
    (:attr:`~MeetingView.SHOWS_EARLIER_MINUTES`, the review list) through :meth:`MeetingView.tell_history_read`.
(b) **One time-only tick, for what moves with the clock.** The screen keeps one timer, in step with the shown
    second, and on each beat calls :meth:`MeetingView.tell_time` for the views that declare they follow the
    clock (:attr:`~MeetingView.FOLLOWS_CLOCK`: the Now panel's countdown every beat, Schedule and Balance every
    few seconds). The tick never changes the engine and never redraws a view that does not follow the clock.
(c) **Layout, by Textual.** A terminal's size reaches views as CSS: the meeting screen's breakpoint classes
    choose the countdown's font and whether the review list takes the whole lower row; a view whose *text*
    depends on its own width (Balance's bars, the review list's wrapped column) redraws on its own ``Resize``
    event and nowhere else. A theme change reaches the one view that computes a colour (the Now panel's bar)
    through Textual's theme signal.

The screen never calls into a view to make it redraw. What a person asks for travels the other way, as intent
messages to the screen (``EditCaptured``, ``ReviewMarked`` …), and comes back as events. What the screen still
does to views is not drawing state: it mounts the lower row's panels after the first frame, moves the agenda's
cursor onto a segment just added or moved, focuses a panel, and writes the history's sync state (app state, not
the meeting's) under Schedule. The lower row is a container view: on a segment change it loads the notes editor
and shows the review list, which then draws itself.
Every view draws itself from state when it is mounted, so a freshly drawn view equals the live one, after any
run of events and after a resume (tests/tui/test_views.py; redraws are counted in tests/tui/test_redraws.py).

Before this rule (issue 23) views were redrawn by up to four paths: the Now panel by its events, again by the
tick the screen ran after every event (twice per event), by the screen's ``on_resize`` calling its ``fit()`` and
``tick()``, and by the timer; Schedule and Balance by events and by the screen calling their ``show()`` from the
tick; the review list by its events, by the lower row, by its own ``Resize`` and by the screen through
``LowerRow.history_read()``; the lower row's layout only when a segment started, never on a resize.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget

from meetingtui.domain.events import AGENDA_CHANGES, ALL_EVENTS, SEGMENT_CHANGES, MeetingEvent
from meetingtui.domain.lean import mutable
from meetingtui.domain.meeting import Meeting

__all__ = ["AGENDA_CHANGES", "ALL_EVENTS", "SEGMENT_CHANGES", "MeetingChanged", "MeetingView"]


@mutable
class MeetingChanged(Message, bubble=False):
    """The engine applied ``event``; the state after it is ``meeting``'s."""

    event: MeetingEvent
    meeting: Meeting


class MeetingView:
    """A widget that shows part of the meeting; mix into a Textual widget (before it, for ``__init__``)."""

    REDRAWS_ON: ClassVar[frozenset[type[MeetingEvent]]] = frozenset()
    """The events after which this view redraws (any other event cannot change what it shows)."""

    SHOWS_EARLIER_MINUTES: ClassVar[bool] = False
    """Whether this view shows something of the earlier minutes (read after the first frame)."""

    FOLLOWS_CLOCK: ClassVar[float | None] = None
    """Seconds of the meeting's clock between redraws from the tick: ``0`` at every beat, ``None`` never (the
    view shows nothing that moves with time)."""

    def __init__(self, meeting: Meeting, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self._clock_shown_at = meeting.now()  # the view draws itself when it is mounted

    @staticmethod
    def tell_all(root: DOMNode, message: MeetingChanged) -> None:
        """Path (a): hand ``message`` to every view under ``root``, in one go."""
        for view in _mounted_views(root):
            view.meeting_changed(message)

    @staticmethod
    def tell_history_read(root: DOMNode) -> None:
        """Path (a), for the earlier minutes: the views under ``root`` that show them redraw."""
        for view in _mounted_views(root):
            if view.SHOWS_EARLIER_MINUTES:
                view.show_meeting(view.meeting, None)

    @staticmethod
    def clock_followers(root: DOMNode) -> tuple[MeetingView, ...]:
        """The views under ``root`` that follow the clock (found once: a DOM walk every second costs more)."""
        views: Iterable[MeetingView] = root.walk_children(MeetingView)  # type: ignore[type-abstract]
        return tuple(view for view in views if view.FOLLOWS_CLOCK is not None)

    @staticmethod
    def tell_time(views: Iterable[MeetingView], meeting: Meeting) -> None:
        """Path (b): the clock moved; each view that follows it redraws if its step has passed."""
        now = meeting.now()
        for view in views:
            view.clock_moved(meeting, now)

    def meeting_changed(self, message: MeetingChanged) -> None:
        """Redraw if ``message``'s event is one this view shows (the screen calls this for every event)."""
        if type(message.event) in self.REDRAWS_ON:
            self.show_meeting(message.meeting, message.event)

    def clock_moved(self, meeting: Meeting, now: float) -> None:
        """Redraw what moves with time if :attr:`FOLLOWS_CLOCK` seconds passed (a jump catches up at once)."""
        step = self.FOLLOWS_CLOCK
        if step is None or (step and abs(now - self._clock_shown_at) < step):
            return
        self._clock_shown_at = now
        self.show_time(meeting)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        """Redraw from ``meeting`` (``event`` is ``None`` for the first drawing)."""
        raise NotImplementedError

    def show_time(self, meeting: Meeting) -> None:
        """Redraw what moves with time; the whole view unless a view knows a cheaper way."""
        self.show_meeting(meeting, None)


def _mounted_views(root: DOMNode) -> Iterable[MeetingView]:
    """The views under ``root`` that are mounted: one still mounting draws itself from state when it is (the lower
    row's panels mount one at a time while the screen takes keys and events)."""
    views: Iterable[MeetingView] = root.walk_children(MeetingView)  # type: ignore[type-abstract]
    return [view for view in views if not isinstance(view, Widget) or view.is_mounted]
