"""The controller's one rewriting of the test modules (tests/rewrite_once.py) is what pytest's import hook reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.rewrite_once import rewrite_test_modules

FAILING = "def test_it():\n    left = [1, 2]\n    assert left == [1, 3]\n"


def test_each_module_is_rewritten_once_and_pytest_runs_that_byte_code(tmp_path: Path, pytestconfig) -> None:
    (tmp_path / "test_sample.py").write_text(FAILING)
    (tmp_path / "helper.py").write_text("VALUE = 1\n")  # not a test module: pytest never rewrites it
    assert rewrite_test_modules(pytestconfig, tmp_path) == 1
    assert rewrite_test_modules(pytestconfig, tmp_path) == 0  # found, not written again
    (written,) = (tmp_path / "__pycache__").glob("test_sample.*-pytest-*.pyc")
    # Spoil the source's code but keep its size and mtime: pytest must run the byte code written above.
    stat = (tmp_path / "test_sample.py").stat()
    (tmp_path / "test_sample.py").write_text(FAILING.replace("[1, 3]", "[1, 4]"))
    os.utime(tmp_path / "test_sample.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "assert [1, 2] == [1, 3]" in run.stdout, run.stdout  # rewritten (introspection), and from our pyc
    assert written.exists()
