"""The built-in templates ship inside the wheel and are found there once installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    # hatchling's own build API: the same backend `pip wheel` would call, without pip's overhead.
    subprocess.run(
        [sys.executable, "-c", "import sys, hatchling.build as b; b.build_wheel(sys.argv[1])", str(out)],
        cwd=PROJECT,
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("meetingtui-*.whl")
    return built


def test_the_wheel_contains_every_builtin_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(path.name for path in (PROJECT / "agendas").glob("*.toml"))
    assert "weekly-sync.toml" in templates and len(templates) >= 7
    missing = [name for name in templates if f"meetingtui/agendas/{name}" not in names]
    assert missing == []


def test_the_installed_package_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import json; from meetingtui.store.agendas import builtin_agendas_dir, list_agendas\n"
        "print(json.dumps([str(builtin_agendas_dir()), [(e.name, e.error is None) for e in list_agendas(None)]]))"
    )
    # PYTHONPATH comes before the editable install's path entry, so the unpacked wheel is what gets imported.
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    folder, entries = json.loads(result.stdout)
    assert Path(folder) == site / "meetingtui" / "agendas"
    expected = sorted(path.stem for path in (PROJECT / "agendas").glob("*.toml"))
    assert entries == [[name, True] for name in expected]
