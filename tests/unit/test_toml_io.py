"""Minutes as TOML: the written file is plain TOML 1.0 that a second parser (tomlkit) reads the same way."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.domain.minutes import Minutes
from meetingtui.store.minutes_store import load_minutes
from meetingtui.store.toml_io import dumps, parse_toml


@pytest.fixture
def tomlkit() -> ModuleType:
    """A second, independent TOML parser (test extra); missing in CI is a failure, not a skip."""
    try:
        import tomlkit
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("tomlkit is not installed: pip install -e '.[test]'")
    return tomlkit


VALID = Path(__file__).parents[1] / "corpus" / "valid"
TABLE_LISTS = ("attendees", "segments", "actions", "decisions", "concerns", "insights", "parked", "action_updates")
TRICKY_TEXT = [
    "She said \"\"\"no\"\"\" and '''never'''",
    'ends with a quote"',
    'ends with three quotes"""',
    "back\\slash \\n not a newline \\u0041",
    "tab\there",
    "line one\nline two\n\n\nline five",
    "windows\r\nline ends",
    "a bell \x07, an escape \x1b[31m, a DEL \x7f",
    "Zoë, Ångström, 東京, مرحبا, 🎉",
    "# not a comment",
    '[[actions]]\nid = "injected"',
    'key = "value"',
]


def rich() -> Minutes:
    """The corpus minutes plus every tricky string and several time zones."""
    minutes = load_minutes(VALID / "minutes-rich.toml")
    data = minutes.model_dump()
    nepal = dt.timezone(dt.timedelta(hours=5, minutes=45))
    data["started_at"] = dt.datetime(2026, 11, 27, 10, 0, 3, 250000, tzinfo=nepal)
    data["ended_at"] = dt.datetime(2026, 11, 27, 1, 47, 12, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30)))
    for index, text in enumerate(TRICKY_TEXT):
        data["decisions"].append({"text": text, "segment": text})
        data["segments"].append(
            {
                "title": text,
                "team": "joint",
                "planned_seconds": index,
                "actual_seconds": 0,
                "status": "skipped",
                "notes": text,
            }
        )
    return Minutes.model_validate(data)


def same_data(left: Any, right: Any) -> bool:
    """Equal, with times compared by their text so that a lost UTC offset counts as a difference."""
    if isinstance(left, dt.datetime) and isinstance(right, dt.datetime):
        return left.isoformat() == right.isoformat()
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_data(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_data(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


def test_rich_minutes_round_trip_through_toml() -> None:
    minutes = rich()
    text = dumps(minutes.to_document())
    loaded = Minutes.model_validate(tomllib.loads(text))
    assert loaded == minutes
    assert loaded.model_dump(mode="json") == minutes.model_dump(mode="json")  # offsets and microseconds too
    assert loaded.started_at.utcoffset() == dt.timedelta(hours=5, minutes=45)


def test_a_second_parser_reads_the_same_data(tomlkit: ModuleType) -> None:
    text = dumps(rich().to_document())
    ours = tomllib.loads(text)
    theirs = tomlkit.parse(text).unwrap()
    assert same_data(ours, theirs)
    assert Minutes.model_validate(theirs) == rich()


def test_writing_is_stable() -> None:
    text = dumps(rich().to_document())
    assert dumps(tomllib.loads(text)) == text
    assert dumps(rich().to_document()) == text


def test_lists_of_records_are_array_of_tables_blocks(tomlkit: ModuleType) -> None:
    minutes = rich()
    text = dumps(minutes.to_document())
    document = tomlkit.parse(text)
    for key in TABLE_LISTS:
        blocks = document[key]
        assert isinstance(blocks, tomlkit.items.AoT), key  # [[key]] blocks, not an inline array
        assert len(blocks) == len(getattr(minutes, key))
        for table in blocks:
            nested = (tomlkit.items.InlineTable, tomlkit.items.Table)
            assert not any(isinstance(value, nested) for value in table.values())
    head = text[: text.index("\n[[")]
    assert head.startswith("schema_version = 1\nid = ")
    assert not re.search(r"^\[", head, flags=re.MULTILINE)
    for key in ("title", "agenda", "date", "started_at", "ended_at", "facilitator"):
        assert re.search(rf"^{key} = ", head, flags=re.MULTILINE), key


def test_empty_lists_and_missing_values_are_left_out() -> None:
    minutes = Minutes.model_validate(
        {
            "id": "m",
            "title": "T",
            "agenda": "a",
            "date": "2026-11-27",
            "started_at": "2026-11-27T10:00:00Z",
            "ended_at": "2026-11-27T10:30:00Z",
            "actions": [{"id": "m#1", "text": "Call ACME"}],
        }
    )
    text = dumps(minutes.to_document())
    assert "[[actions]]" in text
    for absent in ("facilitator", "attendees", "segments", "owner", "due", "decisions", "[]"):
        assert absent not in text
    assert Minutes.model_validate(tomllib.loads(text)) == minutes


def test_minutes_written_by_another_tool_load() -> None:
    minutes = load_minutes(VALID / "minutes-other-tool.toml")
    assert [(a.name, a.team.value, a.present) for a in minutes.attendees] == [
        ("Sam", "sales", True),
        ("Dana", "marketing", False),
    ]
    assert minutes.started_at == dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    assert minutes.segments[0].notes == "MQL → SQL: 12%\nC:\\funnel\\q4.xlsx"
    assert minutes.decisions[0].text == 'Leads need a "why now" note'
    assert minutes.actions[0].due == dt.date(2026, 12, 8)
    assert minutes.concerns[0].from_team.value == "sales"
    assert minutes.action_updates[0].status.value == "done"
    # Rewritten in our layout, the same data comes back.
    assert Minutes.model_validate(tomllib.loads(dumps(minutes.to_document()))) == minutes


def test_windows_line_ends_and_a_byte_order_mark_load(tmp_path: Path) -> None:
    source = (VALID / "minutes-other-tool.toml").read_text(encoding="utf-8")
    crlf = tmp_path / "2026-12-01-funnel-review.toml"
    crlf.write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode())
    assert load_minutes(crlf) == load_minutes(VALID / "minutes-other-tool.toml")


def test_parse_toml_accepts_text_and_bytes() -> None:
    assert parse_toml('a = "é"') == parse_toml('a = "é"'.encode()) == {"a": "é"}


_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)  # NUL: refused


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_ANY_TEXT, notes=_ANY_TEXT, key_text=_ANY_TEXT)
def test_any_text_round_trips(title: str, notes: str, key_text: str, tomlkit: ModuleType) -> None:
    minutes = Minutes.model_validate(
        {
            "id": "m",
            "title": title.strip() or "T",
            "agenda": "a",
            "date": "2026-11-27",
            "started_at": "2026-11-27T10:00:00+01:00",
            "ended_at": "2026-11-27T10:30:00+01:00",
            "segments": [
                {
                    "title": "S",
                    "team": "sales",
                    "planned_seconds": 1,
                    "actual_seconds": 2,
                    "status": "done",
                    "notes": notes,
                }
            ],
            "insights": [{"text": "x", "source": key_text, "content_idea": notes}],
        }
    )
    text = dumps(minutes.to_document())
    assert Minutes.model_validate(tomllib.loads(text)) == minutes
    assert Minutes.model_validate(tomlkit.parse(text).unwrap()) == minutes
