"""``meetingtui agendas …`` as a person (and a script) uses it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.store.agendas import builtin_agendas_dir, load_agenda_file
from tests.conftest import require_tool

TRICKY = """\
title = "Pricing | packaging *review* <b>"
description = "1. Decide the plan names & prices"
duration = "40m"
cadence = "monthly"

[[segments]]
title = "Actions | blocked"
team = "joint"
duration = "5m"
owner = "Dana_the_facilitator"
kind = "review-actions"
prompts = ["- What is blocked?", "Who owns `pricing.md`?"]

[[segments]]
title = "Sales [field] view"
team = "sales"
duration = "15m"
prompts = ["What do buyers say | ask?", "#1 objection?"]

[[segments]]
title = "Marketing"
team = "marketing"
duration = "15m"
owner = "PMM"

[[segments]]
title = "Open floor"
team = "joint"
duration = "5m"
kind = "open-floor"
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "agendas").mkdir(parents=True)
    return root


def test_list_shows_builtins_and_repository_templates(runner: CliRunner, repo: Path) -> None:
    (repo / "agendas" / "weekly-sync.toml").write_text(TRICKY)
    (repo / "agendas" / "broken.toml").write_text("title = \n")
    result = runner.invoke(main, ["agendas", "list", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "TITLE", "SLOT", "CADENCE", "SOURCE"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert "repository (overrides built-in)" in rows["weekly-sync"]
    assert "Pricing | packaging" in rows["weekly-sync"]
    assert re.search(r"Quarterly alignment review\s+1h30m\s+quarterly\s+built-in$", rows["quarterly-alignment"])
    assert "cannot be read" in rows["broken"]
    assert f"{repo / 'agendas' / 'broken.toml'}:1:" in result.stderr


def test_show_text_lists_segments_with_times_owners_and_prompts(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(main, ["agendas", "show", "weekly-sync", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    agenda = load_agenda_file(builtin_agendas_dir() / "weekly-sync.toml")
    assert result.stdout.startswith(f"{agenda.title}  (weekly-sync)")
    assert "Slot 45m · weekly" in result.stdout
    assert "0–5 min  joint" in result.stdout
    for segment in agenda.segments:
        assert segment.title in result.stdout
        assert all(prompt in result.stdout for prompt in segment.prompts)


def test_show_unknown_name_fails_with_the_choices(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(main, ["agendas", "show", "weekly", "--repo", str(repo)])
    assert result.exit_code == 2
    where, error = result.stderr.splitlines()  # which repository, then the error in one line
    assert where == f"meetingtui: reading the agendas in {repo.resolve()}"
    assert error.startswith("meetingtui: weekly: no agenda template") and "weekly-sync" in error


@pytest.mark.parametrize("name", [*sorted(path.stem for path in builtin_agendas_dir().glob("*.toml")), "tricky"])
def test_show_markdown_renders_a_table_with_cmark_gfm(runner: CliRunner, repo: Path, name: str) -> None:
    cmark = require_tool("cmark-gfm")
    (repo / "agendas" / "tricky.toml").write_text(TRICKY)
    result = runner.invoke(main, ["agendas", "show", name, "--format", "md", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    html = subprocess.run(
        [cmark, "-e", "table"], input=result.stdout, capture_output=True, text=True, check=True
    ).stdout
    agenda = (
        load_agenda_file(repo / "agendas" / "tricky.toml")
        if name == "tricky"
        else load_agenda_file(builtin_agendas_dir() / f"{name}.toml")
    )
    assert html.count("<table>") == 1
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = body.count("<tr>")
    assert rows == len(agenda.segments)
    assert body.count("<td") == 5 * rows, "a | in a title must not split a cell"
    assert "<b>" not in html and "<ol" not in html, "text stays text"
    assert html.count("<li>") == sum(len(segment.prompts) for segment in agenda.segments)
    if name == "tricky":
        assert "Pricing | packaging *review* &lt;b&gt;" in html
        assert "<li>- What is blocked?</li>" in html
        assert "Dana_the_facilitator" in html


def test_validate_reports_each_file_and_exits_2_on_any_bad_one(runner: CliRunner, tmp_path: Path) -> None:
    good = builtin_agendas_dir() / "weekly-sync.toml"
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('title = "Weekly"\n[[segments]\ntitle = "x"\n')
    field = tmp_path / "field.toml"
    field.write_text(TRICKY.replace('duration = "15m"', 'duration = "fifteen"', 1))
    only_good = runner.invoke(main, ["agendas", "validate", str(good)])
    assert (only_good.exit_code, only_good.stdout) == (0, f"ok {good}\n")
    mixed = runner.invoke(main, ["agendas", "validate", str(good), str(syntax), str(field), str(tmp_path / "no.toml")])
    assert mixed.exit_code == 2
    lines = mixed.stdout.splitlines()
    assert lines[0] == f"ok {good}"
    assert re.match(rf"{re.escape(str(syntax))}:2:\d+: TOML syntax: ", lines[1])
    assert lines[2].startswith(f"{field}: segments[2].duration: ") and '"fifteen"' in lines[2]
    assert lines[3] == f"{tmp_path / 'no.toml'}: no such file — check the path"
    assert len(lines) == 4


EVERY_PROBLEM = """\
title = "Weekly"
duraton = "45m"

[[segments]]
title = "Pipeline"
team = "finance"
duration = "0m"

[[segments]]
tilte = "Content"
team = "Marketing"
duration = "5m"
colour = "red"
kind = "keynote"

[[segments]]
title = ""
team = "sales"
duration = "ten"
prompts = "What?"
"""


def test_validate_reports_every_problem_located_in_our_words(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(EVERY_PROBLEM)
    result = runner.invoke(main, ["agendas", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: {line}"
        for line in [
            'duraton: unknown key "duraton" — did you mean duration?',
            'segments[1].team: "finance" is not a team: use sales, marketing or joint',
            'segments[1].duration: "0m" is no time at all — give a duration such as "5m" or "90s"',
            'segments[2].tilte: unknown key "tilte" — did you mean title?',  # and not "title is missing" too
            'segments[2].colour: unknown key "colour" — check its spelling or remove it: '
            "the keys here are title, team, duration, owner, kind, prompts",
            'segments[2].kind: "keynote" is not a segment kind: use standard, review-actions or open-floor',
            "segments[3].title: is empty — write some text",
            'segments[3].duration: "ten" is not a duration: write "90s", "5m", "1h15m" or a whole number of minutes',
            'segments[3].prompts: "What?" should be a list, such as ["…", "…"]',
        ]
    ]
    assert "Input should" not in result.output and "[0]" not in result.output


def test_running_a_broken_agenda_reports_every_problem_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(EVERY_PROBLEM)
    result = runner.invoke(main, ["run", str(path)])
    assert result.exit_code == 2
    # The per-user repository is announced first (a newcomer learns where minutes go); then the problems.
    lines = [line for line in result.stderr.splitlines() if not line.startswith("meetingtui: the minutes go to ")]
    assert len(lines) == 9 and all(line.startswith(f"meetingtui: {path}: ") for line in lines)


def test_team_names_in_any_case_and_written_back_lower_case(runner: CliRunner, repo: Path) -> None:
    (repo / "agendas" / "caps.toml").write_text(TRICKY.replace('team = "sales"', 'team = "Sales"'))
    assert runner.invoke(main, ["agendas", "validate", str(repo / "agendas" / "caps.toml")]).exit_code == 0
    result = runner.invoke(main, ["agendas", "new", "copy", "--from", "caps", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    written = (repo / "agendas" / "copy.toml").read_text()
    assert 'team = "sales"' in written and 'team = "Sales"' not in written


@pytest.mark.parametrize(
    ("typed", "meant"), [("weekly", "weekly-sync"), ("weekly-synk", "weekly-sync"), ("funnel", "funnel-review")]
)
def test_unknown_agenda_names_get_a_did_you_mean(runner: CliRunner, repo: Path, typed: str, meant: str) -> None:
    subprocess.run(["git", "init", "-q", str(repo)], check=True)  # `run` refuses a folder it could not commit in
    for command in (["run", typed], ["agendas", "show", typed]):
        result = runner.invoke(main, [*command, "--repo", str(repo)])
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1].startswith(  # after `agendas show` says which repository
            f"meetingtui: {typed}: no agenda template of that name — did you mean {meant}? "
        )


def test_validate_warns_about_an_overbooked_slot_but_passes(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text(TRICKY.replace('duration = "40m"', 'duration = "30m"'))
    result = runner.invoke(main, ["agendas", "validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"ok {path}",
        f"{path}: warning: the segments take 40m but the slot is 30m — shorten a segment or book a longer slot",
    ]


def test_validate_needs_a_file(runner: CliRunner) -> None:
    assert runner.invoke(main, ["agendas", "validate"]).exit_code == 2


def test_validate_a_folder_checks_its_toml_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["agendas", "validate", str(builtin_agendas_dir())])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"ok {path}" for path in sorted(builtin_agendas_dir().glob("*.toml"))]
    empty = runner.invoke(main, ["agendas", "validate", str(tmp_path)])
    assert (empty.exit_code, empty.stdout) == (2, f"{tmp_path}: no .toml files in this folder\n")


def test_new_from_a_builtin_validates_and_never_overwrites(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(main, ["agendas", "new", "our-sync", "--from", "weekly-sync", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    path = repo / "agendas" / "our-sync.toml"
    assert result.stdout.startswith(f"created {path}\n")
    checked = runner.invoke(main, ["agendas", "validate", str(path)])
    assert (checked.exit_code, checked.stdout) == (0, f"ok {path}\n")
    assert load_agenda_file(path) == load_agenda_file(builtin_agendas_dir() / "weekly-sync.toml")
    assert path.read_text().startswith("# ")

    path.write_text(path.read_text().replace("Weekly sales", "Our weekly sales"))
    again = runner.invoke(main, ["agendas", "new", "our-sync", "--repo", str(repo)])
    assert again.exit_code == 2
    assert "exists already" in again.stderr
    assert "Our weekly sales" in path.read_text()

    listed = runner.invoke(main, ["agendas", "list", "--repo", str(repo)])
    assert re.search(r"^our-sync\s+Our weekly sales.*repository$", listed.stdout, re.MULTILINE)


def test_new_without_from_is_a_valid_starter(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(main, ["agendas", "new", "Pricing Review", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    agenda = load_agenda_file(repo / "agendas" / "pricing-review.toml")
    assert agenda.title == "Pricing review"


def test_new_from_an_unknown_template_fails_cleanly(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(main, ["agendas", "new", "x", "--from", "nope", "--repo", str(repo)])
    assert result.exit_code == 2
    assert not (repo / "agendas" / "x.toml").exists()


def test_validate_exit_status_in_a_real_process(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "No segments"\n')
    command = [sys.executable, "-m", "meetingtui", "agendas", "validate"]
    good = subprocess.run([*command, str(builtin_agendas_dir() / "rehearsal.toml")], capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    failed = subprocess.run([*command, str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2
    assert failed.stdout == f"{bad}: segments: required but missing — add it\n"
    assert "Traceback" not in failed.stderr


def test_a_misspelt_command_gets_a_did_you_mean(runner: CliRunner) -> None:
    result = runner.invoke(main, ["agenda", "list"])
    assert result.exit_code == 2 and "No such command 'agenda'. Did you mean 'agendas'?" in result.stderr
    result = runner.invoke(main, ["xyzzy"])
    assert result.exit_code == 2 and "Did you mean" not in result.stderr
