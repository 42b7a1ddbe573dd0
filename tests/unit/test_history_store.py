"""Reading all minutes of a repository: broken files, other tools' TOML, and the index's invalidation (no git)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.store import history_parse
from meetingtui.store.history_store import cache_path, load_all_minutes, load_history
from meetingtui.store.repo import MinutesRepo

LONG_AGO = time.time() - 7 * 86400


def minutes_toml(minutes_id: str, date: str, actions: str = "", extra: str = "") -> str:
    return f"""schema_version = 1
id = "{minutes_id}"
title = "Weekly sync"
agenda = "weekly-sync"
date = {date}
started_at = {date}T10:00:00+01:00
ended_at = {date}T10:45:00+01:00
{extra}
{actions}"""


def action(minutes_id: str, n: int, text: str, owner: str = "Sam", team: str = "sales", due: str = "2026-12-04") -> str:
    return f"""
[[actions]]
id = "{minutes_id}#{n}"
text = "{text}"
owner = "{owner}"
team = "{team}"
due = {due}
"""


# Written by another tool: inline tables, arrays of inline tables, keys in another order, a comment.
OTHER_TOOL = """# exported by a spreadsheet macro
action_updates = [ { status = "done", id = "2026-11-02-weekly-sync#1", note = "shipped" } ]
actions = [
  { text = "Record a demo", id = "2026-11-09-weekly-sync#1", team = "marketing", owner = "Kim", due = 2026-11-20 },
]
attendees = [{team = "sales", name = "Sam"}, {name = "Kim", team = "marketing", present = false}]
ended_at = 2026-11-09T11:00:00Z
started_at = 2026-11-09T10:00:00Z
date = 2026-11-09
agenda = "weekly-sync"
title = "Weekly sync"
id = "2026-11-09-weekly-sync"
decisions = [{ text = "Ship the comparison page" }]

[[segments]]
status = "done"
actual_seconds = 700
planned_seconds = 600
team = "sales"
title = "Pipeline review"
"""


def write(repo: Path, name: str, text: str, mtime: float | None = LONG_AGO) -> Path:
    path = repo / "minutes" / name[:4] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def repo(tmp_path: Path) -> MinutesRepo:
    root = tmp_path / "team"
    write(
        root,
        "2026-11-02-weekly-sync.toml",
        minutes_toml(
            "2026-11-02-weekly-sync",
            "2026-11-02",
            action("2026-11-02-weekly-sync", 1, "One-pager") + action("2026-11-02-weekly-sync", 2, "Call ACME"),
        ),
    )
    write(root, "2026-11-09-weekly-sync.toml", OTHER_TOOL)
    return MinutesRepo(root)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The minutes files actually parsed (index misses)."""
    seen: list[Path] = []
    original = history_parse.parse_model

    def counting(data: bytes, path: Path, model: type):
        seen.append(path)
        return original(data, path, model)

    monkeypatch.setattr(history_parse, "parse_model", counting)
    return seen


def rows(repo: MinutesRepo) -> int:
    with sqlite3.connect(cache_path(repo.minutes_dir)) as db:
        return db.execute("SELECT count(*) FROM minutes").fetchone()[0]


def test_reads_other_tools_toml_and_folds_it(repo: MinutesRepo) -> None:
    history = load_history(repo)
    assert history.warnings == ()
    assert [m.id for m in history.meetings] == ["2026-11-02-weekly-sync", "2026-11-09-weekly-sync"]
    opened = {s.id: s for s in history.open_actions(history.meetings[-1].date)}
    assert set(opened) == {"2026-11-02-weekly-sync#2", "2026-11-09-weekly-sync#1"}
    assert opened["2026-11-09-weekly-sync#1"].team is Team.MARKETING
    assert [e.item.text for e in history.decisions()] == ["Ship the comparison page"]
    assert history.meetings[-1].present == {Team.SALES: 1, Team.MARKETING: 0, Team.JOINT: 0}


