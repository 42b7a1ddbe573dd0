"""Malformed files from ``tests/corpus/hostile``: every one is a located InputError, never a traceback.

A file's prefix picks its loader (``agenda-``, ``minutes-``, ``people-``,
``settings-``, ``proposal-``); ``EXPECTED`` says where the message must point: ``line:col``
for TOML syntax, the field path for validation. The ``*-control-*`` cases (NUL, C0, C1 and
bidi characters in every string field, written by ``tests/corpus/make_control_cases.py``)
say it on their first line.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from meetingtui.domain.errors import InputError
from meetingtui.domain.proposals import Proposal
from meetingtui.store.agendas import load_agenda_file
from meetingtui.store.minutes_store import load_minutes
from meetingtui.store.repo import PEOPLE_FILE, SETTINGS_FILE, MinutesRepo
from meetingtui.store.toml_io import MAX_TOML_BYTES, read_model

CORPUS = Path(__file__).parents[1] / "corpus" / "hostile"

ANY_LINE_COL = "<line:col>"
"""Any ``line:col``: where exactly a binary file goes wrong is for the reader to say."""
NOWHERE = None
"""No location makes sense (the whole file is the problem); the message still names the file."""

EXPECTED: dict[str, str | None] = {
    # agendas: TOML syntax
    "agenda-syntax-unclosed-string.toml": "1:21",
    "agenda-syntax-missing-equals.toml": "2:10",
    "agenda-syntax-duplicate-key.toml": "2:16",
    "agenda-syntax-unclosed-array.toml": "8:48",
    "agenda-syntax-bad-table-header.toml": "4:11",
    "agenda-syntax-table-redefined.toml": "9:10",
    "agenda-syntax-bare-word.toml": "6:8",
    "agenda-syntax-inline-trailing-comma.toml": "3:61",
    "agenda-syntax-bad-escape.toml": "1:19",
    "agenda-syntax-key-without-value.toml": "2:10",
    "agenda-syntax-merge-conflict.toml": "3:1",
    "agenda-syntax-bad-date.toml": "3:15",
    "agenda-huge-integer.toml": "2:12",
    # agendas: not TOML text at all
    "agenda-nul-bytes.toml": "2:14",
    "agenda-binary-garbage.toml": ANY_LINE_COL,
    "agenda-utf16.toml": ANY_LINE_COL,
    "agenda-invalid-utf8.toml": "2:19",
    "agenda-deeply-nested.toml": NOWHERE,
    # agendas: validation
    "agenda-empty.toml": "title",
    "agenda-only-comments.toml": "title",
    "agenda-nested-arrays.toml": "segments[1].prompts[1]",
    "agenda-typo-duraton.toml": "segments[2].duraton",
    "agenda-typo-promts.toml": "segments[1].promts",
    "agenda-typo-tittle.toml": "tittle",
    "agenda-missing-title.toml": "title",
    "agenda-missing-team.toml": "segments[2].team",
    "agenda-no-segments.toml": "segments",
    "agenda-segments-not-tables.toml": "segments[1]",
    "agenda-title-not-string.toml": "title",
    "agenda-title-blank.toml": "title",
    "agenda-title-too-long.toml": "title",
    "agenda-negative-duration.toml": "segments[2].duration",
    "agenda-zero-duration.toml": "segments[2].duration",
    "agenda-garbled-duration.toml": "segments[2].duration",
    "agenda-float-duration.toml": "segments[2].duration",
    "agenda-duration-wrong-order.toml": "segments[2].duration",
    "agenda-duration-is-date.toml": "duration",
    "agenda-duration-bool.toml": "segments[2].duration",
    "agenda-bad-team.toml": "segments[2].team",
    "agenda-team-capitalised.toml": "segments[2].team",
    "agenda-bad-kind.toml": "segments[1].kind",
    "agenda-bad-cadence.toml": "cadence",
    "agenda-bad-warn-at-percent.toml": "warn_at",
    "agenda-bad-warn-at-text.toml": "warn_at",
    "agenda-bad-warn-at-nan.toml": "warn_at",
    "agenda-prompts-not-strings.toml": "segments[1].prompts[2]",
    "agenda-inline-unknown-key.toml": "segments[1].colour",
    "agenda-empty-key.toml": '""',
    "agenda-quoted-key.toml": 'segments[1]."dura tion"',
    "agenda-key-starting-with-digit.toml": "2nd_title",
    # minutes
    "minutes-empty.toml": "id",
    "minutes-syntax-unterminated-notes.toml": "13:21",
    "minutes-syntax-bad-date.toml": "5:8",
    "minutes-syntax-bad-offset.toml": "7:31",
    "minutes-invalid-utf8.toml": "11:17",
    "minutes-naive-started-at.toml": "started_at",
    "minutes-time-only-ended-at.toml": "ended_at",
    "minutes-date-as-text.toml": "date",
    "minutes-ended-before-started.toml": "ended_at",
    "minutes-schema-version-2.toml": "schema_version",
    "minutes-missing-id.toml": "id",
    "minutes-duplicate-action-ids.toml": "actions[2].id",
    "minutes-action-unknown-key.toml": "actions[1].asignee",
    "minutes-action-bad-status.toml": "actions[1].status",
    "minutes-action-due-text.toml": "actions[1].due",
    "minutes-action-due-datetime.toml": "actions[1].due",
    "minutes-concern-bad-team.toml": "concerns[1].to_team",
    "minutes-attendee-bad-team.toml": "attendees[2].team",
    "minutes-attendees-not-array.toml": "attendees",
    "minutes-negative-seconds.toml": "segments[1].actual_seconds",
    "minutes-seconds-as-text.toml": "segments[1].planned_seconds",
    "minutes-update-missing-status.toml": "action_updates[1].status",
    "minutes-top-level-typo.toml": "facilitatr",
    # people.toml
    "people-syntax.toml": "2:13",
    "people-nul-bytes.toml": "2:11",
    "people-duplicate.toml": "people[2].name",
    "people-bad-team.toml": "people[1].team",
    "people-unknown-key.toml": "people[1].email",
    "people-missing-name.toml": "people[1].name",
    "people-name-blank.toml": "people[1].name",
    "people-not-array.toml": "people",
    "people-top-level-typo.toml": "peeple",
    # meetingtui.toml
    "settings-syntax.toml": "1:15",
    "settings-invalid-utf8.toml": "1:19",
    "settings-minutes-dir-parent.toml": "minutes_dir",
    "settings-minutes-dir-sneaky.toml": "minutes_dir",
    "settings-minutes-dir-absolute.toml": "minutes_dir",
    "settings-minutes-dir-empty.toml": "minutes_dir",
    "settings-minutes-dir-root.toml": "minutes_dir",
    "settings-minutes-dir-nul.toml": "minutes_dir",
    "settings-push-not-bool.toml": "push",
    "settings-unknown-key.toml": "minute_dir",
    "settings-remote-not-string.toml": "remote",
}
CONTROL_CASES = {
    path.name: path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    for path in sorted(CORPUS.glob("*-control-*.toml"))
}
EXPECTED.update(CONTROL_CASES)


def _repo_loader(file_name: str, attribute: str) -> Callable[[Path], object]:
    def load(case: Path) -> object:
        root = case.parent / f"repo-{case.stem}"
        root.mkdir()
        shutil.copyfile(case, root / file_name)
        return getattr(MinutesRepo(root), attribute)

    return load


LOADERS: dict[str, Callable[[Path], object]] = {
    "agenda": load_agenda_file,
    "minutes": load_minutes,
    "people": _repo_loader(PEOPLE_FILE, "people"),
    "settings": _repo_loader(SETTINGS_FILE, "settings"),
    "proposal": lambda path: read_model(path, Proposal),
}
LOADED_AS = {"people": PEOPLE_FILE, "settings": SETTINGS_FILE}


def _load(case: Path) -> InputError:
    """Run the case's loader; only an InputError may come out."""
    kind = case.name.split("-", 1)[0]
    try:
        LOADERS[kind](case)
    except InputError as exc:
        return exc
    pytest.fail(f"{case.name} loaded without an error")


