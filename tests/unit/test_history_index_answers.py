"""The index's answers equal the fold of every minutes model (the reference path), cold, warm and after changes.

On a generated history (``bench/make_history.py``: re-assigned and closed actions, parked topics picked up) and
on hand-made files with every rule's corner: a second minutes with an id, a second action with an id, updates
of no action or of an action created later, owners whose team comes from the attendees or the roster,
proposals taken then declined, a parked topic picked up by name or by ``parked_from``, broken files.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import os
import sqlite3
from pathlib import Path

import pytest

from meetingtui.cli.formats import action_record, decision_record, insight_record
from meetingtui.domain.agenda import Team
from meetingtui.store import history_fold
from meetingtui.store.history_store import cache_path, entry_records, load_history, open_action_records
from meetingtui.store.repo import MinutesRepo

BENCH = Path(__file__).resolve().parents[2] / "bench" / "make_history.py"


def make_history():
    spec = importlib.util.spec_from_file_location("make_history", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def same(repo: MinutesRepo, cache: Path) -> None:
    """Every part of the history, from the index, equals the fold of every file; so do the JSON records of the
    open actions the index keeps ready (whole, narrowed by team or to the overdue ones) and of the decision and
    insight logs (whole and from a day on)."""
    reference = load_history(repo, use_cache=False)
    assert load_history(repo, cache_dir=cache) == reference
    for team, today in [(None, None), (None, dt.date(2026, 1, 15)), (None, dt.date(2030, 1, 1)), *TEAMS]:
        expected = reference.open_actions(today or dt.date(2026, 1, 1), team=team, overdue=today is not None)
        records, warnings = open_action_records(repo, team, today, cache_dir=cache)
        assert records == [json.dumps(action_record(s), ensure_ascii=False) for s in expected]
        assert warnings == list(reference.warnings)
    logs = [("decisions", reference.decisions, decision_record), ("insights", reference.insights, insight_record)]
    for (part, log, record), since in itertools.product(logs, [None, dt.date(2026, 1, 12), dt.date(2030, 1, 1)]):
        records, warnings = entry_records(repo, part, since, cache_dir=cache)
        assert records == [json.dumps(record(entry), ensure_ascii=False) for entry in log(since)]
        assert warnings == list(reference.warnings)


TEAMS = [(team, None) for team in Team] + [(Team.SALES, dt.date(2026, 1, 15))]


def minutes(mid: str, date: str, body: str = "", agenda: str = "weekly-sync", start: str = "10:00:00+01:00") -> str:
    return f"""schema_version = 1
id = "{mid}"
title = "Weekly sync"
agenda = "{agenda}"
date = {date}
started_at = {date}T{start}
ended_at = {date}T23:00:00+01:00
facilitator = "Sam"
{body}"""


ATTENDEES = """
[[attendees]]
name = "Sam"
team = "sales"

