"""Every command meets every file of the hostile corpus where a repository keeps it: a located line, never a traceback.

Agendas go to ``agendas/``, minutes to ``minutes/2026/``, proposals to
``proposals/weekly-sync/``, people and settings files become ``people.toml`` and
``meetingtui.toml``. A command that needs the file exits 2 with a line naming it and the
place in it (as ``tests/unit/test_hostile_input.py`` expects); one that lists many files
(``agendas list``, ``actions`` …) goes on, with a located warning for each broken one.

The commands run in-process through click (a few hundred runs: a process each would take
minutes); one real ``python -m meetingtui`` per file type checks the same from outside.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from meetingtui.cli import main
from tests.unit.test_hostile_input import ANY_LINE_COL, CORPUS, EXPECTED, NOWHERE

ROOT = Path(__file__).parents[2]
PLACES = {
    "agenda": "agendas",
    "minutes": "minutes/2026",
    "proposal": "proposals/weekly-sync",
    "people": "people.toml",
    "settings": "meetingtui.toml",
}
EVERY_COMMAND = [
    ["actions"],
    ["decisions"],
    ["insights"],
    ["stats"],
    ["proposals"],
    ["propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "sales"],
    ["agendas", "list"],
    ["agendas", "show", "weekly-sync"],
    ["agendas", "new", "launch"],
    ["commit"],
    ["sync"],
    ["run", "weekly-sync", "--no-commit"],
    ["resume"],
]


def cases(kind: str) -> list[str]:
    return sorted(name for name in EXPECTED if name.startswith(f"{kind}-"))


def invoke(root: Path, *args: str, repo: bool = True) -> Result:
    result = CliRunner().invoke(main, [*args, *(["--repo", str(root)] if repo else [])])
    shown = f"meetingtui {' '.join(args)}:\n{result.stdout}{result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown + repr(result.exception)
    assert "Traceback" not in result.output, shown
    return result


def assert_located(text: str, name: str, path_name: str | None = None) -> None:
    """A line of ``text`` names the file and where in it the problem is."""
    lines = [line for line in text.splitlines() if (path_name or name) in line]
    assert lines, f"{name} is not named:\n{text}"
    expected = EXPECTED[name]
    if expected is NOWHERE:
        return
    if expected == ANY_LINE_COL:
        assert any(re.search(r":\d+:\d+: ", line) for line in lines), text
        return
    separator = ":" if re.fullmatch(r"\d+:\d+", expected) else ": "
    assert any(f"{separator}{expected}: " in line for line in lines), f"{name}: {expected} is not named:\n{text}"


def place(root: Path, name: str, kind: str) -> Path:
    target = root / PLACES[kind]
    if kind in ("people", "settings"):
        shutil.copyfile(CORPUS / name, target)
        return target
    target.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(CORPUS / name, target / name))


def test_every_command_refuses_a_broken_settings_file(git_repo: Path) -> None:
    for name in cases("settings"):
        place(git_repo, name, "settings")
        for command in EVERY_COMMAND:
            result = invoke(git_repo, *command)
            assert result.exit_code == 2, (name, command, result.stderr)
            assert_located(result.stderr, name, "meetingtui.toml")


def test_propose_names_a_broken_people_file(git_repo: Path) -> None:
    for name in cases("people"):
        place(git_repo, name, "people")
        result = invoke(git_repo, "propose", "Pricing FAQ", "--agenda", "weekly-sync")
        assert result.exit_code == 2, (name, result.stderr)
        assert_located(result.stderr, name, "people.toml")
        for command in EVERY_COMMAND[:5]:  # the history does not need the roster: it goes on
            assert invoke(git_repo, *command).exit_code == 0, (name, command)


def test_agenda_commands_say_where_each_template_is_broken(git_repo: Path) -> None:
    names = cases("agenda")
    for name in names:
        place(git_repo, name, "agenda")
    listed = invoke(git_repo, "agendas", "list")
    assert listed.exit_code == 0, listed.stderr
    for name in names:
        stem = name.removesuffix(".toml")
        path = str(git_repo / "agendas" / name)
        for command in (["agendas", "show", stem], ["run", stem, "--no-commit"]):
            result = invoke(git_repo, *command)
            assert result.exit_code == 2, (name, command, result.stderr)
            assert_located(result.stderr, name)
        result = invoke(git_repo, "agendas", "validate", path, repo=False)
        assert result.exit_code == 2, (name, result.stdout)
        assert_located(result.stdout + result.stderr, name)
        if EXPECTED[name] is not NOWHERE:
            assert_located(listed.stderr, name)


def test_minutes_commands_say_where_each_file_is_broken(git_repo: Path) -> None:
    names = cases("minutes")
    for name in names:
        path = place(git_repo, name, "minutes")
        rendered = invoke(git_repo, "render", str(path), repo=False)
        assert rendered.exit_code == 2, (name, rendered.stderr)
        assert_located(rendered.stderr, name)
        committed = invoke(git_repo, "commit")
        assert committed.exit_code == 2, (name, committed.stdout, committed.stderr)
        assert_located(committed.stderr, name)
        path.unlink()
    for name in names:
        place(git_repo, name, "minutes")
    for command in (["actions"], ["decisions"], ["insights"], ["stats"]):
        result = invoke(git_repo, *command)
        assert result.exit_code == 0, (command, result.stderr)
        for name in names:
            assert_located(result.stderr, name)


def test_proposal_commands_say_where_each_file_is_broken(git_repo: Path) -> None:
    names = cases("proposal")
    for name in names:
        place(git_repo, name, "proposal")
    listed = invoke(git_repo, "proposals")
    assert listed.exit_code == 0, listed.stderr
    for name in names:
        assert_located(listed.stderr, name)
        withdrawn = invoke(git_repo, "propose", "--withdraw", f"weekly-sync/{name.removesuffix('.toml')}")
        assert withdrawn.exit_code == 2, (name, withdrawn.stderr)
        assert_located(withdrawn.stderr, name)


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("agenda-control-esc-segments-1-owner.toml", ["agendas", "show", "agenda-control-esc-segments-1-owner"]),
        ("minutes-control-nul-title.toml", ["commit"]),
        ("proposal-control-nul-title.toml", ["propose", "--withdraw", "weekly-sync/proposal-control-nul-title"]),
        ("people-control-c1-people-1-name.toml", ["propose", "Pricing FAQ", "--agenda", "weekly-sync"]),
        ("settings-control-bidi-remote.toml", ["actions"]),
    ],
)
def test_a_real_process_says_it_in_one_located_line(git_repo: Path, name: str, command: list[str]) -> None:
    kind = name.split("-", 1)[0]
    place(git_repo, name, kind)
    done = subprocess.run(
        [sys.executable, "-m", "meetingtui", *command, "--repo", str(git_repo)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "remove it" in line]
    assert len(errors) == 1 and errors[0].startswith("meetingtui: "), done.stderr
    assert_located(errors[0], name, PLACES[kind] if kind in ("people", "settings") else None)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", done.stderr)
