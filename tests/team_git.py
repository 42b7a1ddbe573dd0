"""A team on one remote, for tests: a bare repository, clones of it, minutes saved as the app saves them."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from meetingtui.domain.ids import new_minutes_id
from meetingtui.domain.minutes import ActionItem, Minutes
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.forked_cli import ForkedProcess
from tests.forked_cli import run as forked_run


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in ``root``; its standard output, stripped."""
    return subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True).stdout.strip()


def make_team(tmp_path: Path, clones: int, settings: str = "") -> tuple[Path, list[Path]]:
    """A bare ``remote.git`` with one commit on ``main``, and ``clones`` clones of it (upstream set).

    ``settings``, when given, is the team's ``meetingtui.toml``. The team is a copy of one made once per
    process for these arguments (a fresh one cost ~15 git processes, ~0.15 CPU-s, in ~140 tests): only the
    clones' remote address is made this copy's, and their index is refreshed as a fresh clone's is.
    """
    template = _team_template(clones, settings)
    bare = tmp_path / "remote.git"
    shutil.copytree(template / "remote.git", bare, symlinks=True)
    roots = []
    for number in range(1, clones + 1):
        clone = tmp_path / f"clone{number}"
        shutil.copytree(template / clone.name, clone, symlinks=True)
        config = clone / ".git" / "config"
        text, template_url = config.read_text(), f"url = {template / 'remote.git'}\n"
        assert text.count(template_url) == 1, f"{config}: no remote address to make this team's\n{text}"
        config.write_text(text.replace(template_url, f"url = {bare}\n"))  # else every copy shares one remote
        git(clone, "update-index", "-q", "--refresh")
        roots.append(clone)
    return bare, roots


_TEMPLATES: dict[tuple[int, str], Path] = {}
_TEMPLATE_FOLDER: list[tempfile.TemporaryDirectory[str]] = []


def _team_template(clones: int, settings: str) -> Path:
    """The team :func:`make_team` copies, made with git as a team makes it (the test's git identity aside)."""
    if (clones, settings) in _TEMPLATES:
        return _TEMPLATES[clones, settings]
    if not _TEMPLATE_FOLDER:
        _TEMPLATE_FOLDER.append(tempfile.TemporaryDirectory(prefix="meetingtui-teams-"))
    root = Path(_TEMPLATE_FOLDER[0].name) / f"team-{len(_TEMPLATES)}"
    root.mkdir()
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    env |= {"GIT_AUTHOR_NAME": "Test Facilitator", "GIT_AUTHOR_EMAIL": "facilitator@example.com"}
    env |= {"GIT_COMMITTER_NAME": "Test Facilitator", "GIT_COMMITTER_EMAIL": "facilitator@example.com"}

    def run(*args: str | Path) -> None:
        subprocess.run(["git", *map(str, args)], check=True, capture_output=True, env=env)

    bare, seed = root / "remote.git", root / "seed"
    run("init", "-q", "--bare", "-b", "main", bare)
    run("clone", "-q", bare, seed)
    (seed / "README.md").write_text("# minutes\n")
    (seed / "minutes").mkdir()
    (seed / "minutes" / ".gitkeep").write_text("")
    if settings:
        (seed / "meetingtui.toml").write_text(settings)
    run("-C", seed, "add", ".")
    run("-C", seed, "commit", "-q", "-m", "init")
    run("-C", seed, "push", "-q", "origin", "HEAD:main")
    for number in range(1, clones + 1):
        run("clone", "-q", bare, root / f"clone{number}")
    _TEMPLATES[clones, settings] = root
    return root


def minutes(
    day: dt.date = dt.date(2026, 12, 1), hour: int = 10, agenda: str = "weekly-sync", actions: int = 1, **extra
) -> Minutes:
    """Minutes of one meeting with ``actions`` open actions and a permanent id, as the app makes them."""
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
    minutes_id = new_minutes_id(day, agenda)
    return Minutes(
        id=minutes_id,
        title=f"Meeting at {hour}",
        agenda=agenda,
        date=day,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=30),
        actions=[
            ActionItem(id=f"{minutes_id}#{n}", text=f"Action {n} of the {hour}:00 meeting")
            for n in range(1, actions + 1)
        ],
        **extra,
    )


def commit_minutes(root: Path, record: Minutes) -> list[Path]:
    """Save (as a meeting saves: a later save of the same minutes goes to the same files) and commit with plain git."""
    paths = save_minutes(MinutesRepo(root), record, record=True).paths
    git(root, "add", "--", *map(str, paths))
    git(root, "commit", "-q", "-m", f"Minutes: {record.title}")
    return paths


def remote_names(bare: Path, folder: str = "minutes") -> set[str]:
    """The minutes files on the remote's ``main``."""
    return set(git(bare, "ls-tree", "-r", "--name-only", "main", "--", folder).split())


@contextlib.contextmanager
def silent_listener() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel's backlog) and never answers; yields the port."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


def refused_url() -> str:
    """An http URL on a loopback port nobody listens on: the connection is refused at once, as when the
    network or the team's server is down (the port was free a moment ago; nothing of ours binds it again)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/team.git"


@contextlib.contextmanager
def refusing_credentials() -> Iterator[str]:
    """An http URL whose server answers every request ``401`` (it asks for credentials and accepts none)."""
    import http.server
    import threading

    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="team"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://someone:wrong@127.0.0.1:{server.server_address[1]}/team.git"
    finally:
        server.shutdown()
        server.server_close()


def meetingtui_command(*args: str | Path) -> list[str]:
    """``python -m meetingtui ARGS`` as a user runs it."""
    return [sys.executable, "-m", "meetingtui", *map(str, args)]


def meetingtui_env(**extra: str) -> dict[str, str]:
    """This test's environment (its HOME, XDG folders, git identity) with this checkout's meetingtui first."""
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), **extra}


def start_meetingtui(*args: str | Path, **extra: str) -> ForkedProcess:
    """Start ``meetingtui ARGS`` in its own process (output captured, stderr into stdout); ``extra`` goes into its
    environment. The process is forked from one that imported the command line already (tests/forked_cli.py)."""
    return ForkedProcess([str(arg) for arg in args], env=meetingtui_env(**extra), stderr_to_stdout=True)


def run_meetingtui(
    *args: str | Path, timeout: float = 60, cwd: Path | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """``meetingtui ARGS`` run to its end (stdout and stderr captured), forked as :func:`start_meetingtui` is."""
    return forked_run([str(arg) for arg in args], env=meetingtui_env(**extra), cwd=cwd, timeout=timeout)


def assert_settled(clone: Path) -> None:
    """HEAD, the index and the work tree agree: no phantom change, no half-done operation, a sound repository."""
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(clone, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(clone, "worktree", "list", "--porcelain").count("worktree ") == 1
    fsck = subprocess.run(["git", "-C", str(clone), "fsck", "--no-dangling"], capture_output=True, text=True)
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
