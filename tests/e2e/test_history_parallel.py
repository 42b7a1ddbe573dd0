"""A cold index parsed by worker processes holds exactly what one process writes, and says the same."""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.store import history_parse
from meetingtui.store.history_rows import TABLES
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
    index_of(history).unlink()
    parse_calls.clear()
    monkeypatch.setattr(history_parse, "PARALLEL_FROM", 2)
    monkeypatch.setattr(history_parse, "CHUNK", 2)  # five chunks over two workers, merged in order
    monkeypatch.setattr(history_parse, "_cores", lambda: 2)
    assert run(history) == serial
    assert parse_calls == ["2026/2026-10-07-huge.toml"]  # the one a worker leaves to the caller: too large
    assert tables(history) == built


def test_when_the_workers_fail_the_rest_is_parsed_here(history: Path, monkeypatch, parse_calls: list[str]) -> None:
    serial = run(history)
    built = tables(history)
    index_of(history).unlink()
    parse_calls.clear()

    class Broken:
        """A pool whose first chunk comes back and whose second dies, as when a worker is killed."""

        def __init__(self, *args, **kwargs) -> None:
            self.chunks = 0

        def submit(self, function, root, chunk) -> Future:
            future: Future = Future()
            self.chunks += 1
            if self.chunks == 1:
                future.set_result(function(root, chunk))
            else:
                future.set_exception(BrokenProcessPool("a worker died"))
            return future

        def shutdown(self, **kwargs) -> None:
            pass

    monkeypatch.setattr(history_parse, "PARALLEL_FROM", 2)
    monkeypatch.setattr(history_parse, "CHUNK", 3)
    monkeypatch.setattr(history_parse, "_cores", lambda: 2)
    monkeypatch.setattr(history_parse, "ProcessPoolExecutor", Broken)
    assert run(history) == serial
    assert len(parse_calls) == 9 - 3 and tables(history) == built  # all but the first chunk's three
