"""Every test runs with its own HOME, XDG folders and git identity: nothing leaks in or out."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pilot_typing
from tests.rewrite_once import rewrite_test_modules, starts_workers

# A machine that sets PYTHONDONTWRITEBYTECODE (this VM does) makes every test worker and every `meetingtui`
# the tests start compile meetingtui and rewrite the test modules from source again: the workers (started after
# this file is read) and every process they start keep byte code where Python keeps it (__pycache__, ignored by
# git). Not a PYTHONPYCACHEPREFIX folder: Python then ignores the byte code pip wrote beside the installed
# libraries, and a first run compiled Textual, pydantic and the rest again in every worker (+5 CPU-s each).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


DISK_TEMP_VARIABLE = "MEETINGTUI_TESTS_DISK_TEMP"


def _temp_folder_in_memory(folder: Path = Path("/dev/shm"), room: int = 1 << 30) -> Path:
    """Temporary folders (pytest's tmp_path, and those of every git and meetingtui process the tests start) in
    memory when the machine has a tmpfs with room, unless TMPDIR names a place already; returns the folder
    they would have had, on disk, for the tests marked ``on_disk``.

    The tests make thousands of repositories and journals, and fsync each journal event and atomic write: on
    this VM's disk an fsync waits ~2 ms, and the kernel then writes back what the next test deletes. Measured in
    alternating whole runs: a third less system time (the whole run's CPU moved by -18 % to +10 % between pairs,
    within their noise). What the tests check does not depend on the disk, except where a kill must land inside
    a write: those tests are marked ``on_disk``.
    """
    if DISK_TEMP_VARIABLE in os.environ:  # a test worker: the controller decided (and set TMPDIR) already
        return Path(os.environ[DISK_TEMP_VARIABLE])
    disk = Path(tempfile.gettempdir())
    os.environ[DISK_TEMP_VARIABLE] = str(disk)
    if "TMPDIR" in os.environ:
        return disk
    try:
        stats = os.statvfs(folder)
    except OSError:
        return disk
    if stats.f_bavail * stats.f_frsize >= room and os.access(folder, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(folder)
        tempfile.tempdir = None  # read TMPDIR again
    return disk


DISK_TEMP = _temp_folder_in_memory()


# A worker runs hundreds of apps: at Python's default thresholds the cyclic collector ran ~2,400 young and ~200
# middle collections in three pilot test files, 12-20 % of their CPU, walking each app's live widgets again and
# again. Collecting young objects every 10,000 allocations instead cut the files' CPU by ~12 % (alternating
# runs). Only how often garbage is looked for changes: what the tests run and check is the same.
COLLECTOR_THRESHOLDS = (10_000, 20, 50)


def pytest_configure(config: pytest.Config) -> None:
    """Pilots type a run of characters into a text field with one wait, not one per key (tests/pilot_typing.py)."""
    pilot_typing.install()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    if starts_workers(config):
        rewrite_test_modules(config, Path(__file__).parent)


@pytest.fixture(autouse=True)
def isolated_user(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh home: per-user data and state go to temp folders; git has a test identity."""
    if request.node.get_closest_marker("on_disk"):  # the journal lives in the home's state folder
        home = request.getfixturevalue("tmp_path_on_disk") / "home"
        home.mkdir(exist_ok=True)
    else:
        home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Facilitator")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "facilitator@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Facilitator")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "facilitator@example.com")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("MEETINGTUI_REPO", raising=False)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    return home


@pytest.fixture
def tmp_path_on_disk(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A temporary folder on disk (see :func:`_temp_folder_in_memory`), kept when the test failed: its ``tmp``
    is the test's ``tmp_path``, its ``home`` the test's HOME."""
    folder = Path(tempfile.mkdtemp(prefix=f"meetingtui-{request.node.name[:40]}-", dir=DISK_TEMP))
    yield folder
    report = getattr(request.node, "call_report", None)
    if report is None or report.passed:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"kept on disk: {folder}")


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """pytest's own ``tmp_path``; on disk for a test marked ``on_disk``."""
    if not request.node.get_closest_marker("on_disk"):
        return tmp_path
    folder = request.getfixturevalue("tmp_path_on_disk") / "tmp"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.call_report = report  # read by tmp_path_on_disk
    return report


@pytest.fixture(scope="session")
def _git_repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository every :func:`git_repo` starts as, made once per worker (three git processes a test
    cost ~5 % of the suite); made before any test's own HOME, so git is told who commits."""
    root = tmp_path_factory.mktemp("template") / "team-minutes"
    root.mkdir()
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    env |= {"GIT_AUTHOR_NAME": "Test Facilitator", "GIT_AUTHOR_EMAIL": "facilitator@example.com"}
    env |= {"GIT_COMMITTER_NAME": "Test Facilitator", "GIT_COMMITTER_EMAIL": "facilitator@example.com"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    (root / "README.md").write_text("# minutes\n")
    subprocess.run(["git", "-C", str(root), "add", "README.md"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "init"], check=True, env=env)
    return root


@pytest.fixture
def git_repo(tmp_path: Path, _git_repo_template: Path) -> Path:
    """A real, empty git repository with one initial commit (a copy of one made once)."""
    root = tmp_path / "team-minutes"
    shutil.copytree(_git_repo_template, root, symlinks=True)
    return root


def require_tool(name: str) -> str:
    """The path of a command-line tool; fail in CI (which installs it), skip on a dev machine without it."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run installs it")
    pytest.skip(f"{name} is not installed")


# The longest modules, longest first. Run before the rest so that, with `--dist worksteal` (pyproject.toml), the
# workers finish together instead of one running a minute-long test alone at the end (`pytest -n 4`).
LONG_FIRST = (
    "tests/e2e/test_crash_resume.py",
    "tests/e2e/test_one_integration.py",
    "tests/e2e/test_references_stay_true.py",
    "tests/tui/test_whole_meeting.py",
    "tests/e2e/test_references_property.py",
    "tests/e2e/test_torn_writes.py",
    "tests/unit/test_markdown_renderer.py",
    "tests/e2e/test_team_push.py",
    "tests/e2e/test_crash_at_every_step.py",
    "tests/tui/test_follower_browser.py",
    "tests/e2e/test_report_browser.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.partition("::")[0]
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: the rest keep their order
