"""Mermaid charts for Markdown pages that git hosts render: the one label escaper and the two chart kinds we draw.

Only ``pie`` and ``xychart-beta`` are used (both in Mermaid 10.6+ and current
releases). Every label goes through :func:`mermaid_label`: whatever a person
typed (quotes, ``:``, ``;``, brackets, ``%%``, ``#``, emoji, right-to-left
script) ends up drawn as text and can neither end the string nor start a
directive, a comment or a new statement.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

LABEL_LIMIT = 60
WIDE = '%%{init: {"xyChart": {"width": 1000, "xAxis": {"labelFontSize": 11}}}}%%'
"""Our own directive (no user text in it): a wider chart for long category names."""
_PLAIN = frozenset(" -._")


def mermaid_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` as a double-quoted Mermaid string: one line, at most ``limit`` characters.

    Letters and digits of any script stay as they are; every other character
    (control characters are dropped) becomes Mermaid's entity code (``#34;`` for ``"``, ``#128512;`` for 😀).
    Mermaid swaps these codes out before it parses the diagram and writes them
    into the SVG as HTML character references, so they are drawn as the
    characters they stand for.
    """
    words = " ".join("".join(ch for ch in str(text) if ch.isspace() or unicodedata.category(ch) != "Cc").split())
    if len(words) > limit:
        words = words[: limit - 1] + "…"
    return '"' + "".join(ch if ch.isalnum() or ch in _PLAIN else f"#{ord(ch)};" for ch in words) + '"'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def pie_chart(title: str, slices: Sequence[tuple[str, float]]) -> str:
    """A ``pie`` block; slices of zero are left out (Mermaid draws nothing for them); empty when all are zero."""
    shown = [(label, value) for label, value in slices if value > 0]
    if not shown:
        return ""
    lines = ["```mermaid", f"pie title {mermaid_label(title)[1:-1]}"]
    lines += [f"    {mermaid_label(label)} : {_number(value)}" for label, value in shown]
    return "\n".join([*lines, "```"])


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float],
    y_label: str,
    top: float | None = None,
    wide: bool = False,
) -> str:
    """An ``xychart-beta`` bar chart, one bar per category (in the order given); empty when there are none.

    ``wide`` draws it 1000 px wide with smaller axis labels, so that long names (agendas) do not overlap.
    """
    if not categories:
        return ""
    peak = top if top is not None else max([*values, 1])
    axis = ", ".join(mermaid_label(category, 40) for category in categories)
    values_text = ", ".join(_number(value) for value in values)
    return "\n".join(
        [
            "```mermaid",
            *([WIDE] if wide else []),
            "xychart-beta",
            f"    title {mermaid_label(title)}",
            f"    x-axis [{axis}]",
            f"    y-axis {mermaid_label(y_label)} 0 --> {_number(peak)}",
            f"    bar [{values_text}]",
            "```",
        ]
    )
