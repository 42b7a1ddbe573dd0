"""What a meeting's start offers — parked topics, then proposals — one dialog at a time, each once.

A dialog never opens over another (a share link, help, attendance, the other offer): it waits until the
meeting screen is on top again. A parked topic the agenda already has is not offered as "add" (its segment
carries it), and the parked offer lists only the recent topics (``meetingtui.toml``: ``parked_meetings``,
``parked_days``), grouped by the meeting that parked them, in one compact list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from meetingtui.domain.durations import format_duration
from meetingtui.domain.minutes import Parked
from meetingtui.domain.terminal_text import visible
from meetingtui.tui.guard import guarded_callback

if TYPE_CHECKING:
    from textual.screen import Screen

    from meetingtui.session import MeetingSession

SHOWN_PARKED = 6
"""How many parked topics the offer names; the rest are counted (``meetingtui parked`` lists them all)."""


def parked_offer_text(parked: Sequence[Parked]) -> str:
    """The offer's question: the topics grouped by the meeting that parked them, one short line each."""
    lines: list[str] = []
    groups: dict[str, list[Parked]] = {}
    for topic in parked:
        groups.setdefault(topic.minutes_id or "", []).append(topic)
    shown = 0
    for minutes_id, topics in groups.items():
        day = minutes_id[:10] if minutes_id[:4].isdigit() else minutes_id
        lines.append(f"Parked {day}:" if day else "Parked earlier:")
        for topic in topics:
            if shown == SHOWN_PARKED:
                break
            shown += 1
            facts = topic.team.value + (f", {format_duration(topic.planned_seconds)}" if topic.planned_seconds else "")
            reason = f" — {topic.reason}" if topic.reason else ""
            lines.append(f"  • {visible(topic.title)} ({facts}){visible(reason)}")
    if len(parked) > shown:
        lines.append(f"  … and {len(parked) - shown} more (meetingtui parked lists them)")
    them = "it" if len(parked) == 1 else f"all {len(parked)}"
    lines.append(f"Add {them} after the current segment?")
    return "\n".join(lines)


class StartOffers:
    """The start-up offers of one meeting screen: :meth:`offer` when the history is read, :meth:`resumed` when
    the screen is on top again."""

    def __init__(self, screen: Screen, session: MeetingSession) -> None:
        self.screen = screen
        self.session = session
        self.open = False
        """A start-up offer is on screen: the next one waits for its answer."""
        self.waiting = False
        """Another screen was on top when an offer was due: it comes when the meeting screen is back."""

    def new_parked(self) -> list[Parked]:
        """The recent parked topics the agenda does not have yet (only those can be added).

        Those it has are taken at once, without asking: their segment carries them (it records where the topic
        came from and adds nothing), so a "yes" for them would do nothing.
        """
        meeting = self.session.meeting
        on_agenda = {segment.title.strip().casefold() for segment in meeting.segments}
        parked = self.session.parked_from_last_time()
        for topic in parked:
            if topic.title.strip().casefold() in on_agenda:
                meeting.take_parked(topic)
        return [topic for topic in parked if topic.title.strip().casefold() not in on_agenda]

    def offer(self) -> None:
        """Offer what is due: the parked topics first, then the proposals; one dialog at a time."""
        session = self.session
        if self.open:
            if session.proposals_offered:
                from meetingtui.tui.screens.proposals import offer_to_meeting  # its dialog is open

                offer_to_meeting(self.screen, session)  # a fetch landed: topics taken elsewhere leave the open offer
            return
        if self.screen.app.screen is not self.screen:
            self.waiting = True
            return
        parked: list[Parked] = []
        if not (session.parked_offered or session.meeting.started):
            session.parked_offered = True
            parked = self.new_parked()
        if parked:
            self._parked(parked)
        elif session.proposal_warnings or session.open_proposals():
            # Only then the proposals' dialog and its module (~0.2 MB of the meeting's RSS): no warning to show
            # and nothing open, offer_to_meeting would do nothing (no dialog of theirs can be open here).
            from meetingtui.tui.screens.proposals import offer_to_meeting

            if offer_to_meeting(self.screen, session, then=self._answered):
                self.open = True

    def resumed(self) -> None:
        """The meeting screen is on top again: an offer that waited comes now."""
        if self.waiting and not self.open:
            self.waiting = False
            self.offer()

    def _answered(self) -> None:
        self.open = False
        self.screen.call_after_refresh(self.offer)  # the next offer, once this dialog is gone

    def _parked(self, parked: list[Parked]) -> None:
        from meetingtui.tui.screens.confirm import ConfirmScreen  # only when there are offers

        meeting = self.session.meeting

        def answered(add: bool | None) -> None:
            if add:
                for item in reversed(parked):
                    meeting.take_parked(item)
            self._answered()

        self.open = True
        self.screen.app.push_screen(
            ConfirmScreen("Parked last time", parked_offer_text(parked)), guarded_callback(self.screen, answered)
        )
