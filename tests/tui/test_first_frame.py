"""What the first frame of the meeting screen carries: the room reads the keys from it, not from a later one."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from meetingtui.tui.screens.meeting import MeetingScreen
from tests.tui.conftest import settled


async def test_the_footer_keys_are_in_the_first_frame(meeting_app, monkeypatch) -> None:
    """The keys used to wait for the screen's first bindings signal, queued behind the lower panels and the history
    read: up to a tenth of a second of a keyless footer under a running countdown."""
    at_first_frame: list[str] = []
    original = MeetingScreen.start_after_first_frame

    def first_frame(self: MeetingScreen) -> None:
        at_first_frame.extend(key.key for key in self.query(FooterKey) if key.display)
        original(self)

    monkeypatch.setattr(MeetingScreen, "start_after_first_frame", first_frame)
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
    assert {"space", "n", "a", "q", "question_mark", "ctrl+p"} <= set(at_first_frame)
