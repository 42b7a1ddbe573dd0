"""The names of a shared minutes repository's files and folders: the layout docs/PRODUCT.md describes."""

from __future__ import annotations

SETTINGS_FILE = "meetingtui.toml"
PEOPLE_FILE = "people.toml"
AGENDAS_DIR = "agendas"
PROPOSALS_DIR = "proposals"
REPORT_FILE = "REPORT.md"
"""The alignment report, kept current at the top of the repository (``report = false`` turns it off)."""
