"""The Now panel's heading: the segment's title beside its team's badge, and under it where the meeting is and who
owns the segment.

One widget draws what a row of two Statics (title and badge) and the Static under it drew: each widget costs ~7M
instructions before the first frame (mount, styles, layout; bench/frame_instructions.py). The title wraps in the
width the badge leaves it, as it did in its own column.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class SegmentHeading(Widget):
    """Title (wrapped beside the badge), then the owner line; each as the caller styled it, on the CSS's base."""

    COMPONENT_CLASSES = {"segment-heading--title", "segment-heading--owner"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = self.badge = self.owner = Content("")

    def show(self, title: Text, badge: Text, owner: Text) -> None:
        """Show these (user text already made visible by the caller)."""
        shown = tuple(Content.from_rich_text(text) for text in (title, badge, owner))
        if shown != (self.title, self.badge, self.owner):
            self.title, self.badge, self.owner = shown
            self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        badge_width = self.badge.cell_length
        title = self.title.stylize_before(self.get_visual_style("segment-heading--title"))
        lines = title.wrap(max(1, width - badge_width)) or [Content("")]
        first = lines[0]
        lines[0] = first.pad_right(max(0, width - badge_width - first.cell_length)) + self.badge
        owner = self.owner.stylize_before(self.get_visual_style("segment-heading--owner"))
        return [*lines, *(owner.wrap(width) or [Content("")])]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))
