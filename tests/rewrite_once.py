"""On a first run, pytest's assertion rewriting of the test modules is done once, not once per worker.

Each xdist worker imports every test module to collect it, and a module without its rewritten byte code
is rewritten from source (~3.8 CPU-s for the suite's modules). On a clean clone (CI) the four workers
start together and all four rewrote every module. The controller, which starts the workers and never
imports the test modules, now writes that byte code first, where and as pytest's own import hook writes
and checks it (source size and mtime), so the workers find it. A warm run only checks it (~0.1 s).

Uses pytest's rewriting helpers, which are not public: pinned to pytest 8 (`pyproject.toml`). Should one
move, :func:`rewrite_test_modules` does nothing and the workers rewrite as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def starts_workers(config: pytest.Config) -> bool:
    """This process is an xdist controller about to start workers."""
    workers = config.getoption("numprocesses", default=None)
    return not hasattr(config, "workerinput") and bool(workers)


def test_modules(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if path.name.startswith("test_") or path.name == "conftest.py")


def rewrite_test_modules(config: pytest.Config, root: Path) -> int:
    """Write the rewritten byte code of each test module under ``root`` that lacks it; how many were written."""
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
            try_makedirs,
        )
    except ImportError:
        return 0
    if assertstate_key not in config.stash:  # --assert=plain: nothing is rewritten
        return 0
    state = config.stash[assertstate_key]
    written = 0
    for source in test_modules(root):
        cache_dir = get_cache_dir(source)
        pyc = cache_dir / (source.name[:-3] + PYC_TAIL)
        if _read_pyc(source, pyc, state.trace) is not None or not try_makedirs(cache_dir):
            continue
        source_stat, code = _rewrite_test(source, config)
        written += _write_pyc(state, code, source_stat, pyc)
    return written
