"""Who to list for attendance: the roster, recent attendees, and segment owners that are people, not roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from meetingtui.domain.agenda import Team
from meetingtui.domain.live import LiveSegment
from meetingtui.domain.roster import Resolved, Roster, Unknown

ROLE_WORDS = frozenset(
    {
        "lead",
        "leads",
        "facilitator",
        "manager",
        "ops",
        "operations",
        "executive",
        "head",
        "director",
        "rep",
        "reps",
        "team",
        "owner",
        "everyone",
        "all",
        "sdr",
        "sdrs",
        "bdr",
        "ae",
        "aes",
        "vp",
        "chief",
        "cmo",
        "cro",
        "ceo",
        "founder",
        "host",
        "chair",
        "coordinator",
        "specialist",
        "analyst",
        "marketing",
        "sales",
        "joint",
        "product",
        "customer",
        "success",
        "field",
        "content",
        "demand",
        "growth",
        "account",
        "the",
        "and",
    }
)


def looks_like_name(owner: str) -> bool:
    """``Sam`` or ``Dana Lee`` rather than a role such as ``Marketing ops lead`` or ``Facilitator``."""
    words = owner.split()
    return 0 < len(words) <= 3 and all(
        word[:1].isupper() and word.replace("-", "").replace("'", "").isalpha() and word.casefold() not in ROLE_WORDS
        for word in words
    )


@dataclass
class Listed:
    """One person on the attendance list."""

    name: str
    team: Team
    present: bool = False
    note: str = ""

    @property
    def key(self) -> str:
        return self.name.casefold()


def merge_people(
    listed: Iterable[Listed], roster: Iterable[Listed], recent: Iterable[Listed], segments: Iterable[LiveSegment]
) -> list[Listed]:
    """Everyone to list: those ``listed`` already (their ticks kept), the roster, recent attendees, and the
    owners of segments who are people, each with a note saying which segment they lead."""
    known = {person.key: person for person in listed}
    for person in roster:
        if person.key in known:
            known[person.key].note = known[person.key].note or person.note
        else:
            known[person.key] = person
    for person in recent:
        known.setdefault(person.key, person)
    # Owners are often roles ("Sales lead"); only a person's name, with a side, is worth listing.
    for segment in segments:
        found = Roster.of((person.name, person.team) for person in known.values()).resolve(segment.owner or "")
        owner = found.name if isinstance(found, Resolved | Unknown) else ""  # "Marco" is "Marco Rossi" when listed
        if owner.casefold() in known:
            person = known[owner.casefold()]
            leads = person.note + ", " if person.note.startswith("leads ") else "leads "
            person.note = f"{leads}“{segment.title}”"
        elif looks_like_name(owner) and segment.team is not Team.JOINT:
            known[owner.casefold()] = Listed(owner, segment.team, note=f"leads “{segment.title}”")
    return list(known.values())


def with_facilitator(people: list[Listed], name: str | None, roster: Iterable[Listed] = ()) -> list[Listed]:
    """``people`` with the facilitator listed: ticked present when newly listed, on the roster's team when known.

    A facilitator the roster does not know is listed as joint (they run the meeting for both teams).
    """
    if not name:
        return people
    key = name.casefold()
    known = {person.key: person for person in roster}
    for person in people:
        if person.key == key:
            if key in known:
                person.team = known[key].team
            return people
    team = known[key].team if key in known else Team.JOINT
    return [*people, Listed(name, team, present=True, note="facilitates")]
