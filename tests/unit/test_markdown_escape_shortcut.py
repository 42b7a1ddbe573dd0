"""escape_text's shortcut for a plain line gives exactly what escaping it line by line gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingtui.store.markdown import ONE_LINE, escape_lines, escape_text

# Plain words, blanks at the ends, everything the escaper reacts to, and the characters that break lines.
_PIECES = st.sampled_from(
    [
        "demo", "Pipeline", " ", "  ", "\t", "3", "12.", "1)", "#", "-", "+", "=", ":", "*", "_", "`", "[x]", "|",
        "~", "$", "<", ">", "&", "&amp;", "@", "a@b.io", "://", "http://x.y", "www.", "WWW.", "wWw.", "\n", "\r\n",
        "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\x7f", "é", "٣", "\u00a0", "ſ", "K",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=8).map("".join) | st.text(max_size=40)


@given(text=_TEXTS, autolinks=st.booleans(), newline=st.sampled_from(["\\\n", ONE_LINE]))
def test_the_shortcut_changes_nothing(text: str, autolinks: bool, newline: str) -> None:
    assert escape_text(text, newline, autolinks=autolinks) == escape_lines(text, newline, autolinks=autolinks)


@pytest.mark.parametrize("text", ["Plain words.", "  padded  ", "", "   ", "Topic 3: demo trial"])
def test_plain_lines_take_the_shortcut_and_stay_themselves(text: str) -> None:
    assert escape_text(text) == text.strip()


@pytest.mark.parametrize("text", ["# heading", "- item", "1. first", "12) twelfth", "a*b", "see www.x.io"])
def test_lines_with_something_to_escape_are_escaped(text: str) -> None:
    assert escape_text(text) != text
