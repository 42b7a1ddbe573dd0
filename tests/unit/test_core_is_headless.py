"""The domain core and the storage layer never import Textual (checked in a clean interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import meetingtui.domain
import meetingtui.store


def _modules(package) -> list[str]:
    return [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


def test_domain_and_store_do_not_import_textual() -> None:
    modules = _modules(meetingtui.domain) + _modules(meetingtui.store)
    assert "meetingtui.domain.meeting" in modules and "meetingtui.store.toml_io" in modules
    code = (
        "import importlib, sys\n"
        + "".join(f"importlib.import_module({m!r})\n" for m in modules)
        + (
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "print(bad)\nsys.exit(1 if bad else 0)\n"
        )
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
