"""The footer rebuilds its keys only when the keys change (the screen signals its bindings after every event)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tests.tui.conftest import settled


def keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_the_footer_keeps_its_keys_until_they_change(meeting_app) -> None:
    app = meeting_app("weekly-sync", commit=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        before = keys(app)
        app.screen.refresh_bindings()
        await pilot.press("space")  # the clock starts: the same keys
        await pilot.pause()
        assert keys(app) == before and all(key.is_attached for key in before)

        await pilot.press("tab")  # from the review list to the agenda: the review's keys go
        await pilot.pause()
        after = keys(app)
        assert after != before
        assert "x" in {key.key for key in before} and "x" not in {key.key for key in after}
