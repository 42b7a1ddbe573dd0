"""The people of a repository: the roster (people.toml), the newest minutes' attendees, and adding newcomers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.domain.errors import InputError
from meetingtui.domain.minutes import Attendee
from meetingtui.domain.roster import Member, Roster
from meetingtui.domain.settings import People
from meetingtui.store.files import atomic_write_text
from meetingtui.store.layout import PEOPLE_FILE
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import dumps, parse_model

if TYPE_CHECKING:
    from meetingtui.domain.attendance import Listed

RECENT_MINUTES = 4
"""How many of the newest minutes files suggest attendees: enough to know the regulars, cheap to read."""


def read_people(repo: MinutesRepo) -> tuple[list[Listed], list[Listed], str | None]:
    """The roster and the newest minutes' attendees (newest first); disk only, so it runs in a thread."""
    # The attendance screen's: the roster's functions below are the meeting's before its first frame, these are not.
    from meetingtui.domain.attendance import Listed
    from meetingtui.store.minutes_store import load_minutes, minutes_files

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


def repo_roster(repo: MinutesRepo) -> Roster:
    """``people.toml`` as a :class:`Roster` (raises :class:`InputError` when the file is broken)."""
    return Roster(Member(person.name, person.team) for person in repo.people.people)


def meeting_roster(repo: MinutesRepo, attendees: Iterable[Attendee], newcomers: Iterable[Member]) -> Roster:
    """``people.toml`` (an unreadable one: nobody; the screens say why), then ``attendees`` and ``newcomers``."""
    try:
        people = repo_roster(repo)
    except (InputError, OSError):
        people = Roster()
    return people.with_members([*(Member(a.name, a.team) for a in attendees), *newcomers])


def add_people(repo: MinutesRepo, newcomers: Iterable[Member]) -> Path | None:
    """Append ``newcomers`` that ``people.toml`` lacks (any case) and have a team, as ``[[people]]`` blocks.

    The file's own text (comments, order) is kept; the result is read back before it replaces the file, so a
    roster that would not load is never written. Returns the file when it changed, else ``None``.
    """
    path = repo.kept_inside(repo.root / PEOPLE_FILE)
    known = {person.name.casefold() for person in repo.people.people}
    blocks: list[dict[str, str]] = []
    for member in newcomers:
        if member.team is not None and member.name.strip() and member.name.casefold() not in known:
            known.add(member.name.casefold())
            blocks.append({"name": member.name, "team": member.team.value})
    if not blocks:
        return None
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    text = old + ("\n" if old and not old.endswith("\n") else "") + ("\n" if old.strip() else "")
    text += dumps({"people": blocks})
    people = parse_model(text.encode("utf-8"), path, People)
    atomic_write_text(path, text)
    vars(repo)["people"] = people  # the cached roster (a cached_property) follows the file
    return path
