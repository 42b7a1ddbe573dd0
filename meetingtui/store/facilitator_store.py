"""The facilitator of this clone: git's user name and the last one remembered in the per-user state folder."""

from __future__ import annotations

from meetingtui.domain.facilitator import choose_facilitator
from meetingtui.store.files import atomic_write_text
from meetingtui.store.git.run import GitError, run_git
from meetingtui.store.repo import MinutesRepo

LAST_FACILITATOR = "last-facilitator.txt"


def find_facilitator(repo: MinutesRepo, given: str | None = None) -> str | None:
    """``given``, else the repository's setting, else git's user name on the roster, else the last one; or None.

    git is asked only when no name is given and the roster could know git's name (it costs a process before a
    meeting's first frame, and git's name counts only when the roster has it).
    """
    given = given or repo.settings.facilitator
    roster = [person.name for person in repo.people.people]
    return choose_facilitator(
        given=given,
        git_name=None if (given and given.strip()) or not roster else git_user_name(repo),
        last=last_facilitator(repo),
        roster=roster,
    )


def last_facilitator(repo: MinutesRepo) -> str | None:
    """The facilitator this clone recorded last (never committed: it is this user's, not the team's)."""
    try:
        return (repo.state_dir / LAST_FACILITATOR).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def remember_facilitator(repo: MinutesRepo, name: str) -> None:
    """Remember ``name`` for the next meeting in this clone (best effort: losing it only means asking again).

    A returning facilitator is already remembered: nothing is written (a write and two fsyncs before the first frame).
    """
    if last_facilitator(repo) == name.strip():
        return
    try:
        repo.state_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(repo.state_dir / LAST_FACILITATOR, name.strip() + "\n")
    except OSError:
        pass


def git_user_name(repo: MinutesRepo) -> str | None:
    """The name git signs this clone's commits with (``user.name``, or ``GIT_AUTHOR_NAME`` when set)."""
    try:
        found = run_git(repo.root, "var", "GIT_AUTHOR_IDENT", step="config", c_locale=True, timeout=5)
    except (GitError, OSError):
        return None
    if found.returncode != 0:
        return None
    return found.stdout.rpartition(" <")[0].strip() or None
