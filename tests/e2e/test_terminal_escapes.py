"""A teammate commits minutes, a proposal and an agenda whose text holds terminal escape sequences.

Every command that shows them, and the meeting screen's proposals dialog and review
list, run in a real terminal (tmux): the pane's title stays what it was, the screen is
not cleared, no colour or other escape from the data reaches the pane, and the text
still reads (``␛]0;PWNED␇``, ``\\u009b``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.e2e.tmux_helpers import DONE, START, TITLE, Tmux

MINUTES = r"""schema_version = 1
id = "2026-11-20-weekly-sync"
title = "Weekly \u001b]0;PWNED\u0007 sync"
agenda = "weekly-sync"
date = 2026-11-20
started_at = 2026-11-20T10:00:00+01:00
ended_at = 2026-11-20T10:30:00+01:00

[[segments]]
title = "Pipe\u001b[2Jline"
team = "sales"
planned_seconds = 600
actual_seconds = 700
status = "done"

[[actions]]
id = "2026-11-20-weekly-sync#1"
text = "Clear \u001b[2J\u001b[H screen and \u009b31m red \u202eevil"
owner = "Sam\u001b]52;c;aGk=\u0007"
team = "sales"
due = 2026-11-25
status = "open"

[[decisions]]
text = "Dec \u001b]0;PWNED\u0007 ision"

[[insights]]
text = "Ins \u009b2J ight"
source = "src \u001b[31m red"
content_idea = "idea \u2066hidden\u2069"
"""

PROPOSAL = r"""title = "Topic \u001b]0;PWNED\u0007 here"
agenda = "weekly-sync"
team = "sales"
minutes = 5
proposed_by = "Eve\u009b2J"
proposed_at = 2026-11-21T10:00:00+01:00
"""

AGENDA = r"""title = "Bad \u001b]0;PWNED\u0007 title"

