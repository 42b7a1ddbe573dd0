"""The follower page in a real browser (Debian's chromium, driven by playwright) while the real app runs."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest
import pytest_asyncio

from meetingtui.domain.durations import format_clock
from meetingtui.tui.screens.share import ShareScreen
from tests.tui.conftest import advance, settled
from tests.tui.test_share import shared_app, until_shared

playwright = pytest.importorskip("playwright.async_api", reason="playwright is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)"),
    pytest.mark.asyncio(loop_scope="module"),  # the browser below lives on the module's event loop
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser():
    """One chromium (and one playwright driver) for the module's tests, each in a page of its own (a page from
    ``new_page`` has a browser context of its own: cookies, storage and its clock are not shared). Starting them
    cost ~1.5 CPU-s a test."""
    async with playwright.async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


async def test_a_follower_sees_the_segment_the_countdown_and_a_new_action_within_2_s(repo, clock, browser) -> None:
    app = shared_app(repo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shared(pilot)
        url = app.share_controller.sharing.url
        await pilot.press("escape")
        await settled(pilot)
        page = await browser.new_page(viewport={"width": 360, "height": 740})
        try:
            problems: list[str] = []
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            await page.goto(url)
            meeting = app.session.meeting
            segment = page.locator("#segment")
            await segment.filter(has_text=meeting.current.title).wait_for(timeout=5000)
            assert re.fullmatch(r"\d+:\d\d", await page.locator("#countdown").text_content())
            assert await page.locator("[aria-live=polite]").count() == 1

            await pilot.press("space")
            await advance(pilot, clock, 5)
            await page.locator("#status").filter(has_text="Live").wait_for(timeout=2000)
            await pilot.press("a", *"<script>window.owned=1</script>", "enter")
            await pilot.pause()
            assert meeting.actions
            captured = page.locator("#captured")
            await captured.filter(has_text="<script>window.owned=1</script>").wait_for(timeout=2000)
            assert await captured.locator("script").count() == 0  # shown as text, never parsed
            assert await page.evaluate("window.owned") is None
            meeting.capture("concerns", text="Leads arrive cold")  # only its text: no teams to show
            concern = captured.locator("li").filter(has_text="Leads arrive cold")
            await concern.wait_for(timeout=2000)
            assert "→" not in await concern.text_content()

            await pilot.press("n")
            await page.locator("[aria-live=polite]").filter(has_text=meeting.current.title).wait_for(timeout=2000)
            assert not problems, problems  # no CSP violation, no script error
        finally:
            await page.close()  # and its context
        assert not isinstance(app.screen, ShareScreen)


def seconds(countdown: str) -> int:
    """``4:59`` → 299, ``+1:05`` → -65, ``1:02:03`` → 3723."""
    sign = -1 if countdown.startswith("+") else 1
    total = 0
    for part in countdown.lstrip("+").split(":"):
        total = total * 60 + int(part)
    return sign * total


async def test_the_page_countdown_keeps_the_facilitators_time_for_30_minutes_through_pauses(
    repo, clock, browser
) -> None:
    app = shared_app(repo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shared(pilot)
        url = app.share_controller.sharing.url
        await pilot.press("escape")
        await settled(pilot)
        meeting = app.session.meeting
        page = await browser.new_page()
        try:
            await page.clock.install()  # the page's time moves only when the test says, like the app's
            await page.goto(url)
            await page.locator("#segment").filter(has_text=meeting.current.title).wait_for(timeout=5000)
            countdown = page.locator("#countdown")

            async def agrees() -> None:
                expected = seconds(format_clock(meeting.remaining()))
                for _ in range(100):  # a new snapshot may still be on its way (real time, not page time)
                    shown = seconds(await countdown.text_content())
                    if abs(shown - expected) <= 1:
                        return
                    await asyncio.sleep(0.02)
                raise AssertionError(f"page shows {shown}, the facilitator {expected}")

            async def press(key: str) -> None:
                """A key in the app, then wait (in real time) until the page has the snapshot it made."""
                before = await page.evaluate("document.body.dataset.snapshot")
                await pilot.press(key)
                for _ in range(200):
                    if await page.evaluate("document.body.dataset.snapshot") != before:
                        return
                    await asyncio.sleep(0.01)
                raise AssertionError(f"no snapshot reached the page after {key!r}")

            await press("space")
            for step in range(1, 16):  # 30 minutes in 2-minute steps
                await advance(pilot, clock, 119.5)
                await page.clock.run_for(119_500)
                await agrees()
                await advance(pilot, clock, 0.5)
                await page.clock.run_for(500)
                if step % 3 == 0:
                    await press("space")  # pause, or resume
                elif step % 5 == 4:
                    await press("n")
                elif step % 2 == 0:
                    await press("plus")
                await agrees()
        finally:
            await page.close()  # and its context


OTHER_UNITS = re.compile(r"\b\d+ ?(?:min|s|h)\b|\b\d+m(?:\d+s)?\b|\b\d+h\d*m?\b")
"""Durations in any style but the page's one (``M:SS``): ``5 min``, ``17 s``, ``5m17s``, ``1h``."""


