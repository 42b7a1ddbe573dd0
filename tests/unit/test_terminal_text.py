"""The one rule for text shown in a terminal: every control character is shown, never sent."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingtui.domain.errors import InputError, shown
from meetingtui.domain.terminal_text import UNSAFE, control_problem, visible

HOSTILE = "a\x1b]0;title\x07b\x1b[2J\x9b31m\u202eevil\u2066x\u2069\x7f\x00\r"


def test_every_control_character_is_shown() -> None:
    assert visible(HOSTILE) == "a␛]0;title␇b␛[2J\\u009b31m\\u202eevil\\u2066x\\u2069\\u007f␀␍"
    assert visible("line\n\tnext", keep_newlines=True) == "line\n\tnext"
    assert visible("line\n\tnext") == "line␊␉next"


@given(st.text())
def test_visible_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    once = visible(text)
    assert not UNSAFE.search(once)
    assert visible(once) == once
    assert "\x1b" not in visible(text, keep_newlines=True)


@given(st.text())
def test_json_made_visible_reads_back_the_same(text: str) -> None:
    encoded = visible(json.dumps({"t": text}, ensure_ascii=False), keep_newlines=True)
    assert not UNSAFE.search(encoded.replace("\n", ""))
    assert json.loads(encoded) == {"t": text}


def test_a_problem_names_the_character_and_where() -> None:
    assert control_problem("ok\tfine\n", keep_newlines=True) is None
    assert control_problem("Sam\x1b[2J") == (
        "holds the control character ␛ (at character 4), that a terminal acts on or that hides text — remove it"
    )
    assert "a NUL byte (at character 2)" in (control_problem("a\x00") or "")


def test_error_messages_show_quoted_values_escaped() -> None:
    assert shown("a\x9bb\u202e") == '"a\\u009bb\\u202e"'
    error = InputError("agendas/x\x1b].toml", "bad \x1b[2J value", "title")
    assert error.line() == "agendas/x␛].toml: title: bad ␛[2J value"


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x9b", "\u202e"])
def test_hand_written_files_refuse_control_characters(char: str) -> None:
    from pydantic import ValidationError

    from meetingtui.domain.agenda import Agenda
    from meetingtui.domain.settings import Person, RepoSettings

    segment = {"title": "t", "team": "sales", "duration": "5m"}
    for build in (
        lambda: Agenda(title=f"x{char}", segments=[segment]),
        lambda: Agenda(title="x", description=f"two\nlines{char}", segments=[segment]),
        lambda: Agenda(title="x", segments=[{**segment, "prompts": ["fine", f"bad{char}"]}]),
        lambda: Person(name=f"Sam{char}", team="sales"),
        lambda: RepoSettings(remote=f"origin{char}"),
    ):
        with pytest.raises(ValidationError, match="remove it"):
            build()
    assert Agenda(title="x", description="two\nlines\tok", segments=[segment]).description == "two\nlines\tok"
    for build in (lambda: RepoSettings(remote="a\tb"), lambda: Person(name="Sam\nLee", team="sales")):
        with pytest.raises(ValidationError, match="remove it"):
            build()
