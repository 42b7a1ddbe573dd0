"""The Now panel's heading: a long title wraps in the width its team's badge leaves it, the badge keeps the first
line's right edge, and the line of who owns the segment follows under the whole title."""

from __future__ import annotations

from textual.geometry import Region

from meetingtui.tui.widgets.segment_heading import SegmentHeading

from .conftest import settled

TEMPLATE = """
title = "Launch review"

[[segments]]
title = "Pipeline that is stalling in the enterprise segment since the pricing change last quarter"
team = "marketing"
duration = "10m"
owner = "Sam"
"""


async def test_a_long_title_wraps_beside_the_badge_and_the_owner_line_follows(repo, meeting_app) -> None:
    (repo.root / "agendas").mkdir(exist_ok=True)
    (repo.root / "agendas" / "launch.toml").write_text(TEMPLATE, encoding="utf-8")
    app = meeting_app("launch")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        heading = app.screen.query_one(SegmentHeading)
        width = heading.size.width
        lines = [strip.text for strip in heading.render_lines(Region(0, 0, width, heading.size.height))]
        badge = " MARKETING "
        assert lines[0].endswith(badge) and len(lines[0]) == width  # the badge at the right edge of the first line
        title_lines = lines[:-1]
        assert len(title_lines) >= 2  # wrapped, never cut
        assert all(len(line.rstrip()) <= width - len(badge) for line in title_lines[1:])  # in the title's column
        title = " ".join(line.removesuffix(badge).strip() for line in title_lines)
        assert title == "Pipeline that is stalling in the enterprise segment since the pricing change last quarter"
        assert lines[-1].startswith("Segment 1 of 1  ·  Sam")
        assert heading.size.height == len(lines)  # its height follows the wrapped title
