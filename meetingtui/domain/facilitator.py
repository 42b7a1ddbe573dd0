"""Who facilitates: the first of the given name, git's user name on the roster, and the last facilitator."""

from __future__ import annotations

from collections.abc import Iterable

from meetingtui.domain.roster import Roster


def choose_facilitator(
    *, given: str | None, git_name: str | None, last: str | None, roster: Iterable[str]
) -> str | None:
    """The facilitator to record, or ``None`` when the person must be asked.

    ``given`` (``--facilitator`` or the repository's setting) wins, as the roster's full name when it names one;
    git's ``user.name`` counts only when the roster knows it (a laptop's git name is often a login, not a person);
    then the last facilitator of this clone.
    """
    people = Roster.of((name, None) for name in roster)
    if given and given.strip():
        return people.canonical(given)
    if git_name and git_name.strip():
        found = people.canonical(git_name)
        if found in people.names:
            return found
    return last.strip() if last and last.strip() else None
