"""A save's own TOML is read back without parsing it again, and only when the bytes are those it wrote."""

from __future__ import annotations

from meetingtui.domain.minutes import Minutes
from meetingtui.store import history_parse, history_store
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.recent_writes import recall
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import parse_model


def minutes_for_test() -> Minutes:
    return Minutes.model_validate(
        {
            "id": "2026-11-27-weekly-sync.abcdefgh",
            "title": "Weekly sync",
            "agenda": "weekly-sync",
            "date": "2026-11-27",
            "started_at": "2026-11-27T10:00:00+01:00",
            "ended_at": "2026-11-27T10:30:00+01:00",
            "segments": [
                {"title": "S", "team": "sales", "planned_seconds": 60, "actual_seconds": 61, "status": "done"}
            ],
            "actions": [{"id": "2026-11-27-weekly-sync.abcdefgh#1", "text": "Send the deck", "owner": "Ana"}],
        }
    )


def test_the_file_just_written_is_taken_as_written_and_an_edit_is_parsed(git_repo, monkeypatch) -> None:
    repo = MinutesRepo(git_repo)
    minutes = minutes_for_test()
    saved = save_minutes(repo, minutes)
    data = saved.toml_path.read_bytes()
    assert recall(data) is minutes
    assert parse_model(data, saved.toml_path, type(minutes)) == minutes  # what parsing would have given

    parsed: list[object] = []
    real = history_parse.parse_model

    def counting(*args, **kwargs):
        parsed.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(history_parse, "parse_model", counting)
    history = history_store.load_history(repo)
    assert parsed == [] and [m.id for m in history.meetings] == [minutes.id]

    edited = data.replace(minutes.title.encode(), minutes.title.upper().encode())  # same size, other bytes
    assert edited != data and recall(edited) is None
    saved.toml_path.write_bytes(edited)
    history = history_store.load_history(repo)
    assert parsed == [saved.toml_path] and history.meetings[0].title == minutes.title.upper()
