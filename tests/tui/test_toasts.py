"""At 80×24 (and 120×40) toasts never cover the review list or a dialog."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.widgets.review import ReviewPanel
from tests.tui.conftest import settled


def toasts(app) -> list[Toast]:
    """The toasts on screen (a dialog keeps earlier ones in its rack, hidden)."""
    return [toast for toast in app.screen.query(Toast) if toast.display and toast.region.area]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_toast_leaves_the_review_list_and_waits_for_a_dialog(meeting_app, size) -> None:
    app = meeting_app(commit=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settled(pilot)
        review = app.screen.query_one(ReviewPanel)
        assert review.display  # the first segment reviews the open actions
        app.notify("A long notice that would reach well into the middle of a narrow screen if it could", timeout=30)
        await pilot.pause()
        await pilot.pause()
        shown = toasts(app)
        assert shown
        for toast in shown:
            assert not toast.region.overlaps(review.region), (toast.region, review.region)

        await pilot.press("d")  # the decision dialog
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.notify("Raised while the dialog is open", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert toasts(app) == []  # nothing over the dialog
        assert [message for message, _, _ in app.toasts.held] == ["Raised while the dialog is open"]
        await pilot.press("escape")
        await pilot.pause(0.4)
        assert app.toasts.held == []
        assert any("Raised while the dialog is open" in str(t.render()) for t in toasts(app))
