"""Now: the current segment, its team and owner, a large countdown, a bar and the prompts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from meetingtui.domain.durations import format_clock
from meetingtui.domain.events import ClockPaused, ClockStarted, MeetingEvent, TimeAdjusted
from meetingtui.domain.meeting import Meeting, Phase
from meetingtui.domain.terminal_text import visible
from meetingtui.tui.palette import TEAM_COLOURS, team_badge
from meetingtui.tui.widgets.countdown import Countdown
from meetingtui.tui.widgets.segment_heading import SegmentHeading
from meetingtui.tui.widgets.view import SEGMENT_CHANGES, MeetingView

REHEARSAL_HEADER = "Now — REHEARSAL: never committed, never counted"


class NowPanel(MeetingView, Vertical):
    """The current segment, readable from the back of the room."""

    REDRAWS_ON = SEGMENT_CHANGES | {ClockStarted, ClockPaused, TimeAdjusted}

    PHASE_COLOURS = {Phase.ON_TIME: "success", Phase.WARNING: "warning", Phase.OVERRUN: "error"}
    """The theme's colours, so the bar reads on light and dark themes alike."""

    def compose(self) -> ComposeResult:
        yield SegmentHeading(id="now-heading")
        yield Countdown("0:00", id="countdown")
        yield Static(id="now-prompts")

    _phase: Phase | None = None
    _colour = "green"

    FOLLOWS_CLOCK = 0  # the countdown moves every second

    @classmethod
    def classes_for(cls, meeting: Meeting) -> str:
        """The classes ``show_segment`` and ``show_time`` would set: given up front, the panel is styled once.

        The countdown's font follows the terminal's size through the meeting screen's breakpoint classes (CSS).
        """
        classes = [f"phase-{meeting.phase().value}"]
        if meeting.current is not None:
            classes.append(f"team-{meeting.current.team.value}")
        return " ".join(classes)

    def show_meeting(self, meeting: Meeting, event: MeetingEvent | None) -> None:
        if event is None or type(event) in SEGMENT_CHANGES:
            self.show_segment(meeting)
        self.show_time(meeting)

    def show_segment(self, meeting: Meeting) -> None:
        """Change what does not change every second: title, team, owner, prompts."""
        segment = meeting.current
        position = f"Segment {meeting.index + 1} of {len(meeting.segments)}"
        heading = self.query_one(SegmentHeading)
        if segment is None:
            heading.show(Text("Agenda complete"), Text(), Text("Press q to end the meeting and save the minutes."))
            self.query_one("#now-prompts", Static).update("")
            return
        owner = Text(position, style="dim")
        if segment.owner:
            owner.append("  ·  ").append(visible(segment.owner))
        if segment.proposed_by:
            owner.append("  ·  ").append(f"proposed by {visible(segment.proposed_by)}", style="italic")
        heading.show(Text(visible(segment.title)), team_badge(segment.team), owner)
        prompts = Text()
        for prompt in segment.prompts:
            prompts.append("• ", style=TEAM_COLOURS[segment.team]).append(visible(prompt) + "\n")
        prompts.rstrip()
        self.query_one("#now-prompts", Static).update(prompts)
        for team in ("sales", "marketing", "joint"):
            self.set_class(team == segment.team.value, f"team-{team}")

    def on_mount(self) -> None:
        self.border_title = REHEARSAL_HEADER if self.meeting.agenda.rehearsal else "Now"
        # Held, not queried: show_time() runs every second.
        self._countdown = self.query_one(Countdown)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.show_meeting(self.meeting, None)

    def _theme_changed(self, _theme: object) -> None:
        self._phase = None  # the bar takes the new theme's colours
        self.show_time(self.meeting)

    def show_time(self, meeting: Meeting) -> None:
        """Update the countdown, the bar and the phase colour."""
        segment = meeting.current
        text = "0:00" if segment is None else format_clock(meeting.countdown())  # whole seconds, as saved
        if segment is None:
            self._countdown.show(text, self._countdown.state)
            return
        phase = meeting.phase()
        if phase is not self._phase:
            self._phase = phase
            for candidate in Phase:
                self.set_class(candidate is phase, f"phase-{candidate.value}")
            theme = self.app.current_theme
            self._colour = getattr(theme, self.PHASE_COLOURS[phase], None) or self.PHASE_COLOURS[phase]
        fraction = 1.0 if segment.planned == 0 else meeting.elapsed() / segment.planned
        state = "paused" if meeting.started and not meeting.running else ("" if meeting.running else "space to start")
        if phase is Phase.OVERRUN:
            state = ("over time\n" + state).strip()
        self._countdown.show(text, state, fraction, self._colour)
