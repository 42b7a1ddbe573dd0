"""Durations as people write them ("90s", "5m", "1h15m", 10) and as clocks show them."""

from __future__ import annotations

import functools
import math
import re

from meetingtui.domain.errors import shown

_PART = re.compile(r"(\d+)\s*([hms])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[hms]\s*)+$")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ACCEPTED = 'is not a duration: write "90s", "5m", "1h15m" or a whole number of minutes'


class DurationError(ValueError):
    """A duration that cannot be read; the message says what is accepted."""


def parse_duration(value: str | int) -> int:
    """Return the number of seconds in ``value``.

    Accepts a whole number of minutes (``10`` or ``"10"``) or a string of
    hour/minute/second parts in that order (``"90s"``, ``"5m"``, ``"1h15m"``).
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DurationError(f"{shown(value)} {_ACCEPTED}")
    if isinstance(value, int):
        if value < 0:
            raise DurationError(f"{value} is negative: a duration cannot be")
        return value * 60
    text = value.strip().lower()
    if text.isascii() and text.isdigit():
        return int(text) * 60
    if not text or not _WHOLE.match(text):
        raise DurationError(f"{shown(value)} {_ACCEPTED}")
    parts = _PART.findall(text)
    units = [unit for _, unit in parts]
    order = "hms"
    if len(set(units)) != len(units) or [order.index(u) for u in units] != sorted(order.index(u) for u in units):
        raise DurationError(f"{shown(value)}: write hours, minutes and seconds once each, in that order")
    return sum(int(number) * _UNIT_SECONDS[unit] for number, unit in parts)


@functools.lru_cache(maxsize=4096)
def format_duration(seconds: int) -> str:
    """The string ``parse_duration`` reads back as ``seconds``: "1h15m", "5m", "1m30s", "45s", "0s".

    Zero is ``0s``: it sits in columns of exact durations beside ``3s`` and ``1m20s``, where ``0m``
    read as a coarser unit (Actual 0m next to 3s). Remembered: a report's per-meeting tables format
    ~12,000 durations at 2,000 meetings, most of them seen before.
    """
    seconds = max(0, int(seconds))
    if seconds == 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "m"), (secs, "s")]
    return "".join(f"{number}{unit}" for number, unit in parts if number)


def adjusted_duration(seconds: int, delta: int) -> int | None:
    """A segment's length after ``+``/``-`` of ``delta`` seconds; ``None`` when that is refused.

    The one rule for the agenda editor and the running meeting alike: a segment always lasts
    more than zero seconds (an agenda's ``duration`` must be positive); to drop it, remove or skip it.
    """
    result = int(seconds) + int(delta)
    return result if result > 0 else None


def format_clock(seconds: float) -> str:
    """A countdown as the screen shows it: ``M:SS`` or ``H:MM:SS``; ``+M:SS`` when negative.

    Remaining time rounds up (a countdown shows 0:01 until the second is over);
    overrun rounds down (``+0:01`` after one full second over).
    """
    sign = "+" if seconds < 0 else ""
    total = int(-seconds) if seconds < 0 else math.ceil(seconds - 1e-9)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_minutes(seconds: float) -> str:
    """Whole minutes for tables and balances: ``"12m"``; under a minute shows seconds."""
    seconds = round(seconds)
    if abs(seconds) < 60:
        return f"{seconds}s"
    return f"{round(seconds / 60)}m"


def format_signed_duration(seconds: int) -> str:
    """An exact over/under figure: ``+1m20s``, ``-30s``, ``±0`` (whole seconds, as the minutes keep them)."""
    seconds = int(seconds)
    if seconds == 0:
        return "±0"
    return ("+" if seconds > 0 else "-") + format_duration(abs(seconds))


def format_signed_minutes(seconds: float) -> str:
    """An over/under figure: ``+3m``, ``-2m``, ``±0``; seconds below a minute."""
    seconds = round(seconds)
    if seconds == 0:
        return "±0"
    sign = "+" if seconds > 0 else "-"
    return sign + format_minutes(abs(seconds))


def format_hours(seconds: float) -> str:
    """A long total rounded to the minute: ``5h20m``, ``45m``; ``0m`` (these figures are whole minutes)."""
    minutes = round(seconds / 60)
    return format_duration(minutes * 60) if minutes else "0m"


def format_signed_hours(seconds: float) -> str:
    """An over/under total rounded to the minute: ``+1h5m``, ``-3m``, ``±0``."""
    return format_signed_duration(round(seconds / 60) * 60)


_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def block_bar(fraction: float, width: int) -> str:
    """``fraction`` (0–1) of ``width`` cells as block characters, eighths included; not padded."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8]
