"""Which modules a fresh interpreter has loaded after importing (and running) what a test names."""

from __future__ import annotations

import json
import subprocess
import sys


def loaded_after(modules: list[str], watched: tuple[str, ...], then: str = "") -> list[str]:
    """Those of ``watched`` in ``sys.modules`` once ``modules`` are imported and ``then`` (code) has run."""
    code = f"import sys\nimport {', '.join(modules)}\n{then}\nprint(__import__('json').dumps(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    return sorted(name for name in watched if name in loaded)
