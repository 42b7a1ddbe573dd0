"""Who a typed name means: one rule for every place a person is named (owners, facilitator, attendance, filters).

A typed name *resolves* to a person on the roster when it is the person's name or
names only them by parts, compared with accents folded and case ignored:

- the whole name (``marco rossi``, ``José`` for "Jose"), or
- every typed word is the start of a word of the name, in the name's order
  (``Marco``, ``rossi``, ``M Rossi``, ``mar ros``); a part inside a word
  (``arco``) names nobody. Hyphens and apostrophes part words too (``marie``
  names "Anne-Marie", ``obrien`` does not name "O'Brien" but ``brien`` does).

An exact name wins over parts (``Dan`` is "Dan" even beside "Dana Lee"). When the
parts fit several people the name is :class:`Ambiguous` (the screen asks, the
command line fails listing them); when they fit nobody it is :class:`Unknown`
(the screen offers to add the person with a team, the command line keeps it with a
warning and no team).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from meetingtui.domain.agenda import Team
from meetingtui.domain.lean import frozen


def fold(text: str) -> str:
    """``text`` compared as people mean it: accents dropped (NFKD), case folded, blanks collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


_WORD_BREAK = re.compile(r"[\s\-\u2010\u2011\u2013'\u2019]+")


def _words(folded: str) -> list[str]:
    """The words of a folded name: parted by blanks, hyphens and apostrophes."""
    return [word for word in _WORD_BREAK.split(folded) if word]


@frozen
class Member:
    """A person the roster knows: the name as written there, and the team (``None``: not known)."""

    name: str
    team: Team | None = None


@frozen
class Resolved:
    """The typed name names one person."""

    name: str
    team: Team | None


@frozen
class Ambiguous:
    """The typed name fits several people: ``candidates`` in roster order."""

    typed: str
    candidates: tuple[Member, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(member.name for member in self.candidates)

    def message(self) -> str:
        """The sentence a command prints: which people the name fits, and what to type instead."""
        return f"{self.typed!r} fits {len(self.names)} people: {', '.join(self.names)} — type more of the name"


@frozen
class Unknown:
    """Nobody on the roster: ``name`` is the typed name, tidied (blanks collapsed)."""

    name: str

    def warning(self) -> str:
        """The line a command prints when it keeps an unknown name."""
        return f"{self.name!r} is not in people.toml: kept as typed, its team unknown (add the person to people.toml)"


Resolution = Resolved | Ambiguous | Unknown


def _words_fit(typed: list[str], words: list[str]) -> bool:
    """Each typed word starts a word of the name, in order (each name word used once)."""
    position = 0
    for part in typed:
        while position < len(words) and not words[position].startswith(part):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


class Roster:
    """The people a name may mean, in order (``people.toml`` first, then others the caller knows of)."""

    def __init__(self, members: Iterable[Member] = ()) -> None:
        self.members: list[Member] = []
        self._folded: list[str] = []
        seen: set[str] = set()
        for member in members:
            key = member.name.casefold()
            if member.name.strip() and key not in seen:  # the same name twice (any case) is one person
                seen.add(key)
                self.members.append(member)
                self._folded.append(fold(member.name))

    @classmethod
    def of(cls, people: Iterable[tuple[str, Team | None]]) -> Roster:
        """A roster from ``(name, team)`` pairs."""
        return cls(Member(name, team) for name, team in people)

    def with_members(self, more: Iterable[Member]) -> Roster:
        """This roster followed by ``more`` (names already here keep their entry)."""
        return Roster([*self.members, *more])

    @property
    def names(self) -> list[str]:
        return [member.name for member in self.members]

    def team_of(self, name: str) -> Team | None:
        """The team of the person ``name`` resolves to, ``None`` when it is not one known person."""
        found = self.resolve(name)
        return found.team if isinstance(found, Resolved) else None

    def resolve(self, typed: str) -> Resolution:
        """Who ``typed`` names (see the module docstring); an empty name is :class:`Unknown` with an empty name."""
        tidy = " ".join(typed.split())
        key = fold(tidy)
        if not key:
            return Unknown("")
        same = [m for m in self.members if m.name.casefold() == tidy.casefold()]
        if same:
            return Resolved(same[0].name, same[0].team)
        folded = list(zip(self.members, self._folded, strict=True))
        whole = [m for m, name in folded if name == key]
        if len(whole) == 1:
            return Resolved(whole[0].name, whole[0].team)
        if whole:  # "Jose" typed, roster has "José" and "José": only the person can say
            return Ambiguous(tidy, tuple(whole))
        parts = _words(key)
        fitting = [m for m, name in folded if _words_fit(parts, _words(name))]
        if len(fitting) == 1:
            return Resolved(fitting[0].name, fitting[0].team)
        if fitting:
            return Ambiguous(tidy, tuple(fitting))
        return Unknown(tidy)

    def canonical(self, typed: str) -> str:
        """The roster's full name when ``typed`` names one person, else ``typed`` tidied (ambiguous or unknown)."""
        found = self.resolve(typed)
        if isinstance(found, Resolved):
            return found.name
        return " ".join(typed.split())


def names(typed: str, name: str) -> bool:
    """``typed`` names the person called ``name`` by the rule above (a filter's test)."""
    return isinstance(Roster([Member(name)]).resolve(typed), Resolved)
