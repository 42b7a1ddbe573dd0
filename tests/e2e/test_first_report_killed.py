"""A kill while a repository's first save has its empty stand-in REPORT.md (store/report_ahead.py) loses nothing.

The commit's intent-to-add takes the minutes and an empty REPORT.md while the page is made; a kill before the page is
written over it leaves both files intent-added and REPORT.md empty. The next `sync` names the command that commits
the minutes, and that command commits them with the page a report of the history gives, never the empty file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.report_file import write_report
from tests.team_git import assert_settled, git, make_team, minutes, run_meetingtui

DAY = dt.date(2026, 12, 3)


def test_an_empty_stand_in_left_by_a_kill_is_replaced_by_the_page_when_the_minutes_are_committed(
    tmp_path: Path,
) -> None:
    bare, (ours,) = make_team(tmp_path, 1)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    written = save_minutes(MinutesRepo(ours), minutes(DAY), record=True)
    (ours / "REPORT.md").write_bytes(b"")  # the stand-in, as the kill left it
    names = [path.relative_to(ours).as_posix() for path in written.paths]
    git(ours, "add", "--intent-to-add", "--", *names, "REPORT.md")

    synced = run_meetingtui("sync", "--repo", ours, TMPDIR=str(tmp))
    said = synced.stdout + synced.stderr
    assert "not committed yet" in said and "you changed" not in said and "Traceback" not in said, said
    committed = run_meetingtui("commit", "--push", "--repo", ours, TMPDIR=str(tmp))
    assert committed.returncode == 0, committed.stdout + committed.stderr

    assert_settled(ours)
    page = git(bare, "show", "main:REPORT.md")
    assert page.startswith("#") and DAY.isoformat() in page
    write_report(ours)  # a report made now gives the very page committed
    assert_settled(ours)
    assert sorted(git(bare, "show", "--name-only", "--format=", "main").split()) == sorted([*names, "REPORT.md"])