def test_broken_files_are_skipped_with_a_warning_naming_them(repo: MinutesRepo) -> None:
    bad_syntax = write(repo.root, "2026-11-16-weekly-sync.toml", 'id = "2026-11-16-weekly-sync"\ntitle = \n')
    bad_field = write(
        repo.root,
        "2026-11-23-weekly-sync.toml",
        minutes_toml("2026-11-23-weekly-sync", "2026-11-23", extra='colour = "blue"'),
    )
    history = load_history(repo)
    assert len(history.meetings) == 2
    syntax, field = history.warnings
    assert syntax.startswith(f"{bad_syntax}:2:") and "TOML syntax" in syntax
    assert field.startswith(f"{bad_field}: colour: unknown key")


def test_warm_cache_reads_no_file_and_gives_the_same_history(repo: MinutesRepo, reads: list[Path]) -> None:
    cold = load_history(repo)
    assert len(reads) == 2
    reads.clear()
    warm = load_history(repo)
    assert reads == []
    assert warm == cold


def first_texts(history) -> list[str]:
    return [state.original.text for state in history.actions if state.minutes == "2026-11-02-weekly-sync"]


def test_an_edited_file_is_read_again(repo: MinutesRepo, reads: list[Path]) -> None:
    load_history(repo)
    path = repo.minutes_dir / "2026" / "2026-11-02-weekly-sync.toml"
    text = path.read_text().replace("One-pager", "Two-pager")  # same size
    path.write_text(text)
    os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))
    reads.clear()
    history = load_history(repo)
    assert reads == [path]
    assert first_texts(history)[0] == "Two-pager"
    path.write_text(text + action("2026-11-02-weekly-sync", 3, "More"))  # other size, same mtime
    os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))
    assert first_texts(load_history(repo)) == ["Two-pager", "Call ACME", "More"]


def test_a_deleted_file_drops_out_of_history_and_cache(repo: MinutesRepo) -> None:
    load_history(repo)
    (repo.minutes_dir / "2026" / "2026-11-09-weekly-sync.toml").unlink()
    history = load_history(repo)
    assert [m.id for m in history.meetings] == ["2026-11-02-weekly-sync"] and history.warnings == ()
    assert rows(repo) == 1


