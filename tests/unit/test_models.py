"""The domain models: what they accept, what they refuse, and where their errors point."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from meetingtui.domain.agenda import Agenda, Segment, SegmentKind, Team
from meetingtui.domain.errors import InputError, field_path, toml_syntax_error, validation_error
from meetingtui.domain.minutes import ActionStatus, Minutes, SegmentStatus
from meetingtui.domain.report import minutes_report
from meetingtui.domain.settings import People, RepoSettings
from meetingtui.store.toml_io import dumps, parse_toml

CET = dt.timezone(dt.timedelta(hours=1))

MINUTES: dict[str, Any] = {
    "schema_version": 1,
    "id": "2026-11-27-weekly-sync",
    "title": "Weekly sync",
    "agenda": "weekly-sync",
    "date": dt.date(2026, 11, 27),
    "started_at": dt.datetime(2026, 11, 27, 10, 0, tzinfo=CET),
    "ended_at": dt.datetime(2026, 11, 27, 10, 45, tzinfo=CET),
    "attendees": [{"name": "Dana", "team": "marketing"}, {"name": "Sam", "team": "sales", "present": False}],
    "segments": [
        {"title": "Pipeline", "team": "sales", "planned_seconds": 600, "actual_seconds": 700, "status": "done"},
        {"title": "Content", "team": "marketing", "planned_seconds": 900, "actual_seconds": 800, "status": "done"},
        {"title": "Open floor", "team": "joint", "planned_seconds": 300, "actual_seconds": 0, "status": "skipped"},
    ],
    "actions": [
        {
            "id": "2026-11-27-weekly-sync#1",
            "text": "One-pager",
            "owner": "Dana",
            "team": "marketing",
            "due": dt.date(2026, 12, 4),
        },
        {"id": "2026-11-27-weekly-sync#7", "text": "Recordings", "status": "done"},
    ],
    "concerns": [{"text": "Cold leads", "from_team": "sales", "to_team": "marketing"}],
    "parked": [{"title": "Pricing page", "team": "marketing", "reason": "no time"}],
    "action_updates": [{"id": "2026-11-20-weekly-sync#3", "status": "open", "owner": "Sam"}],
}
AGENDA: dict[str, Any] = {
    "title": "Weekly sync",
    "duration": "30m",
    "segments": [
        {"title": "Pipeline", "team": "sales", "duration": "15m"},
        {"title": "Content", "team": "marketing", "duration": 10, "owner": "Dana", "prompts": ["What is new?"]},
        {"title": "Open floor", "team": "joint", "duration": "1h", "kind": "open-floor"},
    ],
}


def changed(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``document`` with the dotted ``path`` (``actions.0.team``) set to ``value``."""
    data = copy.deepcopy(document)
    *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
    target: Any = data
    for part in parents:
        target = target[part]
    target[last] = value
    return data


def error_of(model: type[BaseModel], data: dict[str, Any]) -> InputError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return validation_error("file.toml", caught.value)


def test_rich_minutes_validate() -> None:
    minutes = Minutes.model_validate(MINUTES)
    assert minutes.attendees[0].present is True
    assert minutes.actions[1].status is ActionStatus.DONE
    assert minutes.segments[2].status is SegmentStatus.SKIPPED
    report = minutes_report(minutes)
    assert [report.team(team).actual for team in (Team.SALES, Team.MARKETING, Team.JOINT)] == [700, 800, 0]


@pytest.mark.parametrize("field", ["started_at", "ended_at"])
def test_naive_times_are_refused(field: str) -> None:
    error = error_of(Minutes, changed(MINUTES, field, dt.datetime(2026, 11, 27, 10, 0)))
    assert error.where == field
    assert "UTC offset" in error.message


