"""A team on one remote, for tests: a bare repository, clones of it, minutes saved as the app saves them."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from meetingtui.domain.ids import new_minutes_id
from meetingtui.domain.minutes import ActionItem, Minutes
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in ``root``; its standard output, stripped."""
    return subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True).stdout.strip()


def make_team(tmp_path: Path, clones: int, settings: str = "") -> tuple[Path, list[Path]]:
    """A bare ``remote.git`` with one commit on ``main``, and ``clones`` clones of it (upstream set).

    ``settings``, when given, is the team's ``meetingtui.toml``.
    """
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "clone", "-q", str(bare), str(seed)], check=True, capture_output=True)
    (seed / "README.md").write_text("# minutes\n")
    (seed / "minutes").mkdir()
    (seed / "minutes" / ".gitkeep").write_text("")
    if settings:
        (seed / "meetingtui.toml").write_text(settings)
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "init")
    git(seed, "push", "-q", "origin", "HEAD:main")
    roots = []
    for number in range(1, clones + 1):
        clone = tmp_path / f"clone{number}"
        subprocess.run(["git", "clone", "-q", str(bare), str(clone)], check=True, capture_output=True)
        roots.append(clone)
    return bare, roots


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


def start_meetingtui(*args: str | Path, **extra: str) -> subprocess.Popen[str]:
    """Start ``meetingtui ARGS`` in its own process (output captured); ``extra`` goes into its environment."""
    return subprocess.Popen(
        meetingtui_command(*args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=meetingtui_env(**extra),
    )


def assert_settled(clone: Path) -> None:
    """HEAD, the index and the work tree agree: no phantom change, no half-done operation, a sound repository."""
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(clone, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(clone, "worktree", "list", "--porcelain").count("worktree ") == 1
    fsck = subprocess.run(["git", "-C", str(clone), "fsck", "--no-dangling"], capture_output=True, text=True)
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
