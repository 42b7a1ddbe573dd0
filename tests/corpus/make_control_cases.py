"""Write the control-character cases of the hostile corpus: ``python tests/corpus/make_control_cases.py``.

One file per string field of every file type and per kind of character: NUL, a C0
control (ESC), a C1 control (the one-byte CSI ``\\x9b``) and a bidi override. The
first line of each says where the error must point (``# expect: segments[1].owner``).

Agendas, people.toml and meetingtui.toml are written by hand: every case is refused.
Minutes and proposals are records of what a meeting or a person said: only NUL is
refused there (no save, file name or commit message can carry it); other controls are
data, shown escaped (see tests/e2e/test_terminal_escapes.py), so they get no case here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import tomli_w

HERE = Path(__file__).parent / "hostile"

CHARACTERS = {"nul": "\x00", "esc": "\x1b", "c1": "\x9b", "bidi": "\u202e"}

AGENDA: dict[str, Any] = {
    "title": "Weekly sync",
    "description": "Pipeline and content",
    "duration": "45m",
    "cadence": "weekly",
    "warn_at": "1m",
    "segments": [
        {
            "title": "Pipeline",
            "team": "sales",
            "duration": "5m",
            "owner": "Sam",
            "kind": "standard",
            "prompts": ["What is stuck?"],
        }
    ],
}
PEOPLE: dict[str, Any] = {"people": [{"name": "Sam", "team": "sales", "role": "AE"}]}
SETTINGS: dict[str, Any] = {
    "minutes_dir": "minutes",
    "remote": "origin",
    "facilitator": "Dana",
    "push_timeout": "15s",
    "fetch_timeout": "10s",
}
MINUTES: dict[str, Any] = {
    "schema_version": 1,
    "id": "2026-11-27-weekly-sync",
    "title": "Weekly sync",
    "agenda": "weekly-sync",
    "date": "@date",
    "started_at": "@started",
    "ended_at": "@ended",
    "facilitator": "Dana",
    "attendees": [{"name": "Dana", "team": "marketing"}],
    "segments": [
        {
            "title": "Pipeline",
            "team": "sales",
            "owner": "Sam",
            "planned_seconds": 300,
            "actual_seconds": 290,
            "status": "done",
            "notes": "Two deals\nwait",
            "proposed_by": "Eve",
            "parked_from": "2026-11-20-weekly-sync",
        }
    ],
    "actions": [
        {
            "id": "2026-11-27-weekly-sync#1",
            "text": "Draft a one-pager",
            "owner": "Dana",
            "team": "marketing",
            "status": "open",
            "segment": "Pipeline",
        }
    ],
    "decisions": [{"text": "SDRs call back in a day", "segment": "Pipeline"}],
    "concerns": [{"text": "Leads are thin", "from_team": "sales", "to_team": "marketing", "segment": "Pipeline"}],
    "insights": [{"text": "Buyers ask for SOC 2", "source": "call", "content_idea": "SOC 2 page", "segment": "x"}],
    "parked": [
        {
            "title": "Pricing page",
            "team": "marketing",
            "reason": "no time",
            "planned_seconds": 300,
            "agenda": "weekly-sync",
            "minutes_id": "2026-11-27-weekly-sync",
            "segment": 1,
        }
    ],
    "proposals_taken": [{"id": "weekly-sync/2026-11-25-pricing", "segment": "Pipeline"}],
    "action_updates": [
        {"id": "2026-11-20-weekly-sync#3", "text": "Old one", "status": "done", "owned_by": "Sam", "note": "ok"}
    ],
}
PROPOSAL: dict[str, Any] = {
    "title": "Pricing FAQ",
    "agenda": "weekly-sync",
    "team": "sales",
    "minutes": 10,
    "owner": "Sam",
    "note": "three calls asked",
    "proposed_by": "Dana",
    "proposed_at": "@proposed",
    "withdrawn": True,
    "withdrawn_at": "@proposed",
    "withdrawn_by": "Dana",
    "withdrawn_reason": "done elsewhere",
}
DATES = {
    '"@date"': "2026-11-27",
    '"@started"': "2026-11-27T10:00:00+01:00",
    '"@ended"': "2026-11-27T10:45:00+01:00",
    '"@proposed"': "2026-11-25T10:00:00+01:00",
}

KINDS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "agenda": (AGENDA, tuple(CHARACTERS)),
    "people": (PEOPLE, tuple(CHARACTERS)),
    "settings": (SETTINGS, tuple(CHARACTERS)),
    "minutes": (MINUTES, ("nul",)),
    "proposal": (PROPOSAL, ("nul",)),
}


def string_fields(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The path of every string in ``data`` (dates, written as placeholders, left out)."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in string_fields(value, (*path, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in string_fields(value, (*path, index))]
    return [path] if isinstance(data, str) and not data.startswith("@") else []


def field_path(path: tuple[str | int, ...]) -> str:
    """As errors name it: ``segments[1].prompts`` (a list of strings is named as a whole)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text.removesuffix("[1]") if path and isinstance(path[-1], int) else text


def cases() -> dict[str, str]:
    """File name → text of every case."""
    found = {}
    for kind, (base, characters) in KINDS.items():
        for path in string_fields(base):
            for name in characters:
                data = copy.deepcopy(base)
                holder = data
                for part in path[:-1]:
                    holder = holder[part]
                value = holder[path[-1]]
                holder[path[-1]] = value[:1] + CHARACTERS[name] + value[1:]
                text = tomli_w.dumps(data)
                for placeholder, date in DATES.items():
                    text = text.replace(placeholder, date)
                slug = "-".join(str(part + 1 if isinstance(part, int) else part) for part in path).replace("_", "-")
                found[f"{kind}-control-{name}-{slug}.toml"] = f"# expect: {field_path(path)}\n{text}"
    return found


if __name__ == "__main__":
    for old in HERE.glob("*-control-*.toml"):
        old.unlink()
    for file_name, text in cases().items():
        (HERE / file_name).write_text(text, encoding="utf-8")
    print(f"wrote {len(cases())} cases to {HERE}")
