"""One parser for every date a person types: due dates, --since, in any case."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.duedates import DueDateError, parse_date, parse_due
from meetingtui.domain.wording import plural

TUESDAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "weekday", "expected"),
    [
        ("today", "next", TUESDAY),
        ("TODAY", "last", TUESDAY),
        ("Yesterday", "last", dt.date(2026, 11, 30)),
        ("tomorrow", "next", dt.date(2026, 12, 2)),
        ("+3d", "next", dt.date(2026, 12, 4)),
        ("-2w", "last", dt.date(2026, 11, 17)),
        ("-2W", "next", dt.date(2026, 11, 17)),
        ("+1w", "last", dt.date(2026, 12, 8)),
        ("fri", "next", dt.date(2026, 12, 4)),
        ("Fri", "last", dt.date(2026, 11, 27)),
        ("tuesday", "next", dt.date(2026, 12, 8)),  # never today: a week later
        ("TUE", "last", dt.date(2026, 11, 24)),  # never today: a week earlier
        ("mon", "last", dt.date(2026, 11, 30)),
        ("2026-12-04", "last", dt.date(2026, 12, 4)),
        ("  ", "next", None),
    ],
)
def test_date_words(text: str, weekday: str, expected: dt.date | None) -> None:
    assert parse_date(text, TUESDAY, weekday=weekday) == expected  # type: ignore[arg-type]


def test_due_dates_use_the_same_parser() -> None:
    assert parse_due("FRI", TUESDAY) == dt.date(2026, 12, 4)
    assert parse_due("-1d", TUESDAY) == dt.date(2026, 11, 30)


@pytest.mark.parametrize("text", ["last tuesday", "fr", "+3m", "2026-13-01", "-99999w"])
def test_what_is_not_a_date_says_what_is(text: str) -> None:
    with pytest.raises(DueDateError, match="today, yesterday, tomorrow, \\+3d, -2w or a weekday"):
        parse_date(text, TUESDAY)


def test_team_names_in_any_case_are_read_and_written_lower_case() -> None:
    agenda = Agenda.model_validate(
        {
            "title": "T",
            "segments": [
                {"title": "Pipeline", "team": "Sales", "duration": "5m"},
                {"title": "Content", "team": " MARKETING ", "duration": 5},
            ],
        }
    )
    assert [s.team for s in agenda.segments] == [Team.SALES, Team.MARKETING]
    assert [s["team"] for s in agenda.to_document()["segments"]] == ["sales", "marketing"]


def test_plurals() -> None:
    assert [plural(n, "action") for n in (0, 1, 2)] == ["0 actions", "1 action", "2 actions"]
    assert plural(1, "person", "people") == "1 person" and plural(2, "person", "people") == "2 people"