def test_times_from_toml_text_keep_their_offset() -> None:
    data = changed(MINUTES, "started_at", "2026-11-27T05:00:00-03:30")
    minutes = Minutes.model_validate(data)
    assert minutes.started_at.utcoffset() == dt.timedelta(hours=-3, minutes=-30)
    assert minutes.started_at < minutes.ended_at


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("duraton", "duraton"),
        ("actions.0.owmer", "actions[1].owmer"),
        ("segments.1.note", "segments[2].note"),
        ("attendees.1.role", "attendees[2].role"),
        ("action_updates.0.new_owner", "action_updates[1].new_owner"),
    ],
)
def test_unknown_keys_are_refused_by_field_path(path: str, where: str) -> None:
    error = error_of(Minutes, changed(MINUTES, path, "x"))
    assert error.where == where
    assert error.message.startswith("unknown key")
    assert str(error) == f"file.toml: {where}: {error.message}"


def test_duplicate_action_ids_are_refused() -> None:
    data = changed(MINUTES, "actions.1.id", "2026-11-27-weekly-sync#1")
    error = error_of(Minutes, data)
    assert "actions[2].id" in str(error)
    assert "2026-11-27-weekly-sync#1" in error.message


@pytest.mark.parametrize(
    "path",
    [
        "attendees.0.team",
        "segments.2.team",
        "actions.0.team",
        "concerns.0.from_team",
        "concerns.0.to_team",
        "parked.0.team",
    ],
)
@pytest.mark.parametrize("team", ["engineering", "", 1, ["sales"]])
def test_bad_teams_are_refused(path: str, team: Any) -> None:
    error = error_of(Minutes, changed(MINUTES, path, team))
    where = field_path(int(part) if part.isdigit() else part for part in path.split("."))
    assert error.where == where


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("schema_version", 2),
        ("segments.0.status", "finished"),
        ("actions.0.status", "closed"),
        ("segments.0.actual_seconds", -1),
        ("actions.0.due", "next friday"),
        ("date", "2026-02-30"),
        ("title", "   "),
        ("attendees", "Dana"),
        ("action_updates.0.status", None),
    ],
)
def test_bad_values_are_refused_by_field_path(path: str, value: Any) -> None:
    error = error_of(Minutes, changed(MINUTES, path, value))
    assert error.where == field_path(int(part) if part.isdigit() else part for part in path.split("."))


def test_minutes_cannot_end_before_they_start() -> None:
    error = error_of(Minutes, changed(MINUTES, "ended_at", dt.datetime(2026, 11, 27, 9, 59, tzinfo=CET)))
    assert "ended_at" in str(error)


def test_to_document_is_plain_toml_data() -> None:
    document = Minutes.model_validate(MINUTES).to_document()
    assert "decisions" not in document and "insights" not in document and "facilitator" not in document
    assert document["segments"][0]["team"] == "sales" and type(document["segments"][0]["team"]) is str
    assert isinstance(document["started_at"], dt.datetime) and isinstance(document["date"], dt.date)
    assert "owner" not in document["actions"][1]


def test_text_is_stripped_of_edge_blanks() -> None:
    minutes = Minutes.model_validate(changed(MINUTES, "actions.0.text", "  One-pager \n"))
    assert minutes.actions[0].text == "One-pager"


def test_agenda_reads_durations_and_writes_them_back() -> None:
    agenda = Agenda.model_validate(AGENDA)
    assert [s.duration for s in agenda.segments] == [900, 600, 3600]
    assert agenda.segments[2].kind is SegmentKind.OPEN_FLOOR
    assert agenda.planned_seconds == 5100 and agenda.slot_seconds == 1800
    assert agenda.overbooked_seconds == 3300
    assert agenda.team_seconds() == {Team.SALES: 900, Team.MARKETING: 600, Team.JOINT: 3600}
    document = agenda.to_document()
    assert document["segments"][1]["duration"] == "10m"
    assert "kind" not in document["segments"][0] and "warn_at" not in document
    assert Agenda.model_validate(parse_toml(dumps(document))) == agenda


