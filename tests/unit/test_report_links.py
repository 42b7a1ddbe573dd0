"""The report's links to minutes pages (store/report_page.minutes_links): each folder resolved once, the same hrefs
as resolving every page — through a symlinked folder, a symlinked page and a page not there."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from meetingtui.store.repo import MinutesRepo
from meetingtui.store.report_page import minutes_links


def test_links_are_those_of_every_page_resolved(tmp_path: Path) -> None:
    root = tmp_path / "team"
    year = root / "minutes" / "2026"
    year.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "minutes" / "2025").symlink_to(elsewhere)  # a symlinked year folder
    (elsewhere / "b.md").write_text("")
    (tmp_path / "real-c.md").write_text("")
    (year / "c.md").symlink_to(tmp_path / "real-c.md")  # a symlinked page
    (year / "a d.md").write_text("")
    known = {
        "a": year / "a d.toml",
        "b": root / "minutes" / "2025" / "b.toml",
        "c": year / "c.toml",
        "e": year / "e.toml",  # no page (yet)
        "f": None,
    }
    base = root / "docs"
    links = minutes_links(MinutesRepo(root), known, base, known)
    expected = {
        mid: None
        if path is None
        else quote(Path(os.path.relpath(path.with_suffix(".md").resolve(), base.resolve())).as_posix())
        for mid, path in known.items()
    }
    assert links == expected
    assert (
        links["b"] == "../../elsewhere/b.md"
        and links["c"] == "../../real-c.md"
        and links["a"] == "../minutes/2026/a%20d.md"
    )