def _check_location(error: InputError, path_name: str, expected: str | None) -> None:
    for problem in error.more:  # every further problem is located too, one line each
        assert problem.where and "\n" not in problem.line() and problem.line().startswith(error.path or ""), problem
    assert str(error).splitlines() == [problem.line() for problem in error.problems]
    text = error.line()
    assert path_name in (error.path or ""), text
    assert text.startswith(error.path or "<input>"), text
    assert "\n" not in text and "Traceback" not in text, text
    assert error.message.strip(), text
    if expected is NOWHERE:
        return
    if expected == ANY_LINE_COL:
        assert error.where and re.fullmatch(r"\d+:\d+", error.where), text
        assert f":{error.where}: " in text, text
        return
    assert error.where == expected, text
    separator = ":" if re.fullmatch(r"\d+:\d+", expected) else ": "
    assert f"{separator}{expected}: " in text, text


def test_the_corpus_and_the_table_agree() -> None:
    names = {path.name for path in CORPUS.iterdir()}
    assert names == set(EXPECTED)
    assert len(names) >= 40
    assert len(CONTROL_CASES) >= 120
    from tests.corpus.make_control_cases import cases

    assert set(CONTROL_CASES) == set(cases()), "run tests/corpus/make_control_cases.py"
    assert {name.split("-", 1)[0] for name in names} == set(LOADERS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_a_located_input_error(name: str, tmp_path: Path) -> None:
    case = tmp_path / name
    shutil.copyfile(CORPUS / name, case)
    error = _load(case)
    kind = name.split("-", 1)[0]
    _check_location(error, LOADED_AS.get(kind, name), EXPECTED[name])


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_huge_file_is_refused_without_reading_it(kind: str, tmp_path: Path) -> None:
    case = tmp_path / f"{kind}-huge.toml"
    line = b"# " + b"x" * 1021 + b"\n"
    with case.open("wb") as handle:
        for _ in range(MAX_TOML_BYTES // len(line) + 2):
            handle.write(line)
    assert case.stat().st_size > 5 * 1024 * 1024
    error = _load(case)
    _check_location(error, LOADED_AS.get(kind, case.name), NOWHERE)
    assert "MiB" in error.message


def _symlink_loop(folder: Path) -> Path:
    path = folder / "loop.toml"
    os.symlink(path, path)
    return path


def _under_a_file(folder: Path) -> Path:
    (folder / "plain.toml").write_text('title = "x"\n')
    return folder / "plain.toml" / "agenda.toml"


def _folder(folder: Path) -> Path:
    (folder / "agenda.toml").mkdir()
    return folder / "agenda.toml"


@pytest.mark.parametrize(
    "make",
    [lambda folder: folder / "missing.toml", _folder, _symlink_loop, _under_a_file],
    ids=["missing", "folder", "symlink-loop", "under-a-file"],
)
@pytest.mark.parametrize("loader", [load_agenda_file, load_minutes], ids=["agenda", "minutes"])
def test_unreadable_paths_are_input_errors(
    make: Callable[[Path], Path], loader: Callable[[Path], object], tmp_path: Path
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        loader(path)
    assert str(caught.value).startswith(str(path))
