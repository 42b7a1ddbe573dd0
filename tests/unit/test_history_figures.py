"""Each meeting's figures kept in the history index (store/history_figures.py) give what building them gives.

The report, ``stats`` and the stats screen read every meeting's figures from the index (made once per file
content) instead of validating every meeting's segments and building them again. REPORT.md and the stats made
that way must be byte for byte what a fold of every file from scratch gives, through edits, deletes, a changed
segment, a new file and a new roster.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sqlite3
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.domain.minutes import SegmentRecord, SegmentStatus
from meetingtui.domain.report import build_report
from meetingtui.store import history_query, report_file
from meetingtui.store.figures import repo_stats
from meetingtui.store.history_figures import all_figures, figures_of, figures_text
from meetingtui.store.history_query import FIGURES
from meetingtui.store.history_store import cache_path, load_history
from meetingtui.store.repo import MinutesRepo

BENCH = Path(__file__).resolve().parents[2] / "bench" / "make_history.py"


def generate(root: Path, count: int) -> Path:
    spec = importlib.util.spec_from_file_location("make_history", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(root, count, commit=False)


def segment(title: str, team: Team, planned: int, actual: int, status: SegmentStatus, owner: str | None = None):
    return SegmentRecord(
        title=title, team=team, owner=owner, planned_seconds=planned, actual_seconds=actual, status=status
    )


@pytest.mark.parametrize(
    "segments",
    [
        [],
        [segment("Pipeline", Team.SALES, 600, 0, SegmentStatus.NOT_REACHED)],  # nothing spent: no shares
        [
            segment("Pipeline «EMEA»", Team.SALES, 600, 685, SegmentStatus.DONE, "Sam"),
            segment("Webinar", Team.MARKETING, 300, 120, SegmentStatus.PARKED),
            segment("Joint plan", Team.JOINT, 900, 30, SegmentStatus.SKIPPED, "Kim"),
            segment("Pipeline «EMEA»", Team.SALES, 0, 61, SegmentStatus.DONE),
        ],
    ],
)
def test_the_stored_figures_read_back_as_built(segments: list[SegmentRecord]) -> None:
    built = build_report(segments)
    assert figures_of(figures_text(built)) == built
    assert all_figures([figures_text(built)] * 2) == [built, built]


def from_scratch(repo: MinutesRepo) -> tuple[str, dict]:
    """REPORT.md and the stats as a fold of every file gives them (no index)."""
    repo = MinutesRepo(repo.root)  # the roster as it is now (a repository reads people.toml once)
    history = load_history(repo, use_cache=False)
    stats, _ = repo_stats(repo, history, dt.date(2026, 12, 1))
    return report_file.report_text(repo, history, lambda ids: {}), stats.to_json()  # links: from the files


def same_as_from_scratch(repo: MinutesRepo) -> None:
    report_file.write_report(repo.root)
    repo = MinutesRepo(repo.root)
    history = load_history(repo, parts=FIGURES)
    assert history.meetings and all(m.report is not None and m.segments == () for m in history.meetings)
    stats, _ = repo_stats(repo, history, dt.date(2026, 12, 1))
    page, figures = from_scratch(repo)
    assert (repo.root / "REPORT.md").read_text(encoding="utf-8") == page
    assert stats.to_json() == figures


def test_the_report_from_the_kept_figures_is_the_report_of_a_full_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = MinutesRepo(generate(tmp_path / "team", 120))
    same_as_from_scratch(repo)
    files = sorted(repo.minutes_dir.rglob("*.toml"))
    changed = files[10]  # a segment run longer: that meeting's figures change
    text = changed.read_text(encoding="utf-8")
    start = text.index("actual_seconds = ") + len("actual_seconds = ")
    end = text.index("\n", start)
    changed.write_text(text[:start] + str(int(text[start:end]) + 4321) + text[end:], encoding="utf-8")
    files[20].unlink()  # a meeting gone
    files[30].write_text(  # a status edited in place, the same size
        files[30].read_text(encoding="utf-8").replace('status = "done"', 'status = "open"', 1), encoding="utf-8"
    )
    new = files[40].with_name("zz-new.toml")  # a new file: another meeting's content under an id of its own
    new.write_text(files[40].read_text(encoding="utf-8").replace('id = "', 'id = "x', 1), encoding="utf-8")
    same_as_from_scratch(repo)
    (repo.root / "people.toml").write_text('[[people]]\nname = "Dana"\nteam = "marketing"\n', encoding="utf-8")
    same_as_from_scratch(repo)  # the roster moves attendance figures, not the kept ones
    built = []
    real = history_query.all_figures
    monkeypatch.setattr(history_query, "all_figures", lambda texts: built.extend(texts) or real(texts))
    meetings = load_history(repo, parts=FIGURES).meetings
    assert meetings and len(built) == len(meetings)  # every meeting's figures read back, none built again


def test_an_index_of_the_previous_format_is_rebuilt_with_the_figures(tmp_path: Path) -> None:
    repo = MinutesRepo(generate(tmp_path / "team", 12))
    load_history(repo)
    path = cache_path(repo.minutes_dir)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE minutes SET figures = NULL")
        db.execute("PRAGMA user_version = 3")
    db.close()
    assert all(m.report is not None for m in load_history(repo, parts=FIGURES).meetings)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        assert db.execute("SELECT count(*) FROM minutes WHERE figures IS NULL AND ok").fetchone()[0] == 0
    db.close()
