"""The one Mermaid label escaper: nothing typed can end a string or start a comment, a directive or a statement."""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from meetingtui.store.mermaid import bar_chart, mermaid_label, pie_chart

HOSTILE = [
    'say "hi"',
    "a: b",
    "x [1] (2) {3}",
    "one; two",
    "%%{init: {'theme': 'dark'}}%%",
    "#1 # not a comment",
    "🚀 launch 👩‍👩‍👧",
    "مرحبا بالعالم",
    "שלום; עולם",
    "back\\slash `tick` <b>&amp;</b>",
    "line\nbreak\ttab",
]
# After Mermaid swaps entity codes out, a label may hold only letters, digits, spaces, "-", "." and "_".
SAFE = re.compile(r'"(?:[^\W_]|[ ._-]|#\d+;|…)*"')


def decoded(label: str) -> str:
    """What Mermaid draws: the entity codes as the characters they stand for."""
    return html.unescape(re.sub(r"#(\d+);", r"&#\1;", label[1:-1]))


def test_hostile_labels_become_entity_codes_and_read_back_as_typed() -> None:
    for text in HOSTILE:
        label = mermaid_label(text)
        assert SAFE.fullmatch(label), label
        assert decoded(label) == " ".join(text.split())
    assert mermaid_label('a"b') == '"a#34;b"'
    assert mermaid_label("%%") == '"#37;#37;"' and mermaid_label("#") == '"#35;"'
    assert mermaid_label("a;b:c") == '"a#59;b#58;c"'
    assert mermaid_label("مرحبا") == '"مرحبا"'  # letters of any script stay as they are
    assert mermaid_label("🚀") == '"#128640;"'


def test_long_labels_are_cut_to_the_limit() -> None:
    label = mermaid_label("x" * 100, limit=10)
    assert decoded(label) == "x" * 9 + "…"


@given(st.text(max_size=80))
def test_any_text_is_safe_and_survives(text: str) -> None:
    label = mermaid_label(text, limit=200)
    assert SAFE.fullmatch(label), label
    printable = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")
    assert decoded(label) == " ".join(printable.split())


def test_charts_leave_out_zero_slices_and_quote_every_label() -> None:
    pie = pie_chart("Time", [('S"a', 5), ("M", 0), ("J", 2.5)])
    assert pie.splitlines() == ["```mermaid", "pie title Time", '    "S#34;a" : 5', '    "J" : 2.5', "```"]
    assert pie_chart("Nothing", [("a", 0)]) == ""
    bar = bar_chart("Per agenda", ["a;b", "c"], [3, 4], "Meetings")
    assert '    x-axis ["a#59;b", "c"]' in bar.splitlines() and "    bar [3, 4]" in bar.splitlines()
    assert '    y-axis "Meetings" 0 --> 4' in bar.splitlines()
    assert bar_chart("Empty", [], [], "n") == ""
