"""Screenshots of the follower page in Debian's chromium: a phone (360×740, light) and a wall (1920×1080, dark).

A real meeting on a manual clock, in a throw-away repository, shared on a free
loopback port; run with this work tree on PYTHONPATH, then look at the PNGs.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from meetingtui.domain.minutes import Attendee
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.share.sharing import Sharing
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock

DOCS = Path(__file__).resolve().parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = [
    ("follower-360x740.png", {"width": 360, "height": 740}, "light", False),
    ("follower-1920x1080.png", {"width": 1920, "height": 1080}, "dark", False),
]


def meeting_in_progress(root: Path) -> MeetingSession:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    repo = MinutesRepo(root)
    clock = ManualClock()
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    meeting = session.meeting
    people = [("Dana", "sales"), ("Sam", "sales"), ("Mia", "marketing"), ("Lee", "marketing"), ("Ana", "joint")]
    meeting.set_attendees([Attendee(name=n, team=t) for n, t in people])
    meeting.toggle()
    clock.advance(4 * 60 + 40)
    meeting.capture("actions", text="Send the pricing FAQ to the field", owner="Dana", team="sales")
    meeting.next()
    clock.advance(8 * 60)
    meeting.capture("decisions", text="Webinar moves to the 14th")
    meeting.capture("concerns", text="MQLs from the trade show are cold", from_team="sales", to_team="marketing")
    meeting.next()
    clock.advance(2 * 60 + 15)
    meeting.capture("insights", text="ACME asks for SSO first", content_idea="SSO one-pager")
    return session


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        session = meeting_in_progress(Path(tmp) / "repo")
        sharing = Sharing(session)
        sharing.start()
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, viewport, scheme, full in SHOTS:
                page = browser.new_page(viewport=viewport, color_scheme=scheme)
                page.goto(sharing.url)
                page.locator("#segment").filter(has_text=session.meeting.current.title).wait_for(timeout=5000)
                page.wait_for_timeout(600)
                page.screenshot(path=str(DOCS / name), full_page=full)
                print(f"docs/{name}")
            browser.close()
        sharing.stop(wait=True)


if __name__ == "__main__":
    main()
