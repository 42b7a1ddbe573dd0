"""Reading who might attend: the roster (people.toml) and the attendees of the newest minutes."""

from __future__ import annotations

from meetingtui.domain.attendance import Listed
from meetingtui.domain.errors import InputError
from meetingtui.store.minutes_store import load_minutes, minutes_files
from meetingtui.store.repo import MinutesRepo

RECENT_MINUTES = 4
"""How many of the newest minutes files suggest attendees: enough to know the regulars, cheap to read."""


def read_people(repo: MinutesRepo) -> tuple[list[Listed], list[Listed], str | None]:
    """The roster and the newest minutes' attendees (newest first); disk only, so it runs in a thread."""
    error = None
    try:
        roster = [Listed(p.name, p.team, note=p.role or "") for p in repo.people.people]
    except (InputError, OSError) as exc:
        roster, error = [], str(exc)
    recent: list[Listed] = []
    for path in reversed(minutes_files(repo)[-RECENT_MINUTES:]):
        try:
            minutes = load_minutes(path)
        except (InputError, OSError):
            continue  # a broken file must not keep people off the list
        recent += [Listed(a.name, a.team, note=f"came {minutes.date:%d %b}") for a in minutes.attendees]
    return roster, recent, error
