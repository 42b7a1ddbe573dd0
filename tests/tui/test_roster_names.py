"""The screen names people by the roster rule: a part resolves, several ask, nobody offers to add (at 80×24, 120×40)."""

from __future__ import annotations

import pytest

from meetingtui.domain.agenda import Team
from meetingtui.store.repo import MinutesRepo
from meetingtui.tui.screens.attendance import AttendanceScreen
from meetingtui.tui.screens.form import FormDialog
from meetingtui.tui.screens.person_choice import PersonChoice
from tests.tui.conftest import settled

PEOPLE = """\
[[people]]
name = "Marco Rossi"
team = "sales"

[[people]]
name = "Mara Bell"
team = "marketing"

[[people]]
name = "José Díaz"
team = "marketing"
"""

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def roster_repo(repo: MinutesRepo) -> MinutesRepo:
    (repo.root / "people.toml").write_text(PEOPLE)
    return MinutesRepo(repo.root)


@pytest.fixture
def app_of(roster_repo, clock):
    from meetingtui.session import SessionOptions
    from meetingtui.store.agendas import resolve_agenda
    from meetingtui.tui.app import make_app

    def build():
        name, loaded = resolve_agenda("weekly-sync", roster_repo)
        return make_app(
            roster_repo,
            agenda_name=name,
            agenda=loaded,
            options=SessionOptions(commit=False),
            clock=clock.now,
            wall=clock.wall,
        )

    return build


@pytest.mark.parametrize("size", SIZES)
async def test_an_owner_typed_as_a_part_without_accents_is_the_rosters_full_name(app_of, size) -> None:
    app = app_of()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("a", *"Send the deck", "tab", *"jose", "enter")
        await pilot.pause()
        (action,) = app.session.meeting.actions
        assert (action.owner, action.team) == ("José Díaz", Team.MARKETING)  # the team follows the person


@pytest.mark.parametrize("size", SIZES)
async def test_an_owner_that_fits_two_people_is_chosen_from_a_list(app_of, size) -> None:
    app = app_of()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("a", *"Send the deck", "tab", *"ma", "enter")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, PersonChoice)
        assert choice.found.names == ("Marco Rossi", "Mara Bell")
        assert not app.session.meeting.actions  # nothing captured until the person is chosen
        await pilot.press("down", "enter")
        await pilot.pause()
        (action,) = app.session.meeting.actions
        assert (action.owner, action.team) == ("Mara Bell", Team.MARKETING)


@pytest.mark.parametrize("size", SIZES)
async def test_an_unknown_owner_is_offered_to_be_added_with_a_team_or_kept_without_one(app_of, size) -> None:
    app = app_of()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("a", *"Call ACME", "tab", *"priya  shah", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and dialog.dialog_title == "Not on the roster"
        assert dialog.query_one("#field-text").value == "priya shah"
        assert dialog.focused.id == "field-team"  # the name is there: the team is what is asked
        dialog.query_one("#field-text").value = "Priya Shah"
        await pilot.press(*"sales", "enter")
        await pilot.pause()
        (action,) = app.session.meeting.actions
        assert (action.owner, action.team) == ("Priya Shah", Team.SALES)
        assert [(m.name, m.team) for m in app.session.newcomers] == [("Priya Shah", Team.SALES)]
        assert "Priya Shah" in app.session.names()  # offered as an owner from now on

        await pilot.press("a", *"Book the room", "tab", *"Kim", "enter")
        await pilot.pause()
        await pilot.press("escape")  # keep the name, its team unknown
        await pilot.pause()
        assert [(a.owner, a.team) for a in app.session.meeting.actions][-1] == ("Kim", None)
        assert len(app.session.newcomers) == 1


async def test_attendance_add_ticks_the_person_a_part_names_and_adds_a_newcomer(app_of) -> None:
    app = app_of()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        await pilot.press("a", *"rossi", "tab", *"sales", "enter")
        await pilot.pause()
        marco = next(p for p in screen.people if p.name == "Marco Rossi")
        assert marco.present and not any(p.name == "rossi" for p in screen.people)
        await pilot.press("a", *"Kim Ode", "tab", *"marketing", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [(m.name, m.team) for m in app.session.newcomers] == [("Kim Ode", Team.MARKETING)]
        assert {a.name for a in app.session.meeting.attendees} >= {"Marco Rossi", "Kim Ode"}
