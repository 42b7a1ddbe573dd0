"""Two clones, one roster: a person proposed as "Marco" is "Marco Rossi" everywhere the team looks afterwards."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.agenda import Team
from meetingtui.domain.attendance import merge_people, with_facilitator
from meetingtui.domain.minutes import ActionItem, Attendee
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.minutes_store import load_minutes
from meetingtui.store.people import read_people
from meetingtui.store.repo import MinutesRepo
from tests.clock import ManualClock
from tests.session_save import save
from tests.team_git import commit_minutes, git, make_team, minutes

PEOPLE = """\
[[people]]
name = "Marco Rossi"
team = "sales"

[[people]]
name = "Dana Lee"
team = "marketing"
"""

MARCO_ALONE = re.compile(r"\bMarco\b(?! Rossi)", re.IGNORECASE)


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--repo", str(root)], catch_exceptions=False)


def test_propose_owner_marco_is_recorded_as_marco_rossi_and_no_marco_alone_appears(tmp_path: Path) -> None:
    _, (clone_a, clone_b) = make_team(tmp_path, 2, settings="push = true\n")
    (clone_a / "people.toml").write_text(PEOPLE)
    git(clone_a, "add", "people.toml")
    git(clone_a, "commit", "-q", "-m", "The team's roster")
    git(clone_a, "push", "-q", "origin", "HEAD:main")
    git(clone_b, "pull", "-q", "--ff-only")

    proposed = cli(clone_b, "propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--owner", "marco")
    assert proposed.exit_code == 0, proposed.output + proposed.stderr
    assert "not in people.toml" not in proposed.stderr  # resolved, so no warning

    git(clone_a, "pull", "-q", "--ff-only")
    repo, clock = MinutesRepo(clone_a), ManualClock()
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(
        repo, name, agenda, facilitator="dana", options=SessionOptions(), clock=clock.now, wall=clock.wall
    )
    session.load_history()
    (offered,) = session.open_proposals()
    session.meeting.take_proposal(offered)
    # Attendance as the screen lists it: roster, recent attendees, the people who lead segments, the facilitator.
    roster, recent, error = read_people(repo)
    assert error is None
    listed = with_facilitator(merge_people([], roster, recent, session.meeting.segments), "Dana Lee", roster)
    session.meeting.set_attendees([Attendee(name=p.name, team=p.team, present=True) for p in listed])
    session.meeting.toggle()
    clock.advance(60)
    session.meeting.capture("actions", text="Draft the FAQ", owner=session.roster().canonical("MARCO"))
    result = save(session)
    assert result.ok and result.commit, result.git_error

    minutes = load_minutes(result.files[0])
    (taken,) = [segment for segment in minutes.segments if segment.title == "Pricing FAQ"]
    assert taken.owner == "Marco Rossi"
    assert minutes.facilitator == "Dana Lee"
    assert sorted(a.name for a in minutes.attendees) == ["Dana Lee", "Marco Rossi"]
    assert [a.owner for a in minutes.actions] == ["Marco Rossi"]
    # Nowhere, in either clone's files or the remote's history, is there a second person called "Marco".
    for clone in (clone_a, clone_b):
        git(clone, "pull", "-q", "--ff-only")
        for relative in git(clone, "ls-files").splitlines():
            text = (clone / relative).read_text(encoding="utf-8")
            assert not MARCO_ALONE.search(text), (relative, text)
    assert (clone_a / "people.toml").read_text() == PEOPLE  # nobody new: the roster is unchanged


def test_propose_owner_that_fits_two_people_fails_listing_both_and_an_unknown_one_warns(tmp_path: Path) -> None:
    _, (clone,) = make_team(tmp_path, 1)
    (clone / "people.toml").write_text(PEOPLE + '\n[[people]]\nname = "Marcella Ode"\nteam = "marketing"\n')
    ambiguous = cli(clone, "propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--owner", "mar")
    assert ambiguous.exit_code == 2
    assert "Marco Rossi, Marcella Ode" in ambiguous.stderr
    assert not (clone / "proposals").exists()  # nothing written

    unknown = cli(clone, "propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales", "--owner", "Priya")
    assert unknown.exit_code == 0, unknown.stderr
    assert "'Priya' is not in people.toml" in unknown.stderr
    (written,) = (clone / "proposals" / "weekly-sync").glob("*.toml")
    assert 'owner = "Priya"' in written.read_text()


def test_facilitator_and_owner_filter_follow_the_same_rule(tmp_path: Path) -> None:
    _, (clone,) = make_team(tmp_path, 1)
    (clone / "people.toml").write_text(PEOPLE + '\n[[people]]\nname = "Dana Ode"\nteam = "sales"\n')
    run = cli(clone, "run", "weekly-sync", "--facilitator", "dana", "--no-attendance")
    assert run.exit_code == 2
    assert "Dana Lee, Dana Ode" in run.stderr
    listed = cli(clone, "actions", "--owner", "dan")
    assert listed.exit_code == 2
    assert "Dana Lee, Dana Ode" in listed.stderr
    assert not list((clone / "minutes").glob("*/*.toml"))  # the run never started


def test_people_added_during_a_meeting_are_in_the_minutes_commit_and_offered_next_time(tmp_path: Path) -> None:
    _, (clone,) = make_team(tmp_path, 1)
    (clone / "people.toml").write_text("# our roster\n" + PEOPLE)
    git(clone, "add", "people.toml")
    git(clone, "commit", "-q", "-m", "roster")
    repo, clock = MinutesRepo(clone), ManualClock()
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(repo, name, agenda, options=SessionOptions(), clock=clock.now, wall=clock.wall)
    session.add_person("Priya Shah", Team.SALES)
    session.add_person("Marco Rossi", Team.JOINT)  # already listed: not written twice, the roster's team kept
    session.meeting.capture("actions", text="Call ACME", owner="Priya Shah", team=Team.SALES)
    result = save(session)
    assert result.ok and result.commit, result.git_error
    committed = git(clone, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert "people.toml" in committed and any(path.endswith(".toml") and "minutes/" in path for path in committed)
    text = (clone / "people.toml").read_text()
    assert text.startswith("# our roster\n" + PEOPLE)  # the file's own text is kept
    assert text.count("Marco Rossi") == 1 and 'name = "Priya Shah"\nteam = "sales"' in text

    later = MeetingSession.new(MinutesRepo(clone), name, agenda, clock=clock.now, wall=clock.wall)
    assert "Priya Shah" in later.names()
    assert later.team_of("priya") is Team.SALES


def test_two_clones_adding_people_at_once_both_land_in_the_remote_roster(tmp_path: Path) -> None:
    bare, clones = make_team(tmp_path, 2, settings="push = true\n")
    (clones[0] / "people.toml").write_text(PEOPLE)
    git(clones[0], "add", "people.toml")
    git(clones[0], "commit", "-q", "-m", "roster")
    git(clones[0], "push", "-q", "origin", "HEAD:main")
    git(clones[1], "pull", "-q", "--ff-only")
    saved = []
    for clone, (newcomer, team) in zip(clones, [("Priya Shah", Team.SALES), ("Kim Ode", Team.MARKETING)], strict=True):
        repo, clock = MinutesRepo(clone), ManualClock()
        name, agenda = resolve_agenda("weekly-sync", repo)
        session = MeetingSession.new(
            repo, name, agenda, options=SessionOptions(push=True), clock=clock.now, wall=clock.wall
        )
        session.add_person(newcomer, team)
        saved.append(save(session))
    assert [result.push for result in saved] == ["ok", "ok"], [result.push_error for result in saved]
    check = tmp_path / "check"
    git(tmp_path, "clone", "-q", str(bare), str(check))
    roster = (check / "people.toml").read_text()
    assert roster.startswith(PEOPLE)
    assert roster.count('name = "Priya Shah"') == 1 and roster.count('name = "Kim Ode"') == 1
    assert MinutesRepo(check).people.people[-1].team is Team.MARKETING  # it loads, the later clone's last


def test_actions_owner_filter_takes_a_part_without_accents_and_warns_about_nobody(tmp_path: Path) -> None:
    _, (clone,) = make_team(tmp_path, 1)
    (clone / "people.toml").write_text(PEOPLE + '\n[[people]]\nname = "José Díaz"\nteam = "marketing"\n')
    record = minutes(dt.date(2026, 12, 1), actions=0)
    owners = ["Marco Rossi", "José Díaz", "Dana Lee"]
    actions = [ActionItem(id=f"{record.id}#{n}", text=f"Task {n}", owner=o) for n, o in enumerate(owners, 1)]
    commit_minutes(clone, record.model_copy(update={"actions": actions}))

    for typed, owner in [("rossi", "Marco Rossi"), ("jose", "José Díaz"), ("DIAZ", "José Díaz")]:
        shown = cli(clone, "actions", "--owner", typed, "--format", "json")
        assert shown.exit_code == 0, shown.stderr
        assert [row["owner"] for row in json.loads(shown.stdout)] == [owner]
    nobody = cli(clone, "actions", "--owner", "Priya", "--format", "json")
    assert nobody.exit_code == 0 and json.loads(nobody.stdout) == []
    assert "'Priya' is not in people.toml" in nobody.stderr
