"""Agenda templates on disk: loading with located errors, the catalog, and writing the team's own."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import tomli_w

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.durations import format_duration
from meetingtui.domain.errors import InputError, did_you_mean
from meetingtui.domain.lean import frozen
from meetingtui.domain.slug import slugify
from meetingtui.store.toml_io import MAX_TOML_BYTES, parse_model, read_model, write_toml

if TYPE_CHECKING:
    from meetingtui.store.repo import MinutesRepo

Source = Literal["built-in", "repository"]


def load_agenda_file(path: Path) -> Agenda:
    """Read and validate one agenda template; errors are :class:`InputError` naming the line or field."""
    return read_model(path, Agenda)


def builtin_agendas_dir() -> Path:
    """The folder of built-in templates: inside the installed package, else ``agendas/`` of a source checkout."""
    packaged = resources.files("meetingtui") / "agendas"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "agendas"


@frozen
class AgendaEntry:
    """One template in the catalog; a broken file has ``error`` instead of ``agenda``."""

    name: str
    path: Path
    source: Source
    agenda: Agenda | None
    error: InputError | None = None
    overrides_builtin: bool = False


def list_agendas(repo: MinutesRepo | None = None) -> list[AgendaEntry]:
    """Built-in and repository templates by name; ``agendas/NAME.toml`` in the repository wins over a built-in."""
    entries = {entry.name: entry for entry in _scan(builtin_agendas_dir(), "built-in")}
    if repo is not None:
        for entry in _scan(repo.agendas_dir, "repository", repo):
            entries[entry.name] = dataclasses.replace(entry, overrides_builtin=entry.name in entries)
    return [entries[name] for name in sorted(entries)]


def resolve_agenda(spec: str, repo: MinutesRepo | None = None) -> tuple[str, Agenda]:
    """A template name (repository first, then built-in) or a path to a ``.toml`` file → ``(name, agenda)``."""
    if spec.endswith(".toml") or "/" in spec or "\\" in spec:
        path = Path(spec).expanduser()
        return path.stem, load_agenda_file(path)
    folders = ([repo.agendas_dir] if repo is not None else []) + [builtin_agendas_dir()]
    for name in dict.fromkeys([spec, slugify(spec, fallback="")]):
        for folder in folders:
            path = folder / f"{name}.toml"
            if name and path.is_file():
                if repo is not None and folder == repo.agendas_dir:  # a teammate's symlink is not followed out
                    repo.kept_inside(path)
                return name, load_agenda_file(path)
    names = [entry.name for entry in list_agendas(repo)]
    guess = did_you_mean(spec, names)
    hint = f"did you mean {guess}? " if guess else ""
    available = ", ".join(names) or "none"
    raise InputError(
        spec,
        f"no agenda template of that name — {hint}choose one of: {available}; or give the path of a .toml file",
    )


def template_path(repo: MinutesRepo, name: str) -> Path:
    """Where the repository template ``name`` lives (the name made safe for a file name)."""
    slug = slugify(name, fallback="")
    if not slug:
        raise InputError(name or "<empty>", 'a template name needs letters or digits, such as "weekly-sync"')
    return repo.kept_inside(repo.agendas_dir / f"{slug}.toml")


def save_repo_template(repo: MinutesRepo, name: str, agenda: Agenda, overwrite: bool = False) -> Path:
    """Write ``agenda`` as the repository template ``agendas/NAME.toml``; refuse to replace one unless asked."""
    path = template_path(repo, name)
    if path.exists() and not overwrite:
        raise InputError(path, "a template of that name exists already — choose another name or edit that file")
    write_toml(path, agenda.to_document())
    return path


def new_repo_template(repo: MinutesRepo, name: str, source: Agenda | None = None) -> Path:
    """Create ``agendas/NAME.toml`` as a commented starting file (from ``source`` or a starter); never overwrites."""
    # init only: not before the first frame nor in `agendas validate`
    from meetingtui.store.init_repo import write_new_file

    path = template_path(repo, name)
    text = commented_template(path.stem, source or starter_agenda(path.stem))
    if not write_new_file(path, text):
        raise InputError(path, "a template of that name exists already — choose another name or edit that file")
    return path


def agenda_warnings(agenda: Agenda) -> list[str]:
    """Problems that are allowed but worth saying: an overbooked slot, a team with no time."""
    warnings = []
    if agenda.overbooked_seconds:
        warnings.append(
            f"the segments take {format_duration(agenda.planned_seconds)} but the slot is "
            f"{format_duration(agenda.slot_seconds)} — shorten a segment or book a longer slot"
        )
    shares = agenda.team_seconds()
    for team in (Team.SALES, Team.MARKETING):
        if not shares[team]:
            warnings.append(f"no segment gives {team} any time — both teams should own part of the meeting")
    return warnings


def starter_agenda(name: str) -> Agenda:
    """A small agenda that follows the house rules, for ``agendas new`` without ``--from``."""
    title = name.replace("-", " ").strip().capitalize() or "Sales & marketing meeting"
    segments = [
        (
            "Review open actions",
            "joint",
            "5m",
            "Facilitator",
            "review-actions",
            ["What got done since last time?", "What is blocked, and on whom?"],
        ),
        (
            "What sales needs",
            "sales",
            "12m",
            "Sales lead",
            "standard",
            ["Which deal is stuck, and what would move it?", "What are prospects asking for that we cannot answer?"],
        ),
        (
            "What marketing needs",
            "marketing",
            "12m",
            "Marketing lead",
            "standard",
            [
                "What is launching soon that sales should know about?",
                "Which lead or content problem do we want sales' help with?",
            ],
        ),
        (
            "Open floor: one concern each way",
            "joint",
            "6m",
            "Facilitator",
            "open-floor",
            ["Sales: one concern for marketing?", "Marketing: one concern for sales?"],
        ),
        (
            "Decisions and owners",
            "joint",
            "5m",
            "Facilitator",
            "standard",
            ["Does every action have an owner and a due date?", "Who tells the people who were not here?"],
        ),
    ]
    keys = ("title", "team", "duration", "owner", "kind", "prompts")
    return Agenda.model_validate(
        {
            "title": title,
            "description": "What this meeting is for, in one line.",
            "duration": "45m",
            "cadence": "weekly",
            "segments": [dict(zip(keys, segment, strict=True)) for segment in segments],
        }
    )


_AGENDA_NOTES = {
    "title": "Shown on the screen and at the top of the minutes.",
    "description": "One line on what the meeting is for (optional).",
    "duration": 'The booked slot: "45m", "1h", "1h15m", "90s" or a whole number of minutes.\n'
    "meetingtui warns when the segments below do not fit in it.",
    "cadence": "How often you meet: weekly | biweekly | monthly | quarterly (optional).",
    "warn_at": 'When a segment turns to the warning colour: time left ("1m") or a share of it ("20%").',
    "rehearsal": "A dry run (optional): never committed, changes no earlier action, counted nowhere.",
}
_SEGMENT_NOTES = {
    "title": "What the room sees while this segment runs.",
    "team": "Whose time it is: sales | marketing | joint.",
    "duration": 'How long it runs: "5m", "90s", "1h15m" or a whole number of minutes.',
    "owner": "The person or role who leads it (optional).",
    "kind": "standard (default) | review-actions (walk through open actions from earlier minutes)\n"
    "| open-floor (each side raises one concern with the other).",
    "prompts": "Questions shown on the screen to keep the segment on solving problems, not reporting status.",
}
_SEGMENT_EXAMPLES = {"owner": '"Facilitator"', "kind": '"standard"'}


def commented_template(name: str, agenda: Agenda) -> str:
    """``agenda`` as a TOML file whose comments explain every key, for people to edit."""
    lines = [
        f'# Agenda template "{name}" for meetingtui.',
        f"# Check it:  meetingtui agendas validate agendas/{name}.toml",
        f"# Run it:    meetingtui run {name}",
        "# Unknown keys are errors, so a misspelt key never passes unnoticed.",
        "",
    ]
    examples = {"description": '""', "duration": '"45m"', "cadence": '"weekly"', "warn_at": '"1m"', "rehearsal": "true"}
    document = agenda.to_document()
    for key, note in _AGENDA_NOTES.items():
        lines += _comment(note)
        lines.append(_assign(key, document[key]) if key in document else f"# {key} = {examples[key]}")
        lines.append("")
    lines += _comment(
        "Each [[segments]] block is one timed part of the meeting, in order. Keep the first one a\n"
        "review of open actions and give sales and marketing time each, plus an open floor."
    )
    for index, segment in enumerate(document["segments"]):
        lines += ["", "[[segments]]"]
        for key, note in _SEGMENT_NOTES.items():
            if index == 0:
                lines += _comment(note)
            if key in segment:
                lines.append(_assign(key, segment[key]))
            elif key == "prompts":
                lines.append("prompts = []")
            elif index == 0:
                lines.append(f"# {key} = {_SEGMENT_EXAMPLES[key]}")
    return "\n".join(lines) + "\n"


def _comment(note: str) -> list[str]:
    return [f"# {line}" for line in note.splitlines()]


def _assign(key: str, value: Any) -> str:
    if isinstance(value, list) and value:
        items = "".join(f"    {_value(item)},\n" for item in value)
        return f"{key} = [\n{items}]"
    return f"{key} = {_value(value)}"


def _value(value: Any) -> str:
    # tomli-w does the escaping; we only want the right-hand side of `v = ...`.
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _template_paths(folder: Path) -> list[Path]:
    """The template files of ``folder`` in name order (hidden files and folders left out)."""
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.glob("*.toml")) if not path.name.startswith(".") and path.is_file()]


def _scan(folder: Path, source: Source, repo: MinutesRepo | None = None) -> list[AgendaEntry]:
    entries = []
    for path in _template_paths(folder):
        try:
            if repo is not None:  # a teammate's symlink to a file elsewhere is not read
                repo.kept_inside(path)
            entries.append(AgendaEntry(path.stem, path, source, load_agenda_file(path)))
        except InputError as exc:
            entries.append(AgendaEntry(path.stem, path, source, None, exc))
        except OSError as exc:
            # One unreadable file must not hide the rest of the catalog.
            entries.append(AgendaEntry(path.stem, path, source, None, InputError(path, f"cannot read: {exc}")))
    return entries


_CADENCES: dict[bytes, tuple[bool, str | None]] = {}
"""A template's bytes → (valid, its cadence). Every save's REPORT.md asks every template for its cadence; a
process sees a handful of templates, so each content is validated once (keyed by the bytes, never by time)."""
_CADENCES_KEPT = 256


def agenda_cadences(repo: MinutesRepo | None) -> dict[str, str | None]:
    """The cadence of every agenda template (built-in and the repository's), by name; broken ones left out.

    What :func:`list_agendas` would say, read from the files each time but validated once per content.
    """
    found: dict[str, str | None] = {}
    folders = [(builtin_agendas_dir(), None), *([(repo.agendas_dir, repo)] if repo is not None else [])]
    for folder, owner in folders:
        for path in _template_paths(folder):
            valid, cadence = _cadence(path, owner)
            found.pop(path.stem, None)  # a repository's template wins over a built-in, broken or not
            if valid:
                found[path.stem] = cadence
    return {name: found[name] for name in sorted(found)}


def _cadence(path: Path, repo: MinutesRepo | None) -> tuple[bool, str | None]:
    try:
        if repo is not None:  # a teammate's symlink to a file elsewhere is not read
            repo.kept_inside(path)
        if path.stat().st_size > MAX_TOML_BYTES:
            return False, None
        data = path.read_bytes()
    except (InputError, OSError):
        return False, None
    known = _CADENCES.get(data)
    if known is None:
        try:
            known = True, parse_model(data, path, Agenda).cadence
        except InputError:
            known = False, None
        if len(_CADENCES) >= _CADENCES_KEPT:
            _CADENCES.clear()
        _CADENCES[data] = known
    return known
