"""Ids are made once and never change; file names are for people: free here and on the fetched remote.

A name is free when neither of its two files exists, whoever wrote them; a name that already holds
these very minutes (a save a crash cut short) is theirs to write again; every name, however long,
ends in a free one.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.domain.ids import is_permanent, new_minutes_id, new_proposal_id
from meetingtui.domain.slug import MAX_SLUG
from meetingtui.store.minutes_store import load_minutes, minutes_file, save_minutes
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.state_records import record_write
from meetingtui.store.toml_io import dumps
from tests.team_git import commit_minutes, git, make_team, minutes

DAY = dt.date(2026, 12, 1)


def test_ids_are_new_every_time_and_read_as_what_they_are() -> None:
    made = {new_minutes_id(DAY, "Weekly sync") for _ in range(2000)}
    assert len(made) == 2000
    one = made.pop()
    assert one.startswith("2026-12-01-weekly-sync.") and is_permanent(one)
    assert is_permanent(f"{one}#3") is False  # an action's id is its meeting's id and a number
    for older in ("2026-12-01-weekly-sync", "2026-12-01-weekly-sync-2", "2026-12-01-feedback", "weekly-sync/a-b"):
        assert not is_permanent(older)
    proposal = new_proposal_id("weekly-sync", DAY, "Pricing FAQ!")
    assert proposal.startswith("weekly-sync/2026-12-01-pricing-faq.") and is_permanent(proposal)


@settings(max_examples=30, deadline=None)
@given(
    name=st.one_of(
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=1000),  # NUL: refused
        st.text(alphabet="ab -", min_size=40, max_size=1000),
    ).filter(str.strip)
)
def test_file_names_terminate_and_never_reuse_a_file(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = MinutesRepo(Path(folder))
        seen: list[str] = []
        for hour in range(4):  # four meetings of one agenda on one day
            record = minutes(hour=9 + hour, agenda=name)
            path = save_minutes(repo, record).toml_path
            assert len(path.stem) <= MAX_SLUG and path.stem not in seen
            assert load_minutes(path).id == record.id
            seen.append(path.stem)
        assert [stem.rsplit("-", 1)[1] for stem in seen[1:]] == ["2", "3", "4"]  # the suffix survives the cut


def test_a_hand_written_markdown_file_is_never_replaced(tmp_path: Path) -> None:
    repo = MinutesRepo(tmp_path)
    notes = tmp_path / "minutes/2026/2026-12-01-weekly-sync.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# Notes a colleague wrote by hand\n")
    saved = save_minutes(repo, minutes())
    assert saved.toml_path.name == "2026-12-01-weekly-sync-2.toml"
    assert notes.read_text() == "# Notes a colleague wrote by hand\n"


def test_saving_the_same_minutes_again_writes_the_same_files(tmp_path: Path) -> None:
    repo = MinutesRepo(tmp_path)
    record = minutes()
    first = save_minutes(repo, record, record=True)
    again = save_minutes(repo, record.model_copy(update={"title": "Edited after a crash"}), record=True)
    assert again.paths == first.paths
    other = save_minutes(repo, minutes())  # same day, same agenda, another meeting
    assert other.toml_path.name == "2026-12-01-weekly-sync-2.toml"


def test_an_older_id_is_reused_only_for_a_file_this_user_wrote(tmp_path: Path) -> None:
    """Ids of the older scheme were file names, so two clones could hold the same one."""
    repo = MinutesRepo(tmp_path)
    record = minutes().model_copy(update={"id": "2026-12-01-weekly-sync", "actions": []})
    theirs = tmp_path / "minutes/2026/2026-12-01-weekly-sync.toml"
    theirs.parent.mkdir(parents=True)
    theirs.write_text(dumps(record.to_document()))
    assert minutes_file(repo, record, taken=set()).name == "2026-12-01-weekly-sync-2.toml"
    record_write(repo.state_dir, theirs, theirs.read_bytes())
    assert minutes_file(repo, record, taken=set()) == theirs


def test_saves_cut_short_twice_between_record_and_write_still_find_their_file(git_repo: Path) -> None:
    """Two crashes in a row, each after the save recorded what it would write and before it wrote it: the file
    still holds the save before them, which is ours, so the next save writes it again (no ``-2`` copy beside it)."""
    repo = MinutesRepo(git_repo)
    record = minutes()
    toml_path = save_minutes(repo, record, record=True).toml_path
    for title in ("Second save", "Third save"):  # each cut short after its record, before its write
        later = record.model_copy(update={"title": title})
        assert minutes_file(repo, later, taken=set()) == toml_path
        record_write(repo.state_dir, toml_path, dumps(later.to_document()).encode())
    last = record.model_copy(update={"title": "Fourth save"})
    assert save_minutes(repo, last, record=True).toml_path == toml_path
    assert load_minutes(toml_path).title == "Fourth save"
    assert {path.name for path in toml_path.parent.iterdir()} == {toml_path.name, toml_path.with_suffix(".md").name}


def test_a_name_already_on_the_fetched_remote_is_not_taken_again(tmp_path: Path) -> None:
    _bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    repo = MinutesRepo(ben)
    assert minutes_file(repo, minutes()).name == "2026-12-01-weekly-sync.toml"  # not fetched yet: unknown here
    git(ben, "fetch", "-q")
    assert not (ben / "minutes/2026/2026-12-01-weekly-sync.toml").exists()
    assert minutes_file(repo, minutes()).name == "2026-12-01-weekly-sync-2.toml"


def test_without_an_upstream_the_remote_branch_of_the_same_name_counts(git_repo: Path, tmp_path: Path) -> None:
    bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    git(git_repo, "remote", "add", "origin", str(bare))
    git(git_repo, "fetch", "-q", "origin")  # no upstream set: main is on its own
    assert minutes_file(MinutesRepo(git_repo), minutes()).name == "2026-12-01-weekly-sync-2.toml"


def test_a_detached_head_or_another_branch_counts_nothing_from_the_remote(git_repo: Path, tmp_path: Path) -> None:
    bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "push", "-q")
    git(git_repo, "remote", "add", "origin", str(bare))
    git(git_repo, "fetch", "-q", "origin")
    git(git_repo, "switch", "-q", "-c", "elsewhere")  # origin has no branch of that name
    assert minutes_file(MinutesRepo(git_repo), minutes()).name == "2026-12-01-weekly-sync.toml"
    git(git_repo, "switch", "-q", "--detach", "main")
    assert minutes_file(MinutesRepo(git_repo), minutes()).name == "2026-12-01-weekly-sync.toml"
