"""The minutes folder resolves inside the repository: no symlink, ``..`` or ``.git`` leads reads or writes out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.errors import InputError
from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.files import TEMP_PREFIX, remove_stray_temp_files
from meetingtui.store.history_store import load_all_minutes
from meetingtui.store.minutes_store import minutes_files
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.tidying import tidy
from tests.clock import ManualClock
from tests.saving_agenda import SHORT
from tests.session_save import save


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository with a minutes-like file and a stray-looking temp file of someone else's."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "2026-11-20-secret.toml").write_text('id = "2026-11-20-secret"\n')
    (folder / f"{TEMP_PREFIX}not-ours").write_text("someone else's file")
    return folder


def settings(root: Path, minutes_dir: str) -> None:
    (root / "meetingtui.toml").write_text(f"minutes_dir = {minutes_dir!r}\n")


@pytest.mark.parametrize("value", [".git", ".git/minutes", ".GIT", "notes/../.git"])
def test_the_git_folder_is_refused_with_a_located_error(git_repo: Path, value: str) -> None:
    settings(git_repo, value)
    with pytest.raises(InputError) as caught:
        MinutesRepo(git_repo).minutes_dir  # noqa: B018
    message = str(caught.value)
    assert message.startswith(f"{git_repo / 'meetingtui.toml'}: minutes_dir: ")
    assert "folder inside" in message or ".git" in message


@pytest.mark.parametrize("value", ["../elsewhere", "/tmp/minutes", "minutes/../../x"])
def test_absolute_and_dot_dot_are_refused(git_repo: Path, value: str) -> None:
    settings(git_repo, value)
    with pytest.raises(InputError, match=r"meetingtui\.toml: minutes_dir: .*inside the repository"):
        MinutesRepo(git_repo).minutes_dir  # noqa: B018


def test_a_setting_that_leads_out_through_a_symlink_is_refused(git_repo: Path, outside: Path) -> None:
    (git_repo / "notes").symlink_to(outside)
    settings(git_repo, "notes")
    with pytest.raises(InputError) as caught:
        MinutesRepo(git_repo).minutes_dir  # noqa: B018
    assert str(caught.value).startswith(f"{git_repo / 'meetingtui.toml'}: minutes_dir: 'notes' leads out")
    assert str(outside) in str(caught.value)


def test_a_symlink_inside_the_repository_is_fine(git_repo: Path) -> None:
    (git_repo / "real-minutes").mkdir()
    (git_repo / "notes").symlink_to(git_repo / "real-minutes")
    settings(git_repo, "notes")
    assert MinutesRepo(git_repo).minutes_dir == git_repo / "notes"


def test_a_committed_minutes_symlink_stops_every_command_before_it_starts(
    git_repo: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (git_repo / "minutes").symlink_to(outside)
    monkeypatch.setattr("meetingtui.cli.run._run", lambda app: pytest.fail("the meeting must not start"))
    for args in (["run", SHORT], ["actions"], ["decisions", "--format", "json"], ["stats"], ["commit"]):
        result = CliRunner().invoke(main, [*args, "--repo", str(git_repo)])
        assert result.exit_code == 2, (args, result.output)
        assert f"{git_repo / 'minutes'}: 'minutes' leads out of the repository" in result.stderr
        assert "replace it with a plain folder" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == [f"{TEMP_PREFIX}not-ours", "2026-11-20-secret.toml"]


def test_a_symlinked_year_folder_leads_no_write_read_or_clean_up_out(git_repo: Path, outside: Path) -> None:
    repo = MinutesRepo(git_repo)
    (git_repo / "minutes").mkdir()
    (git_repo / "minutes" / "2026").symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}

    tidy(repo)
    skipped: list[Path] = []
    assert minutes_files(repo, skipped) == [] and skipped == [git_repo / "minutes" / "2026"]
    minutes, warnings = load_all_minutes(repo, use_cache=False)
    assert minutes == [] and "a symlink, not read" in warnings[0]

    clock = ManualClock()
    name, agenda = resolve_agenda(SHORT, repo)
    session = MeetingSession.new(
        repo, name, agenda, options=SessionOptions(commit=False), clock=clock.now, wall=clock.wall
    )
    session.meeting.toggle()
    clock.advance(30)
    with pytest.raises(InputError, match="leads out of the repository"):
        save(session)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert session.journal is not None and session.journal.path.exists()  # nothing lost: it can be saved later
    session.close()


def test_clean_up_never_follows_symlinks(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "minutes"
    (folder / "2026").mkdir(parents=True)
    ours = folder / "2026" / f"{TEMP_PREFIX}abc"
    ours.write_text("half a file")
    (folder / "elsewhere").symlink_to(outside)  # a folder link: not entered
    (folder / f"{TEMP_PREFIX}link").symlink_to(outside / "2026-11-20-secret.toml")  # a file link: not ours
    assert remove_stray_temp_files(folder, tmp_path) == [ours]
    assert (outside / f"{TEMP_PREFIX}not-ours").exists()
    assert (folder / f"{TEMP_PREFIX}link").is_symlink()
    # A folder that is itself a link, or lies outside `within`, is left alone.
    assert remove_stray_temp_files(folder / "elsewhere", tmp_path) == []
    assert remove_stray_temp_files(outside, folder) == []
    assert (outside / f"{TEMP_PREFIX}not-ours").exists()


def test_tidy_leaves_a_symlinked_agendas_folder_alone(git_repo: Path, outside: Path) -> None:
    (git_repo / "agendas").symlink_to(outside)
    tidy(MinutesRepo(git_repo))
    assert (outside / f"{TEMP_PREFIX}not-ours").exists()


@pytest.mark.parametrize("link", ["minutes", "agendas"])
def test_init_writes_nothing_through_a_folder_that_leads_out(tmp_path: Path, outside: Path, link: str) -> None:
    root = tmp_path / "team"
    root.mkdir()
    (root / link).symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 2
    named = f"'{link}' leads" if link == "minutes" else "leads"
    assert result.stderr.startswith(f"meetingtui: {root / link}: {named} out of the repository (to {outside})")
    assert result.stderr.endswith("through a symlink — replace it with a plain folder\n")
    assert sorted(p.name for p in outside.iterdir()) == before
    assert not (root / ".git").exists(), "refused before git init"


def test_init_refuses_minutes_in_dot_git(tmp_path: Path) -> None:
    root = tmp_path / "team"
    root.mkdir()
    settings(root, ".git")
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 2 and f"{root / 'meetingtui.toml'}: minutes_dir: '.git' is inside .git" in result.stderr
