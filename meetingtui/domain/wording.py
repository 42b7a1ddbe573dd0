"""Words that depend on a number: "1 action", "2 actions" (never "action(s)")."""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` and ``noun`` agreeing: ``plural(1, "action")`` → "1 action", ``plural(3, "action")`` → "3 actions"."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


def pending_words(minutes: int, proposals: int, other: int = 0) -> str:
    """Commits not pushed, by kind: "1 meeting's minutes and 2 proposals" (each meeting's minutes a commit)."""
    parts = []
    if minutes:
        parts.append(("1 meeting's" if minutes == 1 else f"{minutes} meetings'") + " minutes")
    if proposals:
        parts.append(plural(proposals, "proposal"))
    if other > 0:
        parts.append(plural(other, "other commit") if parts else plural(other, "commit"))
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)
