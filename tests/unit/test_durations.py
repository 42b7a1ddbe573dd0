from __future__ import annotations

import pytest

from meetingtui.domain.durations import (
    DurationError,
    format_clock,
    format_duration,
    format_hours,
    parse_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("5m", 300),
        ("1h15m", 4500),
        (10, 600),
        ("10", 600),
        ("1h", 3600),
        ("2m30s", 150),
        (" 5M ", 300),
        ("1h0m5s", 3605),
    ],
)
def test_parse_duration(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("seconds", [0, 1, 45, 60, 90, 300, 3599, 3600, 4500, 86400])
def test_format_duration_round_trips(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


def test_zero_reads_in_seconds_beside_exact_durations_and_in_minutes_beside_rounded_ones() -> None:
    assert [format_duration(s) for s in (0, 3, 80)] == ["0s", "3s", "1m20s"]
    assert [format_hours(s) for s in (0, 20, 45 * 60)] == ["0m", "0m", "45m"]


@pytest.mark.parametrize("bad", ["", "5x", "5m1h", "1m1m", "abc", -1, True, 1.5, "m", "5 minutes"])
def test_bad_durations_say_what_is_accepted(bad: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (0.2, "0:01"),
        (59.5, "1:00"),
        (61, "1:01"),
        (3600, "1:00:00"),
        (-0.5, "+0:00"),
        (-1, "+0:01"),
        (-61.5, "+1:01"),
        (-3700, "+1:01:40"),
    ],
)
def test_format_clock(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown
