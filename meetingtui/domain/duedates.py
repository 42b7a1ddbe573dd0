"""Due dates as a facilitator types them: ``2026-12-04``, ``+3d``, ``+2w``, ``fri``, ``tomorrow``."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE = re.compile(r"^\+(\d{1,3})\s*([dw])$")


class DueDateError(ValueError):
    """A due date that cannot be read; the message lists what is accepted."""


def parse_due(text: str, today: dt.date) -> dt.date | None:
    """The date ``text`` means, counted from ``today``; ``None`` for empty text.

    A weekday name means the next such day after today (``fri`` on a Friday is a week later).
    """
    value = text.strip().lower()
    if not value:
        return None
    if value == "today":
        return today
    if value == "tomorrow":
        return today + dt.timedelta(days=1)
    match = _RELATIVE.match(value)
    if match:
        number, unit = int(match.group(1)), match.group(2)
        return today + dt.timedelta(days=number * (7 if unit == "w" else 1))
    if len(value) >= 3:
        for index, name in enumerate(WEEKDAYS):
            if name.startswith(value):
                ahead = (index - today.weekday() - 1) % 7 + 1
                return today + dt.timedelta(days=ahead)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DueDateError(f"{text!r} is not a date: use 2026-12-04, +3d, +2w, a weekday (fri) or tomorrow") from None
