"""One rule for who a typed name means: whole names, parts, accents, case, duplicates — no screen."""

from __future__ import annotations

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.domain.roster import Ambiguous, Member, Resolved, Roster, Unknown, fold

ROSTER = Roster(
    [
        Member("Marco Rossi", Team.SALES),
        Member("Dana Lee", Team.MARKETING),
        Member("Dan", Team.SALES),
        Member("José Díaz", Team.MARKETING),
        Member("Ana María López", Team.SALES),
        Member("Mara Bell", None),
    ]
)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Marco Rossi", "Marco Rossi"),
        ("marco", "Marco Rossi"),
        ("  MARCO   ", "Marco Rossi"),
        ("rossi", "Marco Rossi"),
        ("m rossi", "Marco Rossi"),
        ("mar ros", "Marco Rossi"),
        ("jose", "José Díaz"),
        ("JOSE DIAZ", "José Díaz"),
        ("díaz", "José Díaz"),
        ("lopez", "Ana María López"),
        ("ana maria", "Ana María López"),
        ("Dan", "Dan"),  # the exact name wins over the part of "Dana Lee"
        ("dana", "Dana Lee"),
        ("lee", "Dana Lee"),
    ],
)
def test_a_name_or_a_unique_part_resolves_to_the_full_name(typed: str, name: str) -> None:
    found = ROSTER.resolve(typed)
    assert isinstance(found, Resolved), found
    assert found.name == name
    assert found.team == next(m.team for m in ROSTER.members if m.name == name)


def test_a_part_that_fits_several_people_is_ambiguous_and_lists_them_in_roster_order() -> None:
    found = ROSTER.resolve("ma")
    assert isinstance(found, Ambiguous)
    assert found.names == ("Marco Rossi", "Ana María López", "Mara Bell")
    assert "Marco Rossi, Ana María López, Mara Bell" in found.message()
    assert isinstance(ROSTER.resolve("d"), Ambiguous)  # Dana, Dan, Díaz


@pytest.mark.parametrize("typed", ["arco", "Marco Bianchi", "rossi marco", "Priya", "z"])
def test_a_part_inside_a_word_or_out_of_order_or_unknown_names_nobody(typed: str) -> None:
    found = ROSTER.resolve(typed)
    assert found == Unknown(" ".join(typed.split()))
    assert typed.strip() in found.warning()


def test_an_empty_name_is_unknown_and_empty() -> None:
    assert ROSTER.resolve("   ") == Unknown("")


def test_names_that_differ_only_by_accents_are_ambiguous_unless_typed_exactly() -> None:
    roster = Roster([Member("José Díaz", Team.SALES), Member("Jose Diaz", Team.MARKETING)])
    assert roster.resolve("jose diaz") == Resolved("Jose Diaz", Team.MARKETING)  # the same spelling, any case
    assert roster.resolve("José Díaz") == Resolved("José Díaz", Team.SALES)
    found = roster.resolve("JOSÉ DIAZ")
    assert isinstance(found, Ambiguous)
    assert found.names == ("José Díaz", "Jose Diaz")


def test_the_same_name_twice_in_any_case_is_one_person_the_first_entry() -> None:
    roster = Roster([Member("Sam Ode", Team.SALES), Member("SAM ODE", Team.MARKETING), Member("Sami", Team.JOINT)])
    assert roster.names == ["Sam Ode", "Sami"]
    assert roster.resolve("sam ode") == Resolved("Sam Ode", Team.SALES)
    assert isinstance(roster.resolve("sam"), Ambiguous)


def test_canonical_and_team_of_follow_resolve() -> None:
    assert ROSTER.canonical(" marco ") == "Marco Rossi"
    assert ROSTER.canonical("ma") == "ma"  # ambiguous: as typed
    assert ROSTER.canonical("Priya   Shah") == "Priya Shah"
    assert ROSTER.team_of("rossi") is Team.SALES
    assert ROSTER.team_of("mara") is None  # on the roster, team not known
    assert ROSTER.team_of("nobody") is None


def test_with_members_appends_people_the_roster_lacks() -> None:
    more = ROSTER.with_members([Member("Priya Shah", Team.SALES), Member("marco rossi", Team.JOINT)])
    assert more.resolve("priya") == Resolved("Priya Shah", Team.SALES)
    assert more.resolve("marco") == Resolved("Marco Rossi", Team.SALES)  # the roster's entry is kept


def test_fold_drops_accents_and_case_and_collapses_blanks() -> None:
    assert fold("  Ａna\tMaría  LÓPEZ ") == "ana maria lopez"
    assert fold("Straße") == "strasse"


def test_hyphens_and_apostrophes_part_the_words_of_a_name() -> None:
    roster = Roster.of([("Anne-Marie Dubois", Team.SALES), ("Liam O'Brien", Team.MARKETING)])
    assert roster.resolve("marie").name == "Anne-Marie Dubois"
    assert roster.resolve("anne marie").name == "Anne-Marie Dubois"
    assert roster.resolve("brien").name == "Liam O'Brien"
    assert isinstance(roster.resolve("arie"), Unknown)  # still no part inside a word
