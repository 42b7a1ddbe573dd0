"""Property tests: any agenda file either loads and round-trips, or is refused with a located InputError."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.durations import format_duration
from meetingtui.domain.errors import InputError
from meetingtui.store.agendas import load_agenda_file
from meetingtui.store.toml_io import dumps, parse_toml

KEYS = ["title", "description", "duration", "cadence", "warn_at", "segments"]
SEGMENT_KEYS = ["title", "team", "duration", "owner", "kind", "prompts"]
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_durations = st.one_of(
    st.integers(-100, 10**6).map(format_duration),
    st.integers(-5, 600),
    st.sampled_from(["90s", "5m", "1h15m", "0m", "5m1h", "1m1m", " 5M ", "10", "-5m", "5 minutes", "1.5m", "²m", ""]),
    _text,
)
_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    _text,
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC) | st.none()),
    st.times(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)
_segment = st.fixed_dictionaries(
    {
        "title": _text | st.sampled_from(["Pipeline", "Content requests"]),
        "team": st.sampled_from(["sales", "marketing", "joint", "Sales", "engineering", ""]),
        "duration": _durations,
    },
    optional={
        "owner": _text,
        "kind": st.sampled_from(["standard", "review-actions", "open-floor", "keynote"]),
        "prompts": st.lists(_text, max_size=3),
    },
)
_agenda = st.fixed_dictionaries(
    {"title": _text | st.just("Weekly sync"), "segments": st.lists(_segment, max_size=4)},
    optional={
        "description": _text,
        "duration": _durations,
        "cadence": st.sampled_from(["weekly", "biweekly", "monthly", "quarterly", "daily", "Weekly"]),
        "warn_at": st.one_of(_durations, st.sampled_from(["20%", "0%", "100%", "nan%", "1e1%", "-5%", "%"])),
    },
)


@st.composite
def mutated_agendas(draw: st.DrawFn) -> dict[str, Any]:
    """A valid-ish agenda with a few keys added, removed or given values of any type."""
    agenda = draw(_agenda)
    for _ in range(draw(st.integers(0, 3))):
        target = agenda
        segments = (
            [s for s in agenda.get("segments", []) if isinstance(s, dict)]
            if isinstance(agenda.get("segments"), list)
            else []
        )
        if segments and draw(st.booleans()):
            target = draw(st.sampled_from(segments))
        choice = draw(st.sampled_from(["add", "drop", "retype"]))
        key = draw(st.sampled_from([*KEYS, *SEGMENT_KEYS, "duraton", "titel"]) | _text)
        if choice == "drop":
            target.pop(key, None)
        else:
            target[key] = draw(_values)
    return agenda


def _toml(document: dict[str, Any]) -> str | None:
    """The document as TOML text, or None when TOML cannot hold it (naive datetimes with a date are fine)."""
    try:
        return dumps(document)
    except (TypeError, ValueError):
        return None


@st.composite
def agenda_texts(draw: st.DrawFn) -> str:
    """TOML text of a mutated agenda, sometimes with its characters cut, doubled or replaced."""
    text = _toml(draw(mutated_agendas())) or 'title = "x"\n'
    for _ in range(draw(st.integers(0, 2))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 8)))
        pieces = ["", "\n", "=", "[", "]]", '"', "'''", "#", ",", "{", "\\", text[start:end] * 2]
        replacement = draw(st.sampled_from(pieces))
        text = text[:start] + replacement + text[end:]
    return text


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("agendas")


def _check(path: Path) -> None:
    """Load ``path``: a valid agenda must round-trip; a refusal must be a located InputError."""
    try:
        agenda = load_agenda_file(path)
    except InputError as error:
        text = str(error)
        assert text.startswith(f"{path}:"), text
        assert error.message.strip(), text
        assert error.where, f"no line:col or field path in: {text}"
        assert re.fullmatch(r"\d+:\d+", error.where) or re.match(r"[^\s\[\]]", error.where), text
        return
    assert isinstance(agenda, Agenda)
    again = Agenda.model_validate(parse_toml(dumps(agenda.to_document()), path))
    assert again == agenda
    assert again.to_document() == agenda.to_document()


@PROPERTY
@given(document=mutated_agendas())
def test_any_agenda_document_loads_or_is_refused_with_a_location(document: dict[str, Any], folder: Path) -> None:
    text = _toml(document)
    if text is None:
        return
    path = folder / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    _check(path)


@PROPERTY
@given(text=agenda_texts())
def test_any_agenda_text_loads_or_is_refused_with_a_location(text: str, folder: Path) -> None:
    path = folder / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    _check(path)


@PROPERTY
@given(data=st.binary(max_size=64), prefix=st.sampled_from([b"", b'title = "x"\n', b"[[segments]]\n"]))
def test_any_bytes_load_or_are_refused_with_an_input_error(data: bytes, prefix: bytes, folder: Path) -> None:
    path = folder / "agenda.toml"
    path.write_bytes(prefix + data)
    try:
        load_agenda_file(path)
    except InputError as error:
        assert str(error).startswith(f"{path}:")
