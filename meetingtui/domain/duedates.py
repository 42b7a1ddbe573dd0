"""Dates as people type them, in any case: ``2026-12-04``, ``today``, ``yesterday``, ``+3d``, ``-2w``, ``fri``.

One parser for every place a date is asked for: due dates in the capture
dialog (a weekday means the next one) and ``--since`` on the command line (a
weekday means the last one).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*([dw])$")
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}

DATE_WORDS = "2026-12-04, today, yesterday, tomorrow, +3d, -2w or a weekday (fri)"
"""What :func:`parse_date` accepts, for help texts and error messages."""


class DueDateError(ValueError):
    """A date that cannot be read; the message lists what is accepted."""


def parse_date(text: str, today: dt.date, *, weekday: Literal["next", "last"] = "next") -> dt.date | None:
    """The date ``text`` means, counted from ``today``; ``None`` for empty text.

    A weekday name (``fri``, ``Friday``) means the next such day after today
    (``fri`` on a Friday is a week later), or with ``weekday="last"`` the last
    such day before today.
    """
    value = text.strip().lower()
    if not value:
        return None
    if value in _WORDS:
        return today + dt.timedelta(days=_WORDS[value])
    match = _RELATIVE.match(value)
    if match:
        sign, number, unit = match.groups()
        days = int(number) * (7 if unit == "w" else 1)
        try:
            return today + dt.timedelta(days=days if sign == "+" else -days)
        except OverflowError:
            raise DueDateError(f"{text!r} is too far away: use {DATE_WORDS}") from None
    if len(value) >= 3:
        for index, name in enumerate(WEEKDAYS):
            if name.startswith(value):
                if weekday == "last":
                    return today - dt.timedelta(days=(today.weekday() - index - 1) % 7 + 1)
                return today + dt.timedelta(days=(index - today.weekday() - 1) % 7 + 1)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DueDateError(f"{text!r} is not a date: use {DATE_WORDS}") from None


def parse_due(text: str, today: dt.date) -> dt.date | None:
    """A due date: :func:`parse_date` where a weekday means the next one."""
    return parse_date(text, today, weekday="next")
