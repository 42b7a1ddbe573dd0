"""The suite's temporary folders: in memory when the machine has room, on disk for tests marked ``on_disk``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DISK_TEMP


def filesystem_of(path: Path) -> str:
    """The type of the filesystem ``path`` is on (the longest mount point above it in /proc/mounts)."""
    mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text().splitlines()]
    _, kind = max(((point, kind) for point, kind in mounts if path.is_relative_to(point)), key=lambda m: len(m[0]))
    return kind


needs_mounts = pytest.mark.skipif(not Path("/proc/mounts").exists(), reason="no /proc/mounts to read")


@needs_mounts
@pytest.mark.on_disk
def test_a_test_marked_on_disk_has_its_folder_and_home_on_disk(tmp_path: Path, isolated_user: Path) -> None:
    for folder in (tmp_path, isolated_user, Path(os.environ["XDG_STATE_HOME"]).parent):
        assert folder.resolve().is_relative_to(DISK_TEMP.resolve()), folder
        assert filesystem_of(folder.resolve()) == filesystem_of(DISK_TEMP.resolve())


@needs_mounts
def test_other_tests_have_theirs_in_memory_when_the_suite_chose_it(tmp_path: Path, isolated_user: Path) -> None:
    memory = os.environ.get("TMPDIR")
    if not memory or Path(memory).resolve() == DISK_TEMP.resolve():
        pytest.skip("this run keeps temporary folders where TMPDIR said")
    for folder in (tmp_path, isolated_user):
        assert folder.resolve().is_relative_to(Path(memory).resolve()), folder
        assert filesystem_of(folder.resolve()) == "tmpfs"
