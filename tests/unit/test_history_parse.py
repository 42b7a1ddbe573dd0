"""Reading one minutes file for the index: the bytes there are, up to just past the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from meetingtui.store import history_parse
from meetingtui.store.toml_io import MAX_TOML_BYTES


def test_a_file_is_read_whole_however_its_size_was_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grew.toml"
    data = b'title = "' + b"x" * 5000 + b'"\n'
    path.write_bytes(data)
    assert history_parse.read_bytes(path) == data
    real = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))  # as if it grew
    assert history_parse.read_bytes(path) == data


def test_a_file_past_the_limit_is_cut_just_past_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (MAX_TOML_BYTES + 100))
    assert len(history_parse.read_bytes(path)) == MAX_TOML_BYTES + 1
    assert history_parse.read_bytes(tmp_path / "gone.toml") is None
    assert "folder" in str(history_parse.read_bytes(tmp_path))