async def test_the_page_shows_time_per_team_live_and_the_minutes_numbers_at_the_end(repo, clock, browser) -> None:
    app = shared_app(repo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shared(pilot)
        url = app.screen.sharing.url  # the dialog's sharing
        await pilot.press("escape")
        await settled(pilot)
        meeting = app.session.meeting
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            await page.goto(url)
            await page.locator("#segment").filter(has_text=meeting.current.title).wait_for(timeout=5000)
            first = meeting.current
            await pilot.press("space")
            await advance(pilot, clock, first.planned + 17)
            await pilot.press("n")  # the first segment ends 17 s over
            await advance(pilot, clock, 4)
            second = meeting.current
            await pilot.press("k")  # the second is skipped after 4 s
            await advance(pilot, clock, 5)
            teams = page.locator("#teams")
            label = {"sales": "Sales", "marketing": "Marketing", "joint": "Joint"}[first.team.value]
            row = f"{format_clock(first.planned + 17)} of "
            await teams.filter(has_text=row).wait_for(timeout=3000)
            team_rows = await page.locator("#teams dt").all_text_contents()
            assert label in team_rows and await page.locator("#teams-card").is_visible()
            assert "% of the time" in await teams.text_content()
            assert "updated live" in await page.locator("footer").text_content()

            meeting.end()
            ended = page.locator("#ended")
            await ended.wait_for(state="visible", timeout=3000)
            rows = page.locator("#ended-segments tr")
            assert await rows.count() == len(meeting.segments)
            cells = await rows.nth(0).locator("td").all_text_contents()
            assert cells == [format_clock(first.planned), format_clock(first.planned + 17), "+0:17"]
            skipped = await rows.nth(1).locator("td").all_text_contents()
            assert skipped[-1] == "skipped" and second.title in await rows.nth(1).text_content()
            assert "skipped" in await page.locator("#agenda li").nth(1).text_content()
            footer = await page.locator("footer").text_content()
            assert "updated live" not in footer and "as it ended" in footer
            assert await page.title() == f"{meeting.agenda.title} — ended"
            assert not await page.locator("#teams-card").is_visible()
            body = await page.locator("body").inner_text()
            assert not OTHER_UNITS.search(body), OTHER_UNITS.search(body)  # one unit style throughout
        finally:
            await page.close()  # and its context


async def test_a_wrong_link_says_what_to_ask_the_facilitator_for(repo, clock, browser) -> None:
    app = shared_app(repo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shared(pilot)
        url = app.screen.sharing.url  # the dialog's sharing
        page = await browser.new_page()
        try:
            response = await page.goto(url.rsplit("/", 2)[0] + "/old-link/")  # the token replaced
            assert response is not None and response.status == 403
            text = await page.locator("body").inner_text()
            assert "Ask the facilitator for the follower link of this meeting" in text
            assert "QR code" in text
        finally:
            await page.close()  # and its context
