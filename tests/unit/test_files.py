from __future__ import annotations

import os
import stat
from pathlib import Path

from meetingtui.store.files import TEMP_PREFIX, atomic_write_text, remove_stray_temp_files


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "minutes" / "2026" / "a.toml"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.toml"]


def test_new_files_follow_the_umask_and_replacements_keep_their_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    atomic_write_text(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    atomic_write_text(target, "y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_stray_temp_files_are_removed(tmp_path: Path) -> None:
    (tmp_path / "2026").mkdir()
    stray = tmp_path / "2026" / f"{TEMP_PREFIX}abc"
    stray.write_text("half a file")
    keep = tmp_path / "2026" / "keep.toml"
    keep.write_text("x")
    assert remove_stray_temp_files(tmp_path) == [stray]
    assert keep.exists() and not stray.exists()
