"""Team colours (the one source, also as CSS variables), badges and bars; user text shown as typed."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from meetingtui.domain.agenda import TEAM_LABELS, Team
from meetingtui.domain.durations import block_bar
from meetingtui.domain.terminal_text import visible

TEAM_COLOURS: dict[Team, str] = {
    # Mid tones: readable as text on dark and light terminals, and as badges with white text.
    Team.SALES: "#d9822b",
    Team.MARKETING: "#8a63d2",
    Team.JOINT: "#2a9d8f",
}


def team_css_variables() -> dict[str, str]:
    """``$team-sales`` … for the stylesheets: the colours above, the one source."""
    return {f"team-{team.value}": colour for team, colour in TEAM_COLOURS.items()}


def literal(text: str) -> Content:
    """User text (titles, names, notes, errors quoting them) as typed.

    Textual reads a plain ``str`` as markup: "[WIP] launch plan" would lose its
    "[WIP]" and "[/draft]" would raise. Rich tables and DataTable cells get
    ``rich.text.Text`` instead, for the same reason. Control characters are shown, not sent
    (:func:`~meetingtui.domain.terminal_text.visible`): Textual strips only a few of them.
    """
    return Content(visible(text, keep_newlines=True))


def team_badge(team: Team) -> Text:
    """`` SALES `` on the team's colour."""
    return Text(f" {TEAM_LABELS[team].upper()} ", style=f"bold white on {TEAM_COLOURS[team]}")


def team_text(team: Team | None, text: str | None = None) -> Text:
    """``text`` (default: the team's name) in the team's colour."""
    if team is None:
        return Text(visible(text or "—"), style="dim")
    return Text(visible(text) if text is not None else TEAM_LABELS[team], style=f"bold {TEAM_COLOURS[team]}")


def bar(fraction: float, width: int, colour: str) -> Text:
    """A horizontal bar of ``width`` cells, ``fraction`` of it filled (eighths for smoothness)."""
    blocks = block_bar(fraction, width)
    full = blocks.rstrip("▏▎▍▌▋▊▉")
    text = Text(full, style=colour)
    text.append(blocks[len(full) :], style=colour)  # the eighth as its own span, as the snapshots have it
    text.append("·" * (width - len(text)), style="dim")
    return text
