"""``meetingtui init DIR``: a ready shared repository, safe to run twice, never overwriting."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.settings import People, RepoSettings
from meetingtui.store.agendas import list_agendas
from meetingtui.store.init_repo import init_repository
from meetingtui.store.repo import MinutesRepo, resolve_repo
from meetingtui.store.toml_io import parse_toml, read_toml

EXPECTED = [
    "meetingtui.toml",
    "people.toml",
    "README.md",
    ".gitignore",
    "agendas/README.md",
    "minutes/.gitkeep",
    "proposals/.gitkeep",
]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def _git_toplevel(root: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_init_twice_creates_then_keeps_everything(tmp_path: Path) -> None:
    root = tmp_path / "team" / "minutes-repo"
    runner = CliRunner()
    first = runner.invoke(main, ["init", str(root)])
    assert first.exit_code == 0, first.output
    assert f"initialised a git repository in {root}" in first.stdout
    assert [line.split()[1] for line in first.stdout.splitlines() if line.startswith("created")] == EXPECTED
    assert Path(_git_toplevel(root)).samefile(root)
    before = _snapshot(root)
    assert sorted(before) == sorted(EXPECTED)

    (root / "people.toml").write_text('[[people]]\nname = "Sam"\nteam = "sales"\n')
    before = _snapshot(root)
    second = runner.invoke(main, ["init", str(root)])
    assert second.exit_code == 0, second.output
    assert "is a git repository already" in second.stdout
    assert "created" not in second.stdout
    assert [line.split()[1] for line in second.stdout.splitlines() if line.startswith("kept")] == EXPECTED
    assert _snapshot(root) == before


def test_the_created_files_are_valid_and_documented(tmp_path: Path) -> None:
    report = init_repository(tmp_path / "repo")
    root = report.root
    repo = MinutesRepo(root)
    assert repo.settings == RepoSettings(push=True)  # a team repository pushes; without a remote it never tries
    assert repo.people == People()
    settings_text = (root / "meetingtui.toml").read_text()
    for key in RepoSettings.model_fields:
        assert f"\n{key} = " in settings_text or f"\n# {key} = " in settings_text, key
    # The commented-out example settings and roster are valid once a person uncomments them.
    uncommented = settings_text.replace("# facilitator = ", "facilitator = ")
    assert RepoSettings.model_validate(parse_toml(uncommented)).facilitator == "Dana"
    assert list_agendas(repo)[0].source == "built-in", "agendas/README.md is not a template"
    readme = (root / "README.md").read_text()
    for command in ("meetingtui run", "meetingtui actions", "meetingtui commit", "meetingtui resume", "push"):
        assert command in readme
    assert "](REPORT.md)" in readme  # the alignment report every save keeps current, one click from the front page
    assert "meetingtui agendas new" in (root / "agendas" / "README.md").read_text()
    assert ".meetingtui-tmp-*" in (root / ".gitignore").read_text().splitlines()


def test_people_toml_loads_as_shipped_and_after_following_its_instructions(tmp_path: Path) -> None:
    root = init_repository(tmp_path / "repo").root
    path = root / "people.toml"
    shipped = path.read_text()
    assert MinutesRepo(root).people == People()  # as shipped: an empty roster, no error
    # What its header says to do: remove the leading "#" from the example lines below it (and only those).
    header, examples = shipped.split("\n\n", 1)
    assert 'remove the leading "#" from the example lines below' in header
    followed = header + "\n\n" + "\n".join(line.removeprefix("#").removeprefix(" ") for line in examples.splitlines())
    path.write_text(followed + "\n")
    people = MinutesRepo(root).people.people
    assert [(p.name, p.team.value, p.role) for p in people] == [
        ("Sam Rivera", "sales", "Account executive"),
        ("Dana Lee", "marketing", "Content marketer"),
    ]
    # The way people also do it: uncomment one block by hand, leave the other commented.
    path.write_text(
        shipped.replace(
            '# [[people]]\n# name = "Sam Rivera"\n# team = "sales"',
            '[[people]]\nname = "Sam Rivera"\nteam = "Sales"',
            1,
        )
    )
    assert [p.name for p in MinutesRepo(root).people.people] == ["Sam Rivera"]


def test_the_new_repository_is_found_from_inside_it(tmp_path: Path) -> None:
    root = init_repository(tmp_path / "repo").root
    (root / "agendas" / "deep").mkdir()
    assert resolve_repo(cwd=root / "agendas" / "deep").root.samefile(root)


def test_init_in_an_existing_repository_keeps_its_files(git_repo: Path) -> None:
    readme = (git_repo / "README.md").read_bytes()
    report = init_repository(git_repo)
    assert not report.git_initialised
    assert Path("README.md") in report.kept
    assert (git_repo / "README.md").read_bytes() == readme
    status = subprocess.run(["git", "-C", str(git_repo), "log", "--oneline"], capture_output=True, text=True)
    assert len(status.stdout.splitlines()) == 1, "init commits nothing"


def test_init_follows_an_existing_minutes_dir_setting(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "meetingtui.toml").write_text('minutes_dir = "notes/meetings"\n')
    report = init_repository(root)
    assert Path("notes/meetings/.gitkeep") in report.created
    assert not (root / "minutes").exists()
    assert read_toml(root / "meetingtui.toml") == {"minutes_dir": "notes/meetings"}


def test_init_on_a_file_or_broken_settings_fails_with_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "file"
    target.write_text("x")
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"meetingtui: {target}: is a file, not a folder — give a folder for the repository\n"

    root = tmp_path / "repo"
    root.mkdir()
    (root / "meetingtui.toml").write_text("minutes_dir = 3\n")
    result = runner.invoke(main, ["init", str(root)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"meetingtui: {root / 'meetingtui.toml'}: minutes_dir: ")
    assert sorted(p.name for p in root.iterdir()) == ["meetingtui.toml"], "nothing done before the error"
