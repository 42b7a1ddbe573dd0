"""The catalog of agenda templates: built-in, the repository's own, names, paths and writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from meetingtui.domain.agenda import Agenda, Segment
from meetingtui.domain.errors import InputError
from meetingtui.store.agendas import (
    agenda_cadences,
    agenda_warnings,
    builtin_agendas_dir,
    commented_template,
    list_agendas,
    load_agenda_file,
    new_repo_template,
    resolve_agenda,
    save_repo_template,
    starter_agenda,
)
from meetingtui.store.init_repo import write_new_file
from meetingtui.store.repo import MinutesRepo

OWN_WEEKLY = """\
title = "Our weekly"
duration = "30m"

[[segments]]
title = "Actions"
team = "joint"
duration = "5m"
kind = "review-actions"

[[segments]]
title = "Sales"
team = "sales"
duration = "10m"

[[segments]]
title = "Marketing"
team = "marketing"
duration = "10m"

[[segments]]
title = "Concerns"
team = "joint"
duration = "5m"
kind = "open-floor"
"""


@pytest.fixture
def repo(tmp_path: Path) -> MinutesRepo:
    root = tmp_path / "repo"
    (root / "agendas").mkdir(parents=True)
    return MinutesRepo(root)


def test_builtin_folder_is_the_source_checkouts_agendas() -> None:
    folder = builtin_agendas_dir()
    assert (folder / "weekly-sync.toml").is_file()
    assert folder == Path(__file__).resolve().parents[2] / "agendas"


def test_repository_template_overrides_the_builtin(repo: MinutesRepo) -> None:
    (repo.agendas_dir / "weekly-sync.toml").write_text(OWN_WEEKLY)
    (repo.agendas_dir / "team-only.toml").write_text(OWN_WEEKLY.replace("Our weekly", "Team only"))
    entries = {entry.name: entry for entry in list_agendas(repo)}
    weekly = entries["weekly-sync"]
    assert (weekly.source, weekly.overrides_builtin, weekly.agenda.title) == ("repository", True, "Our weekly")
    assert entries["team-only"].source == "repository"
    assert not entries["team-only"].overrides_builtin
    assert entries["campaign-preview"].source == "built-in"
    assert resolve_agenda("weekly-sync", repo)[1].title == "Our weekly"
    assert resolve_agenda("weekly-sync", None)[1].title != "Our weekly"


def test_broken_repository_templates_are_listed_with_their_error(repo: MinutesRepo) -> None:
    (repo.agendas_dir / "typo.toml").write_text(OWN_WEEKLY.replace('duration = "30m"', 'durration = "30m"'))
    (repo.agendas_dir / "syntax.toml").write_text('title = "x\n')
    (repo.agendas_dir / "notes.md").write_text("not a template")
    entries = {entry.name: entry for entry in list_agendas(repo)}
    assert "notes" not in entries
    typo, syntax = entries["typo"], entries["syntax"]
    assert typo.agenda is None and "durration" in str(typo.error) and "unknown key" in str(typo.error)
    assert syntax.agenda is None and str(syntax.error).startswith(f"{repo.agendas_dir / 'syntax.toml'}:1:")
    with pytest.raises(InputError, match="durration"):
        resolve_agenda("typo", repo)


def test_list_is_sorted_by_name(repo: MinutesRepo) -> None:
    names = [entry.name for entry in list_agendas(repo)]
    assert names == sorted(names)


def test_resolve_a_path_names_it_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "board prep.toml"
    path.write_text(OWN_WEEKLY)
    assert resolve_agenda(str(path)) == ("board prep", load_agenda_file(path))


def test_resolve_an_unknown_name_lists_the_choices(repo: MinutesRepo) -> None:
    (repo.agendas_dir / "team-only.toml").write_text(OWN_WEEKLY)
    with pytest.raises(InputError) as caught:
        resolve_agenda("weekly-synk", repo)
    message = str(caught.value)
    assert message.startswith("weekly-synk: ")
    assert "weekly-sync" in message and "team-only" in message and ".toml" in message


def test_resolve_a_missing_path_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        resolve_agenda(str(tmp_path / "gone.toml"))


def test_resolve_tolerates_a_spelling_that_slugifies_to_a_name() -> None:
    assert resolve_agenda("Weekly Sync")[0] == "weekly-sync"


def test_save_repo_template_refuses_to_overwrite(repo: MinutesRepo) -> None:
    agenda = resolve_agenda("weekly-sync")[1]
    path = save_repo_template(repo, "Our Sync!", agenda)
    assert path == repo.agendas_dir / "our-sync.toml"
    assert load_agenda_file(path) == agenda
    with pytest.raises(InputError, match="exists already"):
        save_repo_template(repo, "our-sync", starter_agenda("x"))
    assert load_agenda_file(path) == agenda
    save_repo_template(repo, "our-sync", starter_agenda("x"), overwrite=True)
    assert load_agenda_file(path) == starter_agenda("x")


def test_a_name_without_letters_is_refused(repo: MinutesRepo) -> None:
    with pytest.raises(InputError, match="letters or digits"):
        save_repo_template(repo, "../..", starter_agenda("x"))


@pytest.mark.parametrize("name", [entry.name for entry in list_agendas(None)])
def test_commented_template_reads_back_as_the_same_agenda(name: str, tmp_path: Path) -> None:
    agenda = resolve_agenda(name)[1]
    path = tmp_path / f"{name}.toml"
    path.write_text(commented_template(name, agenda))
    assert load_agenda_file(path) == agenda


def test_commented_template_explains_every_key() -> None:
    lines = commented_template("x", starter_agenda("x")).splitlines()
    first_segment = lines.index("[[segments]]")
    blocks = [
        (lines[:first_segment], [key for key in Agenda.model_fields if key != "segments"]),
        (lines[first_segment:], list(Segment.model_fields)),
    ]
    for block, keys in blocks:
        for key in keys:
            # Where a key first appears (set, or as a commented-out example) a comment explains it just above.
            first = next(i for i, line in enumerate(block) if line.startswith((f"{key} =", f"# {key} =")))
            assert block[first - 1].startswith("# ") and not block[first - 1].startswith(f"# {key} ="), key


def test_new_repo_template_is_valid_and_never_overwrites(repo: MinutesRepo) -> None:
    path = new_repo_template(repo, "pricing-review")
    agenda = load_agenda_file(path)
    assert agenda == starter_agenda("pricing-review")
    assert agenda.title == "Pricing review"
    assert not agenda_warnings(agenda)
    path.write_text(path.read_text() + "# edited\n")
    with pytest.raises(InputError, match="exists already"):
        new_repo_template(repo, "pricing-review", resolve_agenda("weekly-sync")[1])
    assert path.read_text().endswith("# edited\n")


def test_warnings_for_an_overbooked_one_sided_agenda() -> None:
    agenda = Agenda.model_validate(
        {
            "title": "Sales only",
            "duration": "10m",
            "segments": [{"title": "Pipeline", "team": "sales", "duration": "15m"}],
        }
    )
    warnings = agenda_warnings(agenda)
    assert any("15m" in warning and "10m" in warning for warning in warnings)
    assert any("marketing" in warning for warning in warnings)


def test_write_new_file_keeps_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "file.txt"
    assert write_new_file(path, "first")
    assert not write_new_file(path, "second")
    assert path.read_text() == "first"
    assert [p.name for p in path.parent.iterdir()] == ["file.txt"], "no temp files left behind"
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_cadences_are_what_the_catalog_says_through_edits_and_breakage(repo: MinutesRepo) -> None:
    def catalog() -> dict[str, str | None]:
        return {entry.name: entry.agenda.cadence for entry in list_agendas(repo) if entry.agenda is not None}

    own = repo.agendas_dir / "weekly-sync.toml"
    steps = [
        OWN_WEEKLY.replace('duration = "30m"', 'duration = "30m"\ncadence = "monthly"'),
        OWN_WEEKLY.replace('duration = "30m"', 'duration = "30m"\ncadence = "quarterly"'),  # edited in place
        OWN_WEEKLY.replace(
            'duration = "30m"', 'duration = "30m"\ncadence = "hourly"'
        ),  # broken: the built-in is gone too
        OWN_WEEKLY,  # no cadence of its own
    ]
    seen = []
    for text in steps:
        own.write_text(text)
        assert agenda_cadences(repo) == catalog()
        seen.append(agenda_cadences(repo).get("weekly-sync", "left out"))
    assert seen == ["monthly", "quarterly", "left out", None]
    assert list(agenda_cadences(repo)) == sorted(catalog())
