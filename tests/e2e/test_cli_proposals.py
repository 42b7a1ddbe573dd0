"""`meetingtui propose` and `meetingtui proposals` as a team member sees them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetingtui.cli import main
from meetingtui.domain.minutes import Minutes
from meetingtui.store.toml_io import dumps, read_toml


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = CliRunner().invoke(main, [*args, "--repo", str(root)], catch_exceptions=False)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def save_minutes(root: Path, minutes_id: str, **tables) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    minutes = Minutes.model_validate(
        {
            "id": minutes_id,
            "title": "Weekly sync",
            "agenda": "weekly-sync",
            "date": start.date(),
            "started_at": start,
            "ended_at": start,
            **tables,
        }
    )
    path = root / "minutes" / str(start.year) / f"{minutes_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(minutes.to_document()))


def open_ids(root: Path, *args: str) -> list[str]:
    result = cli(root, "proposals", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


def proposal_id(root: Path, title: str) -> str:
    listed = json.loads(cli(root, "proposals", "--format", "json").stdout)
    return next(record["id"] for record in listed if record["title"] == title)


def test_propose_list_take_decline_withdraw(git_repo: Path) -> None:
    (git_repo / "notes.txt").write_text("mine\n")
    git(git_repo, "add", "notes.txt")  # staged by the user: must stay out of the proposal's commit
    made = cli(
        git_repo, "propose", "Pricing FAQ", "--agenda", "Weekly-Sync", "--team", "MARKETING", "--minutes", "15",
        "--owner", "Sam", "--note", "three calls asked",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    today = dt.date.today().isoformat()
    first_file = f"weekly-sync/{today}-pricing-faq"
    data = read_toml(git_repo / "proposals" / f"{first_file}.toml")
    first = data["id"]  # made once, kept in the file: the name may change on a race, the id never
    assert first.startswith(f"{first_file}.")
    assert f"wrote proposals/{first_file}.toml (id {first})" in made.stdout
    assert "committed " in made.stdout
    committed = git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == ["REPORT.md", f"proposals/{first_file}.toml"]  # the report, regenerated, goes with it
    assert git(git_repo, "diff", "--cached", "--name-only").split() == ["notes.txt"]
    assert (data["team"], data["minutes"], data["owner"], data["proposed_by"]) == (
        "marketing",
        15,
        "Sam",
        "Test Facilitator",
    )
    assert data["proposed_at"].tzinfo is not None

    for title in ("Pricing FAQ", "Logo refresh", "Case study"):
        assert cli(git_repo, "propose", title, "--agenda", "weekly-sync", "--team", "sales").returncode == 0
    second_file = f"{first_file}-2"
    second, logo, case = (
        read_toml(git_repo / "proposals" / f"{name}.toml")["id"]
        for name in (second_file, f"weekly-sync/{today}-logo-refresh", f"weekly-sync/{today}-case-study")
    )
    assert sorted(open_ids(git_repo)) == sorted([first, second, logo, case])  # same second: order by id
    table = cli(git_repo, "proposals").stdout
    assert "Pricing FAQ" in table and "Test Facilitator" in table and "today" in table and "marketing" in table
    assert open_ids(git_repo, "--agenda", "funnel-review") == []

    save_minutes(
        git_repo,
        f"{today}-weekly-sync",
        proposals_taken=[{"id": first, "segment": "Pricing FAQ"}],
        proposals_declined=[{"id": logo, "title": "Logo refresh", "reason": "brand team's call"}],
    )
    assert sorted(open_ids(git_repo)) == sorted([second, case])

    withdrawn = cli(git_repo, "propose", "--withdraw", second, "asked twice")
    assert withdrawn.returncode == 0, withdrawn.stderr
    committed = git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == ["REPORT.md", f"proposals/{second_file}.toml"]  # the report, regenerated, goes with it
    data = read_toml(git_repo / "proposals" / f"{second_file}.toml")
    assert data["withdrawn"] is True and data["withdrawn_reason"] == "asked twice"
    assert data["withdrawn_by"] == "Test Facilitator" and data["withdrawn_at"].tzinfo is not None
    assert open_ids(git_repo) == [case]
    again = cli(git_repo, "propose", "--withdraw", second_file)  # by its file, too
    assert again.returncode == 2 and "withdrawn already" in again.stderr
    assert (git_repo / "proposals" / f"{first_file}.toml").is_file()  # taken, declined, withdrawn: nothing deleted


def test_malformed_proposal_files_are_skipped_with_a_located_warning(git_repo: Path) -> None:
    assert cli(git_repo, "propose", "Good one", "--agenda", "weekly-sync", "--team", "sales").returncode == 0
    bad = git_repo / "proposals" / "weekly-sync" / "2026-01-01-bad.toml"
    bad.write_text('title = "Bad"\nagenda = "weekly-sync"\nteam = "legal"\n')
    result = cli(git_repo, "proposals")
    assert result.returncode == 0
    assert "Good one" in result.stdout
    assert f"warning: {bad}: team" in result.stderr and "skipped" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["propose", "X", "--agenda", "weekly-snyc", "--team", "sales"], "did you mean 'weekly-sync'"),
        (["propose", "X", "--agenda", "weekly-sync", "--team", "legal"], "'legal' is not a team"),
        (["propose", "X", "--agenda", "weekly-sync", "--team", "sales", "--minutes", "0"], "from 1 to 60"),
        (["propose", "X", "--agenda", "weekly-sync", "--team", "sales", "--minutes", "61"], "from 1 to 60"),
        (["propose", "X", "--team", "sales"], "--agenda"),
        (["propose", "x" * 201, "--agenda", "weekly-sync", "--team", "sales"], "TEXT: "),
        (["propose", "X", "--agenda", "weekly-sync", "--team", "sales", "--owner", "y" * 101], "--owner: "),
        (["propose", "X", "--agenda", "weekly-sync"], "not in people.toml"),
        (["propose", "--withdraw", "../../etc/passwd"], "no proposal with this id"),
        (["propose", "--withdraw", "weekly-sync/2026-01-01-nothing"], "no proposal with this id"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(git_repo: Path, args: list[str], message: str) -> None:
    result = cli(git_repo, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (git_repo / "proposals").exists() or not any((git_repo / "proposals").rglob("*.toml"))


def test_the_team_defaults_to_the_proposers_team_in_people_toml(git_repo: Path) -> None:
    (git_repo / "people.toml").write_text('[[people]]\nname = "Test Facilitator"\nteam = "marketing"\n')
    assert cli(git_repo, "propose", "Webinar", "--agenda", "weekly-sync").returncode == 0
    assert json.loads(cli(git_repo, "proposals", "--format", "json").stdout)[0]["team"] == "marketing"


def test_stats_count_proposals_per_team(git_repo: Path) -> None:
    assert cli(git_repo, "propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "marketing").returncode == 0
    assert cli(git_repo, "propose", "Discounts", "--agenda", "weekly-sync", "--team", "sales").returncode == 0
    today = dt.date.today().isoformat()
    save_minutes(
        git_repo,
        f"{today}-weekly-sync",
        facilitator="Sam",
        attendees=[{"name": "Sam", "team": "sales"}],
        segments=[
            {
                "title": "Pricing FAQ",
                "team": "marketing",
                "planned_seconds": 600,
                "actual_seconds": 660,
                "status": "done",
                "proposed_by": "Test Facilitator",
            }
        ],
        proposals_taken=[{"id": proposal_id(git_repo, "Pricing FAQ"), "segment": "Pricing FAQ"}],
    )
    data = json.loads(cli(git_repo, "stats", "--format", "json").stdout)["proposals"]
    assert {t["team"]: (t["proposed"], t["taken"], t["open"]) for t in data["teams"]} == {
        "sales": (1, 0, 1),
        "marketing": (1, 1, 0),
        "joint": (0, 0, 0),
    }
    assert data["given"][0] == {
        "from_team": "sales",
        "to_team": "marketing",
        "proposals": 1,
        "planned_seconds": 600,
        "actual_seconds": 660,
        "decided": 1,
        "asked_seconds": 600,
    }
    table = cli(git_repo, "stats").stdout
    assert "Proposals per team" in table and "sales → marketing: 1 taken, planned 10m, actual 11m" in table


def test_a_broken_settings_file_stops_propose_before_anything_is_written(git_repo: Path) -> None:
    (git_repo / "meetingtui.toml").write_text("push = maybe\n")
    result = cli(git_repo, "propose", "X", "--agenda", "weekly-sync", "--team", "sales")
    assert result.returncode == 2 and "meetingtui.toml:1:" in result.stderr
    assert not (git_repo / "proposals").exists()


def test_two_clones_proposing_the_same_topic_at_once_both_push_and_the_second_takes_the_next_name(
    tmp_path: Path,
) -> None:
    from tests.team_git import make_team

    bare, (ana, ben) = make_team(tmp_path, 2)
    asked = ["propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "marketing", "--push"]
    first = cli(ana, *asked, "--minutes", "5")
    second = cli(ben, *asked, "--minutes", "9")  # Ben has not fetched Ana's: the same id, an add/add on the push
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    taken = f"weekly-sync/{dt.date.today().isoformat()}-pricing-faq"  # propose dates by the local clock
    ana_id = read_toml(ana / f"proposals/{taken}.toml")["id"]
    assert f"(id {ana_id})" in first.stdout and f"(id {taken}." in second.stdout
    name = taken.rpartition("/")[2]
    assert f"proposals/{taken} became {name}-2 (the name was taken)" in second.stdout
    tip = git(bare, "rev-parse", "main").strip()
    assert f"the commit is now {tip[:7]}" in second.stdout  # the sha that landed, not the one before the rebase
    files = git(bare, "ls-tree", "-r", "--name-only", "main", "--", "proposals/weekly-sync/").split()
    assert sorted(files) == [f"proposals/{taken}-2.toml", f"proposals/{taken}.toml"]
    assert read_toml(ben / f"proposals/{taken}.toml")["minutes"] == 5  # Ana's, as she pushed it
    bens = read_toml(ben / f"proposals/{taken}-2.toml")
    assert bens["minutes"] == 9 and bens["id"] != ana_id  # Ben's, under the next name, its id unchanged
    assert f"(id {bens['id']})" in second.stdout
    assert git(ben, "status", "--porcelain") == ""
    listed = json.loads(cli(ben, "proposals", "--format", "json").stdout)
    assert sorted(item["id"] for item in listed) == sorted([ana_id, bens["id"]])


def test_a_proposal_renamed_on_the_push_takes_its_later_changes_along(tmp_path: Path) -> None:
    from tests.team_git import make_team

    _bare, (ana, ben) = make_team(tmp_path, 2)
    asked = ["propose", "Pricing FAQ", "--agenda", "weekly-sync", "--team", "marketing"]
    assert cli(ana, *asked, "--minutes", "5", "--push").returncode == 0
    assert cli(ben, *asked, "--minutes", "9", "--no-push").returncode == 0
    taken = f"weekly-sync/{dt.date.today().isoformat()}-pricing-faq"
    own = read_toml(ben / f"proposals/{taken}.toml")["id"]
    withdrawn = cli(ben, "propose", "--withdraw", own, "not needed", "--push")  # Ben's own, still unpushed
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert f"proposals/{taken} became {taken.rpartition('/')[2]}-2 (the name was taken)" in withdrawn.stdout
    anas, bens = read_toml(ben / f"proposals/{taken}.toml"), read_toml(ben / f"proposals/{taken}-2.toml")
    assert anas["minutes"] == 5 and "withdrawn" not in anas  # Ana's is left as she pushed it
    assert bens["minutes"] == 9 and bens["withdrawn"] is True and bens["withdrawn_reason"] == "not needed"
    assert git(ben, "status", "--porcelain") == ""
