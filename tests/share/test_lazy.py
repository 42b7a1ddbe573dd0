"""aiohttp and segno are imported only when the meeting is shared (first frame and memory are benchmarked)."""

from __future__ import annotations

from tests.fresh_imports import loaded_after


def test_the_app_and_the_cli_do_not_import_the_web_server() -> None:
    app = ["meetingtui.cli", "meetingtui.cli.run", "meetingtui.tui.app", "meetingtui.tui.screens.meeting"]
    loaded = loaded_after(
        [*app, "meetingtui.tui.commands", "meetingtui.session"], ("aiohttp", "segno", "meetingtui.share")
    )
    assert loaded == []
