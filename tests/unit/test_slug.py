"""Titles and ids become file names only through slugify: nothing it returns can escape a folder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from meetingtui.domain.slug import MAX_SLUG, slugify


def test_ordinary_titles() -> None:
    assert slugify("Weekly sales & marketing sync") == "weekly-sales-marketing-sync"
    assert slugify("Café Q4 — review") == "cafe-q4-review"


def test_hostile_names_stay_inside_the_folder() -> None:
    for hostile in ["../../etc/passwd", "/abs/path", ".hidden", "..", "a/b\\c", "\x00nul", "   "]:
        slug = slugify(hostile)
        assert "/" not in slug and "\\" not in slug and ".." not in slug and not slug.startswith(".")
        assert slug  # never empty


@given(st.text(max_size=300))
def test_any_text_gives_a_safe_bounded_name(text: str) -> None:
    slug = slugify(text)
    assert 0 < len(slug) <= MAX_SLUG
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not slug.startswith("-") and not slug.endswith("-")