@pytest.mark.parametrize(("warn_at", "planned", "seconds"), [("1m", 600, 60), ("20%", 600, 120), ("90s", 10, 90)])
def test_warn_at_takes_a_time_or_a_share(warn_at: str, planned: int, seconds: float) -> None:
    agenda = Agenda.model_validate(AGENDA | {"warn_at": warn_at})
    assert agenda.warn_seconds(planned) == seconds


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ("segments.0.duration", "0m", "segments[1].duration"),
        ("segments.0.duration", -3, "segments[1].duration"),
        ("segments.0.duration", "ten minutes", "segments[1].duration"),
        ("segments.0.duration", 2.5, "segments[1].duration"),
        ("segments.1.team", "product", "segments[2].team"),
        ("segments.2.kind", "keynote", "segments[3].kind"),
        ("segments.1.prompts", "What is new?", "segments[2].prompts"),
        ("cadence", "daily", "cadence"),
        ("warn_at", "0%", "warn_at"),
        ("warn_at", "soon", "warn_at"),
        ("segments", [], "segments"),
        ("title", "", "title"),
        ("segments.0.colour", "red", "segments[1].colour"),
    ],
)
def test_bad_agendas_are_refused_by_field_path(path: str, value: Any, where: str) -> None:
    assert error_of(Agenda, changed(AGENDA, path, value)).where == where


def test_segment_needs_title_team_and_duration() -> None:
    with pytest.raises(ValidationError) as caught:
        Segment.model_validate({})
    assert {error["loc"][0] for error in caught.value.errors()} == {"title", "team", "duration"}


@pytest.mark.parametrize("folder", ["../x", "/etc", "minutes/../../x", "", "..\\x"])
def test_minutes_folder_must_stay_inside_the_repository(folder: str) -> None:
    assert error_of(RepoSettings, {"minutes_dir": folder}).where == "minutes_dir"


@pytest.mark.parametrize("folder", ["minutes", "./minutes", "minutes/", "./minutes/", "minutes//", ".//minutes/."])
def test_minutes_folder_has_one_spelling(folder: str) -> None:
    """Git path prefixes are built from the setting: "./minutes/" must read as "minutes"."""
    assert RepoSettings.model_validate({"minutes_dir": folder}).minutes_dir == "minutes"
    nested = RepoSettings.model_validate({"minutes_dir": f"./notes//{folder}/"}).minutes_dir
    assert nested == "notes/minutes"


@pytest.mark.parametrize("folder", [".", "./", "/./", "minutes/./.."])
def test_minutes_folder_that_is_no_folder_is_refused(folder: str) -> None:
    assert error_of(RepoSettings, {"minutes_dir": folder}).where == "minutes_dir"


def test_settings_defaults() -> None:
    settings = RepoSettings()
    assert (settings.minutes_dir, settings.push, settings.remote, settings.facilitator) == (
        "minutes",
        False,
        "origin",
        None,
    )
    assert RepoSettings.model_validate({"minutes_dir": "notes/minutes"}).minutes_dir == "notes/minutes"


def test_unvalidated_default_settings_are_the_validated_defaults() -> None:
    """A repository without meetingtui.toml gets ``defaults()``, built without validation: it must be the same."""
    assert RepoSettings.defaults() == RepoSettings()
    assert (
        RepoSettings.defaults().model_dump()
        == RepoSettings().model_dump()
        == RepoSettings.model_validate({}).model_dump()
    )


def test_people_are_listed_once_whatever_the_case() -> None:
    roster = [{"name": "Dana", "team": "marketing"}, {"name": "DANA", "team": "sales"}]
    error = error_of(People, {"people": roster})
    assert "people[2]" in str(error) and "DANA" in error.message
    assert People.model_validate({"people": roster[:1]}).people[0].team is Team.MARKETING


def test_input_error_formats() -> None:
    assert str(InputError("a.toml", "bad", "3:7")) == "a.toml:3:7: bad"
    assert str(InputError("a.toml", "bad", "segments[3].duration")) == "a.toml: segments[3].duration: bad"
    assert str(InputError(None, "bad")) == "<input>: bad"
    assert field_path(("segments", 2, "prompts", 0)) == "segments[3].prompts[1]"


def test_syntax_error_at_the_end_of_the_document_points_past_the_last_line() -> None:
    text = 'title = "x"\nprompts = ["a",'
    with pytest.raises(InputError) as caught:
        parse_toml(text, "a.toml")
    assert caught.value.where == "2:16"
    assert str(caught.value).startswith("a.toml:2:16: TOML syntax: ")
    assert toml_syntax_error("a.toml", ValueError("odd"), "").where == "1:1"