[[attendees]]
name = "Kim"
team = "marketing"
"""


def action(aid: str, text: str, owner: str = "Sam", status: str = "open", segment: str | None = None) -> str:
    where = f'segment = "{segment}"\n' if segment else ""
    return (
        f'\n[[actions]]\nid = "{aid}"\ntext = "{text}"\nowner = "{owner}"\nteam = "sales"\nstatus = "{status}"\n{where}'
    )


def update(aid: str, status: str, owner: str | None = None) -> str:
    who = f'owner = "{owner}"\n' if owner else ""
    return f'\n[[action_updates]]\nid = "{aid}"\nstatus = "{status}"\n{who}'


def segment(title: str, status: str = "done", parked_from: str | None = None) -> str:
    source = f'parked_from = "{parked_from}"\n' if parked_from else ""
    return (
        f'\n[[segments]]\ntitle = "{title}"\nteam = "sales"\nplanned_seconds = 600\nactual_seconds = 700\n'
        f'status = "{status}"\n{source}'
    )


def parked(title: str) -> str:
    return f'\n[[parked]]\ntitle = "{title}"\nteam = "joint"\n'


FILES = {
    "2026-01-05-a.toml": minutes(
        "m1",
        "2026-01-05",
        ATTENDEES
        + action("m1#1", "One-pager")
        + action("m1#2", "Call ACME", segment="Pipeline")
        + parked("Pricing")
        + parked("Budget")
        + '\n[[concerns]]\ntext = "Leads are cold"\nfrom_team = "sales"\nto_team = "marketing"\nsegment = "Pipeline"\n'
        + '\n[[decisions]]\ntext = "Ship it"\n',
    ),
    "2026-01-12-b.toml": minutes(
        "m2",
        "2026-01-12",
        ATTENDEES
        + action("m1#2", "A second m1#2")
        + update("m1#1", "open", owner="kim")
        + update("nope#1", "done")
        + update("m5#1", "done")
        + segment("pricing", parked_from="m1")
        + '\n[[proposals_taken]]\nid = "p1"\nsegment = "pricing"\n'
        + '\n[[insights]]\ntext = "Buyers ask for SSO"\n',
    ),
    "2026-01-12-c.toml": minutes("m2", "2026-01-19", action("m2#9", "Ignored with its minutes")),
    "2026-01-20-d.toml": minutes(
        "m5",
        "2026-01-20",
        action("m5#1", "Later")
        + update("m1#2", "done")
        + update("m1#1", "open", owner="Lee")
        + '\n[[proposals_declined]]\nid = "p1"\ntitle = "Too late"\n'
        + '\n[[proposals_declined]]\nid = "p2"\ntitle = "No"\nreason = "later"\n'
        + segment("Budget", parked_from="elsewhere"),
    ),
    "2026-01-27-e.toml": minutes("m6", "2026-01-27", update("m1#2", "open") + update("m5#1", "dropped")),
    "2026-01-27-f.toml": minutes("m7", "2026-01-27", start="08:00:00-05:00", body=update("m1#2", "done")),
    "2026-02-02-broken.toml": 'id = "m8"\ntitle = \n',
    "2026-02-03-unknown-key.toml": minutes("m9", "2026-02-03", 'colour = "blue"\n'),
}


@pytest.fixture
def corners(tmp_path: Path) -> MinutesRepo:
    root = tmp_path / "team"
    folder = root / "minutes" / "2026"
    folder.mkdir(parents=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (root / "people.toml").write_text('[[people]]\nname = "Lee"\nteam = "joint"\n', encoding="utf-8")
    return MinutesRepo(root)


@pytest.mark.parametrize("whole", [True, False])
def test_every_rule_s_corner_gives_the_same_history(
    corners: MinutesRepo, tmp_path: Path, whole: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not whole:  # a first build folded in parts, the per-file indexes dropped and laid again (a big history's)
        monkeypatch.setattr(history_fold, "FOLD_AT_ONCE", 3)
        monkeypatch.setattr(history_fold, "REINDEX_FROM", 0)
    cache = tmp_path / "cache"
    reference = load_history(corners, use_cache=False)
    assert len(reference.warnings) == 6  # two broken files, a second m2, a second m1#2, two updates of nothing
    assert reference.proposal_outcomes and reference.parked and reference.concern_log
    same(corners, cache)
    same(corners, cache)  # warm
    folder = corners.minutes_dir / "2026"
    (folder / "2026-01-12-b.toml").unlink()  # m2's other file now counts; m5#1's early update is gone
    same(corners, cache)
    (folder / "2026-01-12-b.toml").write_text(FILES["2026-01-12-b.toml"], encoding="utf-8")
    same(corners, cache)
    (corners.root / "people.toml").write_text('[[people]]\nname = "Lee"\nteam = "marketing"\n', encoding="utf-8")
    same(corners, cache)
    text = FILES["2026-01-20-d.toml"].replace("2026-01-20", "2026-01-02")  # now before the action it closes
    (folder / "2026-01-20-d.toml").write_text(text, encoding="utf-8")
    same(corners, cache)


def test_a_generated_history_gives_the_same_answers_through_its_changes(tmp_path: Path) -> None:
    root = make_history().generate(tmp_path / "team", 160, commit=False)
    repo = MinutesRepo(root)
    cache = tmp_path / "cache"
    same(repo, cache)
    files = sorted(repo.minutes_dir.rglob("*.toml"))
    with_updates = [path for path in files if "[[action_updates]]" in path.read_text(encoding="utf-8")]
    with_updates[len(with_updates) // 2].unlink()
    files[3].write_text(files[3].read_text(encoding="utf-8").replace('status = "open"', 'status = "done"'))
    copy = files[5].with_name("zz-copy.toml")  # the same content twice: a second minutes with its id
    copy.write_bytes(files[5].read_bytes())
    same(repo, cache)
    copy.unlink()
    same(repo, cache)
    with sqlite3.connect(cache_path(repo.minutes_dir, cache)) as db:
        (count,) = db.execute("SELECT count(*) FROM minutes").fetchone()
    assert count == len(list(repo.minutes_dir.rglob("*.toml")))  # the rows of the removed contents are gone


def test_only_the_parts_asked_for_are_read(corners: MinutesRepo, tmp_path: Path) -> None:
    full = load_history(corners, cache_dir=tmp_path)
    part = load_history(corners, cache_dir=tmp_path, parts=["open"])
    assert part.meetings == () and part.decision_log == () and part.warnings == full.warnings
    assert [state.id for state in part.actions] == [state.id for state in full.actions if state.is_open]
    os.utime(corners.minutes_dir)  # nothing changed: the same answer
    assert load_history(corners, cache_dir=tmp_path, parts=["open"]) == part