@pytest.mark.parametrize("garbage", [b"", b"not a cache\n", b"\x00\xff" * 100, "truncate", "middle", "deleted"])
def test_a_damaged_or_deleted_index_is_rebuilt_from_the_files(
    repo: MinutesRepo, reads: list[Path], garbage: bytes | str
) -> None:
    expected = load_history(repo)
    index = cache_path(repo.minutes_dir)
    data = index.read_bytes()
    if garbage == "deleted":
        index.unlink()
    elif garbage == "truncate":
        index.write_bytes(data[: len(data) // 2])
    elif garbage == "middle":  # every page after the header overwritten
        index.write_bytes(data[:100] + b"\xde\xad" * ((len(data) - 100) // 2))
    else:
        index.write_bytes(garbage)
    reads.clear()
    assert load_history(repo) == expected
    assert sorted(reads) == sorted(repo.minutes_dir.rglob("*.toml"))
    reads.clear()
    assert load_history(repo) == expected and reads == []  # rebuilt
    assert rows(repo) == 2


def test_an_index_of_other_models_is_rebuilt(repo: MinutesRepo, reads: list[Path]) -> None:
    load_history(repo)
    with sqlite3.connect(cache_path(repo.minutes_dir)) as db:
        db.execute("UPDATE meta SET fingerprint = 'older models'")
    reads.clear()
    load_history(repo)
    assert len(reads) == 2
    reads.clear()
    load_history(repo)
    assert reads == []


def test_an_index_of_an_older_format_is_rebuilt(repo: MinutesRepo, reads: list[Path]) -> None:
    expected = load_history(repo)
    with sqlite3.connect(cache_path(repo.minutes_dir)) as db:
        db.execute("PRAGMA user_version = 1")
    reads.clear()
    assert load_history(repo) == expected
    assert len(reads) == 2


def test_broken_files_are_remembered_too(repo: MinutesRepo, reads: list[Path]) -> None:
    broken = write(repo.root, "2026-11-16-weekly-sync.toml", "id = = 1\n")
    first = load_history(repo).warnings
    reads.clear()
    assert load_history(repo).warnings == first and reads == []
    assert first[0].startswith(f"{broken}:1:")


def test_a_same_size_edit_that_keeps_its_times_is_seen_at_once(repo: MinutesRepo, reads: list[Path]) -> None:
    path = repo.minutes_dir / "2026" / "2026-11-02-weekly-sync.toml"
    before = path.stat()
    load_history(repo)
    path.write_text(path.read_text().replace("One-pager", "Two-pager"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` or `rsync -t` leave it
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    reads.clear()
    history = load_history(repo)
    assert reads == [path]
    assert first_texts(history)[0] == "Two-pager"


def test_a_file_written_this_second_is_kept_in_the_index(repo: MinutesRepo, reads: list[Path]) -> None:
    fresh = write(
        repo.root, "2026-11-16-weekly-sync.toml", minutes_toml("2026-11-16-weekly-sync", "2026-11-16"), mtime=None
    )
    load_history(repo)
    reads.clear()
    history = load_history(repo)
    assert reads == [] and history.meetings[-1].id == "2026-11-16-weekly-sync" and fresh.exists()


def test_an_unwritable_cache_only_costs_speed(repo: MinutesRepo, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    history = load_history(repo, cache_dir=blocker / "cache")
    assert len(history.meetings) == 2 and history.warnings == ()


def test_no_cache_when_asked(repo: MinutesRepo, reads: list[Path]) -> None:
    load_all_minutes(repo, use_cache=False)
    load_all_minutes(repo, use_cache=False)
    assert len(reads) == 4 and not cache_path(repo.minutes_dir).exists()


def test_a_broken_roster_is_a_warning(repo: MinutesRepo) -> None:
    (repo.root / "people.toml").write_text("[[people]]\nname = 'Kim'\n")
    history = load_history(repo)
    assert len(history.warnings) == 1 and "people.toml" in history.warnings[0]
    assert len(history.meetings) == 2


def test_unreadable_entries_are_warnings(repo: MinutesRepo) -> None:
    loop = repo.minutes_dir / "2026" / "2026-11-30-weekly-sync.toml"
    loop.symlink_to(loop)
    folder = repo.minutes_dir / "2026" / "2026-12-01-weekly-sync.toml"
    folder.mkdir()
    minutes, warnings = load_all_minutes(repo)
    assert len(minutes) == 2
    assert sorted(w.split(": ")[0] for w in warnings) == [str(loop), str(folder)]


def test_a_busy_index_is_read_around_and_left_alone(repo: MinutesRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetingtui.store import history_index

    expected = load_history(repo)
    monkeypatch.setattr(history_index, "BUSY_SECONDS", 0.05)
    index = cache_path(repo.minutes_dir)
    before = index.stat().st_ino
    writer = sqlite3.connect(index, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # another process in the middle of writing it
    try:
        assert load_history(repo) == expected
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert index.stat().st_ino == before and rows(repo) == 2  # not taken for damage and thrown away


def test_a_huge_file_is_a_warning_with_its_real_size_and_never_stored(repo: MinutesRepo) -> None:
    huge = write(repo.root, "2026-11-16-weekly-sync.toml", "# " + "x" * (6 * 1024 * 1024) + "\n")
    for _ in range(2):
        history = load_history(repo)
        assert len(history.meetings) == 2
        assert history.warnings == (
            f"{huge}: file is {huge.stat().st_size // 1024} KiB; files over 5 MiB are not read",
        )
    assert rows(repo) == 2
