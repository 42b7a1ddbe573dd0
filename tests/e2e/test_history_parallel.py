"""A cold index parsed by worker processes holds exactly what one process writes, and says the same."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.store import history_parse
from meetingtui.store.history_rows import FILE_INDEXES, TABLES
from meetingtui.store.toml_io import MAX_TOML_BYTES
from tests.e2e.test_history_index import commit, index_of, minutes_path, save

IDS = [f"2026-{month:02d}-{day:02d}-weekly-sync.k3f9q2x{letter}" for month, day, letter in [(9, 7, "a"), (9, 14, "b")]]
IDS += [f"2026-10-{day:02d}-weekly-sync.p7d2w4h{letter}" for day, letter in [(5, "c"), (12, "d"), (19, "e"), (26, "f")]]


@pytest.fixture
def history(git_repo: Path) -> Path:
    """Six meetings whose actions are re-assigned and closed later, a broken file, a duplicate id, one too large."""
    for number, minutes_id in enumerate(IDS):
        earlier = [(f"{IDS[number - 1]}#1", "done")] if number else []
        save(git_repo, minutes_id, [(f"Task {number}", "Sam"), (f"Other {number}", "Kim")], updates=earlier)
    broken = minutes_path(git_repo, IDS[2]).with_name("2026-10-06-broken.toml")
    broken.write_text('id = "2026-10-06-broken"\ntitle = \n')
    twin = minutes_path(git_repo, IDS[3])
    twin.with_name("2026-10-13-twin.toml").write_text(twin.read_text())
    (broken.parent / "2026-10-07-huge.toml").write_bytes(b"# " + b"x" * MAX_TOML_BYTES + b"\n")
    commit(git_repo, "a history")
    return git_repo


def run(root: Path) -> tuple[bytes, str]:
    result = CliRunner().invoke(main, ["actions", "--format", "json", "--repo", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes, result.stderr


def tables(root: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(index_of(root)) as db:
        found = {table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES - {"meta"}}
        found["rowids"] = db.execute("SELECT rowid, key FROM minutes ORDER BY rowid").fetchall()
        found["indexes"] = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY 1").fetchall()
    return found


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files this process parsed itself (the workers' are not seen here)."""
    seen: list[str] = []
    original = history_parse.parse_into
    monkeypatch.setattr(history_parse, "parse_into", lambda *args: seen.append(args[-1]) or original(*args))
    return seen


def test_workers_build_the_same_index_as_one_process(history: Path, monkeypatch, parse_calls: list[str]) -> None:
    serial = run(history)
    assert len(parse_calls) == 9 and "huge.toml" in serial[1] and "broken.toml" in serial[1]
    built = tables(history)
    assert {name for name, _ in built["indexes"]} >= set(FILE_INDEXES)  # dropped for the first build, laid again
    index_of(history).unlink()
    parse_calls.clear()
    monkeypatch.setattr(history_parse, "PARALLEL_FROM", 2)
    monkeypatch.setattr(history_parse, "CHUNK", 2)  # five chunks over two workers, merged in order
    monkeypatch.setattr(history_parse, "_workers", lambda: 2)
    assert run(history) == serial
    assert parse_calls == ["2026/2026-10-07-huge.toml"]  # the one a worker leaves to the caller: too large
    assert tables(history) == built


ONE_THEN_DIE = """
import pickle, sys
from meetingtui.store.history_parse import parse_chunk
root, chunks = pickle.load(sys.stdin.buffer)
pickle.dump(parse_chunk(root, chunks[0]), sys.stdout.buffer)
sys.exit(3)
"""


@pytest.mark.parametrize("worker", ["answers once then dies", "cannot start"])
def test_when_a_worker_fails_the_rest_is_parsed_here(
    history: Path, monkeypatch, parse_calls: list[str], worker: str
) -> None:
    serial = run(history)
    built = tables(history)
    index_of(history).unlink()
    parse_calls.clear()
    monkeypatch.setattr(history_parse, "PARALLEL_FROM", 2)
    monkeypatch.setattr(history_parse, "CHUNK", 3)  # worker 0: chunks 0 and 2; worker 1: chunk 1
    monkeypatch.setattr(history_parse, "_workers", lambda: 2)
    argv = [sys.executable, "-c", ONE_THEN_DIE] if worker != "cannot start" else [str(history / "no-such-python")]
    monkeypatch.setattr(history_parse, "_worker_argv", lambda: argv)
    assert run(history) == serial and tables(history) == built
    files = sorted(path.name for path in (history / "minutes" / "2026").glob("*.toml"))
    if worker == "cannot start":
        assert sorted(Path(path).name for path in parse_calls) == files
    else:  # chunk 2 never came; the huge file (chunk 1) is always the caller's
        assert sorted(Path(path).name for path in parse_calls) == sorted([files[4], *files[6:]])


def test_one_worker_per_core_unless_the_machine_is_very_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 0.0, 0.0))
    assert history_parse._workers() == 4
    monkeypatch.setattr(os, "getloadavg", lambda: (7.9, 0.0, 0.0))
    assert history_parse._workers() == 4
    monkeypatch.setattr(os, "getloadavg", lambda: (8.0, 0.0, 0.0))
    assert history_parse._workers() == 1
