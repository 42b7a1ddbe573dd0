"""``meetingtui init``: lay out a shared minutes repository, creating only what is missing."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.store import git
from meetingtui.store.files import TEMP_PREFIX, atomic_write_text, fsync_dir
from meetingtui.store.repo import AGENDAS_DIR, PEOPLE_FILE, PROPOSALS_DIR, SETTINGS_FILE, MinutesRepo


@dataclass
class InitReport:
    """What :func:`init_repository` did, paths relative to ``root``."""

    root: Path
    git_initialised: bool = False
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def init_repository(root: Path) -> InitReport:
    """Make ``root`` a ready shared minutes repository; safe to run again, never overwrites a file."""
    root = Path(root).expanduser()
    if root.exists() and not root.is_dir():
        raise InputError(root, "is a file, not a folder — give a folder for the repository")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(root, f"cannot create the folder: {exc.strerror or exc}") from None
    # An existing meetingtui.toml may move the minutes; a broken one, or a minutes folder that leads out of
    # the repository (a symlink, .git), stops us here, before git, with its error.
    repo = MinutesRepo(root)
    minutes_dir = repo.minutes_dir.relative_to(root).as_posix()
    for shared in (AGENDAS_DIR, PROPOSALS_DIR, PEOPLE_FILE):  # a teammate's symlink: nothing is written through it
        repo.kept_inside(root / shared)
    report = InitReport(root)
    try:
        if not git.is_repository(root):
            git.init(root)
            report.git_initialised = True
    except git.GitError as exc:
        hint = "; ".join(line.strip() for line in exc.hint.splitlines() if line.strip())
        raise InputError(root, f"{exc.summary}" + (f" — {hint}" if hint else "")) from None
    files = {
        SETTINGS_FILE: SETTINGS_TEXT,
        PEOPLE_FILE: PEOPLE_TEXT,
        "README.md": README_TEXT,
        ".gitignore": GITIGNORE_TEXT,
        f"{AGENDAS_DIR}/README.md": AGENDAS_README_TEXT,
        f"{minutes_dir}/.gitkeep": "",
        f"{PROPOSALS_DIR}/.gitkeep": "",  # `meetingtui propose` writes proposals/<agenda>/*.toml
    }
    for relative, text in files.items():
        try:
            created = write_new_file(root / relative, text)
        except OSError as exc:
            raise InputError(root / relative, f"cannot write: {exc.strerror or exc}") from None
        (report.created if created else report.kept).append(Path(relative))
    return report


def turn_push_on(root: Path) -> bool:
    """Make ``meetingtui.toml`` say ``push = true`` (a team repository shares every meeting); True when changed.

    Only the ``push`` line changes (or one is added), so the file's comments and other keys stay as they were.
    A file that does not load is left alone: using the repository reports it.
    """
    path = Path(root) / SETTINGS_FILE
    try:
        if MinutesRepo(Path(root)).settings.push:
            return False
        text = path.read_text(encoding="utf-8")
    except (InputError, OSError):
        return False
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if re.match(r"\s*push\s*=", line):
            lines[index] = "push = true\n"
            break
    else:
        lines.append(("" if not text or text.endswith("\n") else "\n") + "push = true\n")
    atomic_write_text(path, "".join(lines))
    return True


def write_new_file(path: Path, text: str) -> bool:
    """Write ``text`` to a new file at ``path``; ``False`` (and nothing written) when it exists.

    The text goes to a temporary file that is then hard-linked into place:
    the link fails when the name is taken, so even a race never overwrites,
    and a crash never leaves a half-written file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        return False
    temp_name = path.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    # Not mkstemp: its 0600 would hide shared files from the rest of the team; the umask decides instead.
    fd = os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp_name, path)
        except FileExistsError:
            return False
        except OSError:
            # Some file systems cannot hard-link; exclusive creation still never overwrites.
            try:
                with open(path, "xb") as handle:
                    handle.write(text.encode("utf-8"))
            except FileExistsError:
                return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
    fsync_dir(path.parent)
    return True


