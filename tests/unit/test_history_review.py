"""What a meeting reads of earlier minutes, a page at a time, equals what the whole history gives (issue 24).

The reference is the fold of every minutes model (``load_history(use_cache=False)``): its open actions in the
order the review list shows them (the day their minutes created them, then id), the parked topics a start
offers. Read through the index or, without one, from the files, page after page.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path

from meetingtui.domain.history import History
from meetingtui.domain.parked_topics import ParkedWindow, offered_parked
from meetingtui.store.files import TEMP_PREFIX
from meetingtui.store.history_refresh import big_enough, refresh_in_child
from meetingtui.store.history_review import EarlierMinutes, read_earlier, review_key
from meetingtui.store.history_store import cache_path, load_history
from meetingtui.store.repo import MinutesRepo
from tests.unit.test_history_index_answers import make_history, minutes


def every_open(earlier: EarlierMinutes, limit: int) -> list[str]:
    """Read page after page, as the review list does, until all are read."""
    found = earlier.open
    while not found.complete:
        assert found.keep(found.next_page(limit))
    return [state.id for state in found.states]


def reference_open(history: History) -> list[str]:
    return [state.id for state in sorted((s for s in history.actions if s.is_open), key=review_key)]


def test_pages_of_open_actions_are_the_whole_list_in_review_order(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 160, commit=False)
    extra = "".join(f'\n[[actions]]\nid = "many#{n}"\ntext = "Action {n}"\n' for n in range(1, 13))
    (root / "minutes" / "2026" / "zz-many.toml").write_text(minutes("many", "2026-03-02", extra), encoding="utf-8")
    repo = MinutesRepo(root)
    reference = load_history(repo, use_cache=False)
    wanted = reference_open(reference)
    assert len(wanted) > 40 and wanted.index("many#10") < wanted.index("many#2")  # ids sort as text
    cache = tmp_path / "cache"
    earlier = read_earlier(repo, "weekly-sync", 1, first=7, cache_dir=cache)
    assert earlier.open.count == len(wanted)
    assert [state.id for state in earlier.open.states] == wanted[:7]  # only the first page is held
    assert every_open(earlier, 9) == wanted
    by_id = {state.id: replace(state, updates=()) for state in reference.actions}  # the trail is not read
    assert all(state == by_id[state.id] for state in earlier.open.states)  # owners, teams, dates as the fold has them

    unusable = tmp_path / "not-a-folder"
    unusable.write_text("")  # no index can be kept here: every file is read, the pages come from memory
    without = read_earlier(repo, "weekly-sync", 1, first=7, cache_dir=unusable)
    assert without.open.count == len(wanted) and every_open(without, 11) == wanted
    assert without.warnings == earlier.warnings == reference.warnings


def test_a_page_read_for_an_earlier_read_is_not_kept(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 60, commit=False)
    repo = MinutesRepo(root)
    first = read_earlier(repo, "weekly-sync", 1, first=5, cache_dir=tmp_path / "cache")
    again = read_earlier(repo, "weekly-sync", 1, first=5, cache_dir=tmp_path / "cache")
    page = first.open.next_page(5)
    assert not again.open.keep(page) and len(again.open.states) == 5  # of another read
    assert first.open.keep(page) and not first.open.keep(page)  # kept once
    assert len(first.open.states) == 10


def test_the_parked_topics_offered_are_those_of_the_whole_history(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 400, commit=False)
    folder = root / "minutes" / "2026"
    parked = '\n[[parked]]\ntitle = "Pricing"\nteam = "joint"\n'
    for name, agenda, day in (("zz-1", "Weekly-Sync ", "2026-11-30"), ("zz-2", "weekly-sync", "2026-11-29")):
        (folder / f"{name}.toml").write_text(minutes(name, day, parked, agenda=agenda), encoding="utf-8")
    repo = MinutesRepo(root)
    reference = load_history(repo, use_cache=False)
    today = dt.date(2026, 12, 1)
    agendas = [*sorted({facts.agenda for facts in reference.meetings}), "weekly-sync", " WEEKLY-SYNC", "nothing"]
    offered = 0
    for agenda in agendas:
        for window in (ParkedWindow(1, 30), ParkedWindow(3, 60), ParkedWindow(0, 30)):
            earlier = read_earlier(repo, agenda, window.meetings, cache_dir=tmp_path / "cache")
            mine = offered_parked(earlier.recent, agenda, today, window)
            assert mine == offered_parked(reference, agenda, today, window), (agenda, window)
            assert len(earlier.recent.meetings) <= window.meetings  # never every meeting
            offered += len(mine)
    assert offered  # the generated history parks topics that the window offers


def test_a_big_history_is_synced_in_a_child_with_the_same_answers(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 60, commit=False)
    (root / "minutes" / "2026" / "zz-broken.toml").write_text('id = "x"\ntitle = \n', encoding="utf-8")
    repo = MinutesRepo(root)
    here = read_earlier(repo, "weekly-sync", 2, cache_dir=tmp_path / "here", child_from=10**6)
    assert here.warnings and here.open.count  # the broken file is told
    child = tmp_path / "child"
    there = read_earlier(repo, "weekly-sync", 2, cache_dir=child, child_from=1)
    assert cache_path(repo.minutes_dir, child).exists()  # made by the child
    assert (there.warnings, there.open.count, there.recent) == (here.warnings, here.open.count, here.recent)
    assert there.open.states == here.open.states and there.proposal_outcomes == here.proposal_outcomes
    assert refresh_in_child(repo, child) == list(here.warnings)
    assert refresh_in_child(repo, child, python=str(tmp_path / "no-python")) is None  # then the read is done here


def test_only_a_big_folder_is_counted_as_big(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    (folder / "2026").mkdir(parents=True)
    for n in range(5):
        (folder / "2026" / f"{n}.toml").write_text("")
    (folder / "2026" / "notes.md").write_text("")
    assert big_enough(folder, 5) and not big_enough(folder, 6)


def test_an_unchanged_git_index_lets_the_index_answer_early_and_the_check_corrects_it(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 60)  # committed: git's index has a checksum to compare
    repo, cache = MinutesRepo(root), tmp_path / "cache"
    seen: list[EarlierMinutes] = []
    first = read_earlier(repo, "weekly-sync", 1, first=5, cache_dir=cache, early=seen.append)
    assert seen == []  # no index yet: nothing to show before the files are read

    again = read_earlier(repo, "weekly-sync", 1, first=5, cache_dir=cache, early=seen.append)
    (glimpse,) = seen
    assert (glimpse.open.count, glimpse.open.states) == (first.open.count, first.open.states)
    assert glimpse.recent == History() and not glimpse.proposal_outcomes  # only what the review list shows
    assert again.recent == first.recent
    assert again.open is glimpse.open  # the check found nothing to correct: the same open actions, kept
    assert again.proposal_outcomes == first.proposal_outcomes and again.warnings == first.warnings

    # An edit git's index does not know of (a new file, not added): the early answer is the index as the last
    # read left it; the answer after the check has the new action, first in review order.
    late = minutes("late", "2001-01-02", '\n[[actions]]\nid = "late#1"\ntext = "Oldest open"\n')
    (root / "minutes" / "2001").mkdir()
    (root / "minutes" / "2001" / "late.toml").write_text(late, encoding="utf-8")
    seen.clear()
    checked = read_earlier(repo, "weekly-sync", 1, first=5, cache_dir=cache, early=seen.append)
    (stale,) = seen
    assert "late#1" not in [state.id for state in stale.open.states] and stale.open.count == first.open.count
    assert checked.open is not stale.open
    assert checked.open.states[0].id == "late#1" and checked.open.count == first.open.count + 1
    assert checked.open.states == reference_states(repo)[:5]

    # git's index changed (the file added): no early answer, the files are checked first.
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, capture_output=True)
    seen.clear()
    after_add = read_earlier(repo, "weekly-sync", 1, first=5, cache_dir=cache, early=seen.append)
    assert after_add.open.count == checked.open.count
    assert seen == []


def reference_states(repo: MinutesRepo) -> list:
    """Every open action as the fold of every file has it, in review order (without the trail the index skips)."""
    history = load_history(repo, use_cache=False)
    return [replace(state, updates=()) for state in sorted((s for s in history.actions if s.is_open), key=review_key)]


def test_a_big_historys_child_removes_the_stray_temp_files_written_before_the_meeting(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 30, commit=False)
    repo = MinutesRepo(root)
    folder = root / "minutes" / "2026"
    folder.mkdir(exist_ok=True)
    stray, fresh = folder / f"{TEMP_PREFIX}crashed.toml", folder / f"{TEMP_PREFIX}being-written.toml"
    stray.write_text("half")
    fresh.write_text("a save going on")
    now = time.time()
    os.utime(stray, (now - 60, now - 60))
    os.utime(fresh, (now + 60, now + 60))  # written after the meeting began: a save of this meeting, left alone
    here = read_earlier(repo, "weekly-sync", 1, cache_dir=tmp_path / "here", child_from=10**6, tidy_before=now)
    assert not here.tidied and stray.exists()  # read here: the caller tidies (session.tidy_minutes)
    there = read_earlier(repo, "weekly-sync", 1, cache_dir=tmp_path / "child", child_from=1, tidy_before=now)
    assert there.tidied and not stray.exists() and fresh.exists()
    assert there.open.states == here.open.states
    again = read_earlier(repo, "weekly-sync", 1, cache_dir=tmp_path / "child", child_from=1)
    assert not again.tidied  # not asked to
