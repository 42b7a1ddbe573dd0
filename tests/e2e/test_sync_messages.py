"""``meetingtui sync`` tells the truth: what came in, what went out, and what was held back and why."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from meetingtui.cli import main
from tests.team_git import commit_minutes, git, make_team, minutes, refused_url, refusing_credentials


def sync(root: Path) -> Result:
    return CliRunner().invoke(main, ["sync", "--repo", str(root)])


def test_nothing_new(tmp_path: Path) -> None:
    _bare, (ana,) = make_team(tmp_path, 1)
    result = sync(ana)
    assert result.exit_code == 0, result.output
    assert "came in: nothing new from origin" in result.output
    assert "went out: nothing (the remote has every commit)" in result.output


def test_what_came_in_is_listed_and_ours_goes_out(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes(hour=9, agenda="ride-along"))
    git(ana, "push", "-q")
    commit_minutes(ben, minutes(hour=11))
    result = sync(ben)
    assert result.exit_code == 0, result.output
    assert (
        "came in from origin:\n"
        "  minutes/2026/2026-12-01-ride-along.md\n"
        "  minutes/2026/2026-12-01-ride-along.toml\n"
        "went out: pushed main to origin/main"
    ) in result.output
    assert git(bare, "rev-parse", "main") == git(ben, "rev-parse", "HEAD")


def test_an_update_blocked_by_a_users_change_is_not_nothing_new(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    (ana / "README.md").write_text("# minutes, edited by Ana\n")
    git(ana, "commit", "-q", "-am", "readme")
    git(ana, "push", "-q")
    (ben / "README.md").write_text("# Ben's own edit, not committed\n")
    commit_minutes(ben, minutes())
    before = git(bare, "rev-parse", "main")
    result = sync(ben)
    assert result.exit_code == 1
    assert "nothing new" not in result.output
    assert "came in: nothing — 1 file on origin held back (see below):\n  README.md" in result.output
    assert "README.md, which you changed (left alone)" in result.output
    assert "went out: nothing (it waits until the update is done); not pushed (1 meeting's minutes)" in result.output
    assert git(bare, "rev-parse", "main") == before
    assert (ben / "README.md").read_text() == "# Ben's own edit, not committed\n"


def test_an_update_skipped_for_the_users_own_commits_says_so_and_pushes_nothing(tmp_path: Path) -> None:
    bare, (ana, ben) = make_team(tmp_path, 2)
    commit_minutes(ana, minutes(hour=9, agenda="ride-along"))
    git(ana, "push", "-q")
    (ben / "README.md").write_text("# Ben's README\n")
    git(ben, "commit", "-q", "-am", "readme")
    head, before = git(ben, "rev-parse", "HEAD"), git(bare, "rev-parse", "main")
    result = sync(ben)
    assert result.exit_code == 1
    assert "nothing new" not in result.output
    assert "came in: nothing — 2 files on origin held back (see below):" in result.output
    assert "commits of your own besides minutes and proposals" in result.output
    assert f"git -C {ben} pull --rebase origin main" in result.output
    assert git(ben, "rev-parse", "HEAD") == head and git(bare, "rev-parse", "main") == before


def test_an_unreachable_remote_is_said_and_nothing_goes_out(tmp_path: Path) -> None:
    _bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "remote", "set-url", "origin", refused_url())  # the server is down: the one case that is offline
    result = sync(ana)
    assert result.exit_code == 1
    assert "came in: nothing — origin was not reached" in result.output
    assert "went out: nothing (origin was not reached); not pushed (1 meeting's minutes)" in result.output
    assert "meetingtui: offline: origin cannot be reached (offline, or its server is down)" in result.stderr


def test_a_wrong_url_and_refused_credentials_are_named_never_offline(tmp_path: Path) -> None:
    _bare, (ana,) = make_team(tmp_path, 1)
    commit_minutes(ana, minutes())
    git(ana, "remote", "set-url", "origin", str(tmp_path / "no-such-path.git"))
    wrong = sync(ana)
    assert wrong.exit_code == 1 and "offline" not in wrong.output and "was not reached" not in wrong.output
    assert "meetingtui: not updated: origin's URL leads to no git repository" in wrong.stderr
    assert f"git -C {ana} remote set-url origin URL" in wrong.stderr
    assert "went out: nothing (origin could not be read: see below); not pushed (1 meeting's minutes)" in wrong.stdout
    (tmp_path / "plain").mkdir()
    git(ana, "remote", "set-url", "origin", (tmp_path / "plain").as_uri())  # a file:// URL to a folder, no repository
    assert "origin's URL leads to no git repository" in sync(ana).stderr
    with refusing_credentials() as url:
        git(ana, "remote", "set-url", "origin", url)
        refused = sync(ana)
    assert refused.exit_code == 1 and "offline" not in refused.output
    assert "meetingtui: not updated: origin refused your credentials" in refused.stderr
    git(ana, "remote", "set-url", "origin", url.replace("someone:wrong@", ""))
    with refusing_credentials() as url:
        git(ana, "remote", "set-url", "origin", url.replace("someone:wrong@", ""))
        asked = sync(ana)
    assert "origin asks for a user name or password, and meetingtui never prompts for them" in asked.stderr
    assert "offline" not in asked.output


def test_the_set_up_commit_is_not_called_minutes_and_minutes_are_said_once(tmp_path: Path) -> None:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    clone = tmp_path / "clone"
    assert CliRunner().invoke(main, ["init", str(clone), "--remote", str(bare)]).exit_code == 0
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "Set up meeting minutes")  # touches minutes/.gitkeep, and is no meeting's
    record = minutes()
    commit_minutes(clone, record)
    git(clone, "commit", "-q", "--amend", "-m", record.commit_subject())
    git(clone, "remote", "set-url", "origin", str(tmp_path / "elsewhere.git"))
    held = sync(clone).output
    assert "not pushed (1 meeting's minutes and 1 other commit):" in held
    assert "Set up meeting minutes (not minutes, not a proposal)" in held
    git(clone, "remote", "set-url", "origin", str(bare))
    result = sync(clone)
    assert result.exit_code == 0, result.output
    went = result.output.split("went out: pushed main to origin/main\n")[1].splitlines()
    assert went[:2] == ["  Set up meeting minutes (not minutes, not a proposal)", f"  {record.commit_subject()}"]
    assert "minutes: Minutes:" not in held + result.output and record.id in went[1]