[[segments]]
title = "x"
team = "sales"
duration = "5m"
"""

REFUSED = "holds the control character ␛ (at character 5)"

COMMANDS: dict[str, tuple[list[str], int, list[str]]] = {
    # name: (arguments, exit status, what must read on the screen)
    "actions": (["actions"], 0, ["Clear ␛[2J␛[H screen and \\u009b31m red \\u202eevil", "Sam␛]52;c;aGk=␇"]),
    "actions-md": (["actions", "--format", "md"], 0, ["\\u009b31m red \\u202eevil"]),
    "actions-json": (["actions", "--format", "json"], 0, ['"Clear \\u001b[2J\\u001b[H screen and \\u009b31m']),
    "actions-owner": (["actions", "--owner", "Sam\x1b]0;PWNED\x07"], 0, ["No open actions owned by 'Sam␛]0;PWNED␇'"]),
    "decisions": (["decisions"], 0, ["Dec ␛]0;PWNED␇ ision"]),
    "insights": (["insights"], 0, ["Ins \\u009b2J ight", "src ␛[31m red", "idea \\u2066hidden\\u2069"]),
    "stats": (["stats"], 0, ["Pipe␛[2Jline"]),
    "proposals": (["proposals"], 0, ["Topic ␛]0;PWNED␇ here", "Eve\\u009b2J"]),
    "agendas-list": (["agendas", "list"], 0, [REFUSED]),
    "agendas-show": (["agendas", "show", "evil"], 2, [r'title: "Bad \u001b]0;PWNED\u0007 title"', REFUSED]),
    "validate": (["agendas", "validate", "agendas/evil.toml"], 2, [REFUSED]),
    "propose": (
        ["propose", "Topic \x1b]0;PWNED\x07", "--agenda", "weekly-sync", "--team", "sales"],
        2,
        [r'TEXT: "Topic \u001b]0;PWNED\u0007" holds the control character ␛'],
    ),
    "propose-note": (
        ["propose", "Topic", "--agenda", "weekly-sync", "--team", "sales", "--note", "two\nlines \x9b2J"],
        2,
        [r'--note: "two\nlines \u009b2J" holds the control character \u009b (at character 11)'],
    ),
    "run-facilitator": (
        ["run", "weekly-sync", "--no-commit", "--no-attendance", "--facilitator", "Dana\x1b]0;PWNED\x07"],
        2,
        [r'--facilitator: "Dana\u001b]0;PWNED\u0007" holds the control character ␛ (at character 5)'],
    ),
}


@pytest.fixture
def hostile_repo(git_repo: Path) -> Path:
    """A repository whose committed minutes, proposal and agenda hold escape sequences (as TOML escapes)."""
    files = {
        "minutes/2026/2026-11-20-weekly-sync.toml": MINUTES,
        "proposals/weekly-sync/2026-11-21-topic.toml": PROPOSAL,
        "agendas/evil.toml": AGENDA,
    }
    for name, text in files.items():
        (git_repo / name).parent.mkdir(parents=True, exist_ok=True)
        (git_repo / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(git_repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(git_repo), "commit", "-q", "-m", "hostile"], check=True)
    return git_repo


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Tmux]:
    require_tool("tmux")
    tmux = Tmux(tmp_path)
    yield tmux
    tmux.close()


def test_commands_show_escape_sequences_without_sending_them(hostile_repo: Path, terminal: Tmux) -> None:
    sessions = {
        name: terminal.start(*args, *([] if "validate" in args else ["--repo", str(hostile_repo)]), cwd=hostile_repo)
        for name, (args, _, _) in COMMANDS.items()
    }
    for name, session in sessions.items():
        _, status, expected = COMMANDS[name]
        shown = terminal.wait_for(session, DONE)
        assert f"{DONE} {status}" in shown, f"{name}:\n{shown}"
        assert shown.lstrip().startswith(START), f"{name}: the screen was cleared:\n{shown}"
        assert terminal.title(session) == TITLE, name
        assert "\x1b" not in terminal.escapes(session), f"{name}: an escape from the data reached the pane"
        for text in expected:
            assert text in shown, f"{name}: {text!r} is not on the screen:\n{shown}"
        assert "Traceback" not in shown, shown


def test_meeting_screen_shows_a_teammates_escapes_as_text(hostile_repo: Path, terminal: Tmux) -> None:
    session = terminal.start(
        "run",
        "weekly-sync",
        "--no-commit",
        "--no-attendance",
        "--facilitator",
        "Dana",
        "--repo",
        str(hostile_repo),
        cwd=hostile_repo,
    )
    offered = terminal.wait_for(session, "Proposed topics")
    assert "Topic ␛]0;PWNED␇ here" in offered and "Eve\\u009b2J" in offered, offered
    assert terminal.title(session) == TITLE
    terminal.keys(session, "t", "Enter")  # take it: a segment of this meeting; the review list of the first shows
    review = terminal.wait_for(session, "Review open actions")
    review = terminal.wait_for(session, "red \\u202eevil")
    assert "Clear ␛[2J␛[H screen" in review and "\\u009b31m" in review, review  # the list may wrap between them
    assert "Sam␛]52;c;aGk=␇" in review, review
    assert review.splitlines()[0].startswith("┏━ Now"), f"the screen was cleared:\n{review}"
    assert terminal.title(session) == TITLE
    painted = terminal.escapes(session)
    assert "\x1b]" not in painted and "\x1b[2J" not in painted and "\x9b" not in painted
    terminal.keys(session, "S")  # the stats screen lists the segments that run over
    stats = terminal.wait_for(session, "Pipe␛[2Jline")
    assert "Weekly sales & marketing sync" not in stats.splitlines()[0], "the stats screen is on top"
    assert terminal.title(session) == TITLE
    terminal.keys(session, "Escape")  # alone: ESC then a key would read as alt+key
    terminal.wait_for(session, "Review open actions")
    terminal.keys(session, "space", *"nnnnn")  # to the proposed topic: the Now panel shows its title
    terminal.wait_for(session, "Segment 6 of 8")
    now = terminal.text(session)
    assert "┃ Topic ␛]0;PWNED␇ here" in now and "Segment 6 of 8  ·  Eve\\u009b2J" in now, now
    terminal.keys(session, "z")  # park it (no reason: enter): the toast quotes the title
    terminal.wait_for(session, "Park this segment")
    terminal.keys(session, "Enter")
    terminal.wait_for(session, "Parked “Topic ␛]0;PWNED␇ here”")
    assert terminal.title(session) == TITLE
    painted = terminal.escapes(session)
    assert "\x1b]" not in painted and "\x1b[2J" not in painted and "\x9b" not in painted
