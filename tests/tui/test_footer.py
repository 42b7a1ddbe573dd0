"""The meeting's footer is one widget that draws the keys: it follows them as they change, and takes the mouse as
Textual's key widgets do (a click presses the key; the key under the pointer is highlighted, its tooltip shown)."""

from __future__ import annotations

from meetingtui.tui.widgets.footer import FittedFooter
from tests.tui.conftest import settled


def drawn(app) -> dict[str, tuple[int, int]]:
    """Each key the footer drew: its first and last cell."""
    return {key.key: (key.start, key.end) for key in app.screen.query_one(FittedFooter).drawn}


async def review_keys_drawn(pilot) -> None:
    """Until the review list has the focus and the footer drew its keys: the list takes the focus once filled
    from the history, a refresh or two after the read (keys placed before that move when its keys come)."""
    for _ in range(50):
        if "x" in drawn(pilot.app):
            return
        await pilot.pause()
    raise AssertionError(f"the review list's keys never showed: {sorted(drawn(pilot.app))}")


async def test_the_footer_follows_the_keys(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await review_keys_drawn(pilot)  # the review list has the focus: its keys show
        await pilot.press("tab")  # from the review list to the agenda: the review's keys go
        await pilot.pause()
        assert "x" not in drawn(app) and {"q", "question_mark", "n"} <= set(drawn(app))


async def test_a_click_on_a_key_presses_it(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await review_keys_drawn(pilot)
        start, _ = drawn(app)["n"]
        assert app.session.meeting.index == 0
        await pilot.click(FittedFooter, offset=(start + 1, 0))
        await pilot.pause()
        assert app.session.meeting.index == 1  # `n`: the next segment


async def test_the_key_under_the_pointer_is_highlighted_with_its_tooltip(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await review_keys_drawn(pilot)
        footer = app.screen.query_one(FittedFooter)
        start, end = drawn(app)["n"]
        plain = footer.render()
        await pilot.hover(FittedFooter, offset=(start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "Finish this segment and start the next"
        hovered = footer.render()
        assert hovered.plain == plain.plain
        changed = [
            x
            for x in range(len(plain.plain))
            if plain.get_style_at_offset(app.console, x) != hovered.get_style_at_offset(app.console, x)
        ]
        assert changed and start <= min(changed) and max(changed) < end  # only the key under the pointer
        await pilot.hover(FittedFooter, offset=(footer.size.width - 20, 0))  # between the keys and the palette
        await pilot.pause()
        assert footer.tooltip is None


async def test_a_footer_taken_away_ignores_the_keys_it_was_asked_to_draw(meeting_app) -> None:
    """The screen asks its footer to draw the keys again after a refresh; a screen closed in between (a dialog
    answered at once) took the footer with it, and the late request raised NoScreen in the app (seen under load)."""
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        footer = app.screen.query_one(FittedFooter)
        await footer.remove()
        await footer.recompose()
        await pilot.pause()
        assert app.return_value is None and app.is_running