SETTINGS_TEXT = """\
# Settings for meetingtui in this repository. Every key is optional; the values below are the defaults,
# except push, which a shared repository turns on.
# Unknown keys are errors, so a misspelt setting never passes unnoticed.

# Folder that holds the minutes, as minutes/YYYY/YYYY-MM-DD-<agenda>.toml (+ .md).
minutes_dir = "minutes"

# Push after every commit of minutes, as if --push were given (a repository without a remote never tries).
push = true

# The git remote to push to.
remote = "origin"

# How long a push may take in all, retries included: a dead network costs this, not more.
push_timeout = "15s"

# How long a fetch may take (before a meeting, and in `meetingtui sync`).
fetch_timeout = "10s"

# How long a commit may take, your git hooks (pre-commit, commit-msg, …) included.
commit_timeout = "30s"

# Keep REPORT.md (the alignment report) current: regenerated and committed with every saved meeting,
# proposal and sync that brings in new minutes. false turns it off.
report = true

# Parked topics a meeting's start offers: those the agenda's last N meetings parked (0: none), at most so many
# days ago. Older ones stay parked and listed by `meetingtui parked`.
parked_meetings = 1
parked_days = 30

# Who facilitates when `meetingtui run` is not given --facilitator.
# facilitator = "Dana"
"""

# No "people = []" line: a [[people]] block below it would then redefine the key and the file would not load.
PEOPLE_TEXT = """\
# The team roster: attendance and action owners are picked from it.
# Add one [[people]] block per person. team is sales, marketing or joint; role is optional.
# To start, remove the leading "#" from the example lines below and change them to your own people.
# With no [[people]] block the roster is empty, which is fine too.

# [[people]]
# name = "Sam Rivera"
# team = "sales"
# role = "Account executive"
#
# [[people]]
# name = "Dana Lee"
# team = "marketing"
# role = "Content marketer"
"""

GITIGNORE_TEXT = f"""\
# Work in progress never goes into the shared history: meetingtui keeps it out of the tree,
# and these cover what could still end up here.
.meetingtui/
{TEMP_PREFIX}*
*.swp
*~
.DS_Store
"""

AGENDAS_README_TEXT = """\
# Agenda templates

Each `NAME.toml` here is an agenda the team can run with `meetingtui run NAME`.
A file here with the same name as a built-in template (such as `weekly-sync`)
replaces the built-in for everyone who uses this repository.

Start a new one from a built-in or from scratch; the file explains every key:

    meetingtui agendas list
    meetingtui agendas new our-sync --from weekly-sync
    meetingtui agendas validate agendas/our-sync.toml

Good templates start with a review of open actions (`kind = "review-actions"`),
give both sales and marketing their own time, keep an open floor where each
side raises one concern with the other (`kind = "open-floor"`), and fit the
booked slot. Prompts should ask questions that solve problems, not ask for a
status report. Commit the file so that the whole team gets it.
"""

README_TEXT = """\
# Sales & marketing meeting minutes

The minutes of our joint sales and marketing meetings, kept with meetingtui,
the facilitator's screen we run them on. Each meeting leaves two
files in `minutes/YEAR/`: a `.toml` file (the source of truth, for tools) and
a `.md` file (for reading here).

**[The alignment report](REPORT.md)**: whether sales and marketing meet as often
as they said, give each other time, hear each other's concerns and keep their
promises. meetingtui keeps it current with every saved meeting.

## Running a meeting

From inside this repository (or with `--repo PATH`, or `MEETINGTUI_REPO=PATH`):

    meetingtui                        # pick an agenda, mark who is here, run it
    meetingtui run weekly-sync        # run one agenda directly

`space` starts the clock, `n` moves on, `a` captures an action, `d` a decision,
`c` a concern, `i` a customer insight, `q` ends the meeting; `?` lists every key.
When the meeting ends, meetingtui saves and commits the minutes.

## Keeping promises

Every agenda starts by reviewing the actions still open from earlier meetings:
mark each one done, dropped, re-assigned or still open. Between meetings:

    meetingtui actions --owner "Dana"      # what is still open, and whose
    meetingtui actions --overdue
    meetingtui decisions                   # what we decided, newest first
    meetingtui insights                    # what customers said; content ideas
    meetingtui stats                       # cadence, time per team, follow-through

## Sharing

Minutes are committed locally. Push them so the other team sees them:
`meetingtui sync` (which also brings in everyone else's), or
`meetingtui run ... --push`, or `push = true` in `meetingtui.toml`.
A colleague joins with `meetingtui init DIR --remote URL`. If a commit failed (say git had no identity yet), fix it and
run `meetingtui commit`. After a crash or a closed terminal, `meetingtui resume`
picks the meeting up where it stopped.

## This repository

    meetingtui.toml     settings (minutes folder, push, remote, facilitator)
    people.toml         the team roster, for attendance and action owners
    agendas/            our own agenda templates (see agendas/README.md)
    minutes/            the minutes, one folder per year
    REPORT.md           the alignment report, regenerated from the minutes (report = false turns it off)
    proposals/          topics anyone proposed for a next meeting:
                        meetingtui propose "Pricing FAQ" --agenda weekly-sync --team marketing --push
"""
