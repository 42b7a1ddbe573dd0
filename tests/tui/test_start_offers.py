"""Start-up dialogs come one at a time; none offers a choice that does nothing; old parked topics age out."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.tui.screens.confirm import ConfirmScreen
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.screens.proposals import ProposalsScreen
from tests.tui.conftest import settled, shown_text
from tests.tui.test_proposals_offered import propose
from tests.tui.test_review_and_parked import earlier


def modals(app) -> list[ModalScreen]:
    return [screen for screen in app.screen_stack if isinstance(screen, ModalScreen)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_one_dialog_at_a_time_and_no_add_that_adds_nothing(meeting_app, repo, size) -> None:
    earlier(repo, 13, [], parked=["Too old to offer"])  # an earlier meeting: not the last one
    earlier(repo, 20, [], parked=["Handoff quality", "Pricing page rewrite", "Webinar recap"])  # the last one
    propose(repo, "pricing-faq", "Pricing FAQ", "marketing", 10, "Dana", 21)
    app = meeting_app("weekly-sync")
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        meeting = app.session.meeting
        screen = next(s for s in app.screen_stack if isinstance(s, MeetingScreen))
        assert isinstance(app.screen, ConfirmScreen) and len(modals(app)) == 1
        question = " ".join(shown_text(app.screen.query_one("#confirm-question", Static), width=size[0]).split())
        # "Handoff quality" is on the agenda already: not offered as "add"; its segment carries it.
        assert "Handoff quality" not in question and "Too old to offer" not in question
        assert "Parked 2026-11-20:" in question and "Pricing page rewrite (marketing, 7m) — ran out of time" in question
        assert "Add all 2 after the current segment?" in question
        carried = next(s for s in meeting.segments if s.title == "Handoff quality")
        assert carried.parked_from == "2026-11-20-weekly-sync"

        screen.offer_parked()  # the history is read again (a fetch landed): no second dialog over the first
        await pilot.pause()
        assert len(modals(app)) == 1 and isinstance(app.screen, ConfirmScreen)

        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProposalsScreen) and len(modals(app)) == 1  # then the proposals, alone
        screen.offer_parked()
        await pilot.pause()
        assert len(modals(app)) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert modals(app) == []
        titles = [s.title for s in meeting.segments]
        assert titles.count("Handoff quality") == 1 and "Pricing page rewrite" in titles and "Webinar recap" in titles


async def test_an_offer_waits_for_a_screen_on_top(meeting_app, repo) -> None:
    earlier(repo, 20, [], parked=["Pricing page rewrite"])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        app.session.parked_offered = False  # as if the history came in only now …
        await pilot.press("question_mark")  # … while help is open
        await pilot.pause()
        screen.offer_parked()
        await pilot.pause()
        assert len(modals(app)) == 1 and not isinstance(app.screen, ConfirmScreen)  # help alone
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and len(modals(app)) == 1  # the offer, once help is gone


async def test_only_topics_the_agenda_has_means_no_dialog(meeting_app, repo) -> None:
    earlier(repo, 20, [], parked=["Handoff quality"])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert modals(app) == []
        carried = next(s for s in app.session.meeting.segments if s.title == "Handoff quality")
        assert carried.parked_from == "2026-11-20-weekly-sync"
