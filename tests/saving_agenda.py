"""A short agenda that saves like a real meeting (the built-in rehearsal never commits)."""

from __future__ import annotations

from pathlib import Path

SHORT = str(Path(__file__).resolve().parent / "fixtures" / "agendas" / "rehearsal.toml")
"""Pass it where a template name goes (``run SHORT``, ``resolve_agenda(SHORT)``); its name is ``rehearsal``."""
