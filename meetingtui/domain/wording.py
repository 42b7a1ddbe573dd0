"""Words that depend on a number: "1 action", "2 actions" (never "action(s)")."""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` and ``noun`` agreeing: ``plural(1, "action")`` → "1 action", ``plural(3, "action")`` → "3 actions"."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"
