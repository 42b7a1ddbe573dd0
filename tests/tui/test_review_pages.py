"""The review list of a big history: the meeting holds a page of open actions, not all of them (issue 24).

The real app, on a repository with more open actions than a page: the list shows the first page and says how
many there are in all; moving down reads the next one (from the history index, off the UI thread), and once
every page is read the list equals the whole history's open actions, oldest first, as it always did.
"""

from __future__ import annotations

import threading

from meetingtui.store import history_review
from meetingtui.store.history_review import PAGE, review_key
from meetingtui.store.history_store import load_history
from meetingtui.tui.screens.meeting import MeetingScreen
from meetingtui.tui.widgets.review import ReviewPanel
from tests.tui.conftest import settled
from tests.tui.test_review_and_parked import earlier

FIRST, SECOND = 40, 30
"""Open actions in two earlier meetings: more than a page in all."""


def rows(panel: ReviewPanel) -> list[str]:
    return [str(panel.get_row_at(i)[2]) for i in range(panel.row_count)]


async def test_the_meeting_holds_a_page_and_reads_the_next_near_the_end(meeting_app, repo) -> None:
    assert FIRST + SECOND > PAGE > FIRST
    earlier(repo, 13, [(f"First meeting's action {n}", "Sam", "sales") for n in range(1, FIRST + 1)])
    earlier(repo, 20, [(f"Second meeting's action {n}", "Dana", "marketing") for n in range(1, SECOND + 1)])
    history = load_history(repo, use_cache=False)
    states = sorted((state for state in history.actions if state.is_open), key=review_key)
    every = [f"{state.item.text} — {state.owner}" for state in states]
    assert every[9] == "First meeting's action 18 — Sam"  # #10 … #19 before #2: ids sort as text, as they always did
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        panel = app.screen.query_one(ReviewPanel)
        assert rows(panel) == every[:PAGE]
        assert len(app.session.earlier.open.states) == PAGE  # what the meeting holds: one page
        assert panel.border_subtitle.startswith(f"{PAGE} of {FIRST + SECOND} open · x done")
        await pilot.press("ctrl+end")  # the cursor on the last row read: the next page is asked for
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(panel) == every
        assert panel.border_subtitle.startswith(f"{FIRST + SECOND} open · x done")
        assert panel.cursor_row == PAGE - 1  # where it was: the new rows come below
        await pilot.press("ctrl+end", "x")  # the last action of the second page, marked done
        await pilot.pause()
        assert app.session.meeting.action_updates[states[-1].id].status.value == "done"
        assert str(panel.get_row_at(panel.row_count - 1)[0]) == "✓ done"
        app.history_sync.read_history(app.session)  # read again (a sync brought minutes): as many as were read
        await settled(pilot)
        assert rows(panel) == every and len(app.session.earlier.open.states) == FIRST + SECOND


async def test_a_warm_index_fills_the_list_before_the_check_which_corrects_it(meeting_app, repo, monkeypatch) -> None:
    earlier(repo, 13, [("Known action", "Sam", "sales")])
    assert history_review.read_earlier(repo, "weekly-sync", 1).open.count == 1  # the index an earlier meeting left
    # Minutes git's index does not know of (written, not added), with a topic parked: the next meeting's list
    # shows the index as the last read left it at once, and is corrected when the files are checked; the parked
    # topic is offered only then.
    earlier(repo, 20, [("New action", "Dana", "marketing")], parked=["Pricing"])
    checking, go_on = threading.Event(), threading.Event()

    def held_check(*_args, **_kwargs):  # the files are checked here (not in a child) once the test lets it
        checking.set()
        go_on.wait(30)

    monkeypatch.setattr(history_review, "big_enough", lambda folder, count: True)
    monkeypatch.setattr(history_review, "refresh_in_child", held_check)
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.complete.wait()
        panel = app.screen.query_one(ReviewPanel)
        for _ in range(100):
            await pilot.pause(0.01)
            if checking.is_set() and rows(panel) != ["Reading earlier minutes…"]:
                break
        assert [row.split(" — ")[0] for row in rows(panel)] == ["Known action"]  # early, before the check
        assert isinstance(app.screen, MeetingScreen)  # nothing offered on the early answer
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row.split(" — ")[0] for row in rows(panel)] == ["Known action", "New action"]
        assert panel.border_subtitle.startswith("2 open · x done")
        assert not isinstance(app.screen, MeetingScreen)  # the parked topic, offered after the check


def cells(panel: ReviewPanel) -> list[tuple[str, str, str]]:
    return [tuple(str(cell) for cell in panel.get_row_at(i)) for i in range(panel.row_count)]


async def test_a_mark_is_shown_in_its_row_alone_and_equals_the_whole_list_drawn_again(
    meeting_app, repo, monkeypatch
) -> None:
    earlier(repo, 13, [(f"Action {n}", "Sam", "sales") for n in range(1, FIRST + 1)])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        panel = app.screen.query_one(ReviewPanel)
        drawn: list[int] = []
        whole = panel.show
        monkeypatch.setattr(panel, "show", lambda: (drawn.append(1), whole())[1])
        await pilot.press("space", "x", "delete", "up", "o")  # done, dropped, then the second back to open
        await pilot.pause()
        marks = [row[0] for row in cells(panel)[:3]]
        assert marks == ["✓ done", "", ""] and drawn == []  # three marks, no whole redraw
        assert panel.cursor_row == 2  # "o" moves on, as every mark does
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Dana", "enter")  # re-assigned: the row's text changes, the list is drawn again
        await pilot.pause()
        assert drawn and cells(panel)[2][2].endswith("→ Dana") and cells(panel)[2][0] == "→ new"
        shown = cells(panel)
        whole()
        assert cells(panel) == shown  # what the rows show equals the whole list drawn again from the meeting


async def test_each_row_is_as_tall_as_its_wrapped_text_and_shows_all_of_it(meeting_app, repo) -> None:
    words = ["the", "pricing", "page", "names", "every", "plan", "and", "the", "enterprise", "tier's", "renewal"]
    words += ["terms", "in", "plain", "words"]
    texts = [" ".join(words[: 3 + 2 * n]) for n in range(7)]  # one to three lines at the list's width
    earlier(repo, 13, [(text, "Sam", "sales") for text in texts])
    app = meeting_app("weekly-sync")
    async with app.run_test(size=(80, 40)) as pilot:
        await settled(pilot)
        panel = app.screen.query_one(ReviewPanel)
        heights = [panel.rows[key].height for key in panel.rows]
        assert len(set(heights)) > 1, heights  # short and long ones
        shown = " ".join(strip.text for strip in panel.render_lines(panel.region.reset_offset))
        assert "tier's renewal terms" in shown and "in — Sam" in shown, shown  # the sixth row, drawn whole
        cells = [panel.get_row_at(n) for n in range(panel.row_count)]
        panel.clear()  # the same rows again, measured by DataTable itself (height=None)
        for n, row in enumerate(cells):
            panel.add_row(*row, key=str(n), height=None)
        await pilot.pause()
        assert [panel.rows[key].height for key in panel.rows] == heights
