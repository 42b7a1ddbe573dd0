"""Where minutes live: finding the repository and the paths inside it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.settings import People, RepoSettings
from meetingtui.store.toml_io import read_model

SETTINGS_FILE = "meetingtui.toml"
PEOPLE_FILE = "people.toml"
AGENDAS_DIR = "agendas"
REPO_ENV = "MEETINGTUI_REPO"


@dataclass(frozen=True)
class MinutesRepo:
    """A shared minutes repository (a folder, normally a git work tree)."""

    root: Path

    @cached_property
    def settings(self) -> RepoSettings:
        """``meetingtui.toml``, or the defaults when there is none."""
        path = self.root / SETTINGS_FILE
        if not path.exists():
            return RepoSettings()
        return read_model(path, RepoSettings)

    @cached_property
    def people(self) -> People:
        """``people.toml``, or an empty roster."""
        path = self.root / PEOPLE_FILE
        if not path.exists():
            return People()
        return read_model(path, People)

    @property
    def minutes_dir(self) -> Path:
        """The folder of minutes, ``minutes/`` unless the settings say otherwise."""
        return self.root / self.settings.minutes_dir

    @property
    def agendas_dir(self) -> Path:
        """The team's own agenda templates."""
        return self.root / AGENDAS_DIR

    @property
    def state_dir(self) -> Path:
        """Per-user, per-repository work in progress (the crash journal); never committed."""
        from platformdirs import user_state_path

        digest = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:12]
        return user_state_path("meetingtui") / "repos" / f"{self.root.name[:40]}-{digest}"


def default_data_repo() -> Path:
    """The per-user repository under the platform's data directory."""
    from platformdirs import user_data_path

    return user_data_path("meetingtui") / "minutes-repo"


def resolve_repo(option: Path | None = None, cwd: Path | None = None) -> MinutesRepo:
    """The repository to use, as docs/PRODUCT.md orders it.

    ``--repo``, else ``$MEETINGTUI_REPO``, else the enclosing git repository of
    ``cwd`` if it has ``meetingtui.toml`` or its minutes folder, else the per-user
    repository, created and ``git init``-ed on first use.
    """
    if option is not None:
        return _existing(Path(option), "--repo")
    env = os.environ.get(REPO_ENV)
    if env:
        return _existing(Path(env), f"${REPO_ENV}")
    enclosing = _enclosing_git_root(cwd or Path.cwd())
    if enclosing and ((enclosing / SETTINGS_FILE).is_file() or MinutesRepo(enclosing).minutes_dir.is_dir()):
        return MinutesRepo(enclosing)
    root = default_data_repo()
    ensure_repository(root)
    return MinutesRepo(root)


def ensure_repository(root: Path) -> None:
    """Create ``root`` with ``minutes/`` and ``agendas/`` and ``git init`` it if it is not a repository."""
    from meetingtui.store import git

    root.mkdir(parents=True, exist_ok=True)
    MinutesRepo(root).minutes_dir.mkdir(exist_ok=True)
    (root / AGENDAS_DIR).mkdir(exist_ok=True)
    if not git.is_repository(root):
        git.init(root)


def _existing(path: Path, origin: str) -> MinutesRepo:
    path = path.expanduser()
    if not path.is_dir():
        raise InputError(
            path, f"the repository given by {origin} does not exist — create it with `meetingtui init {path}`"
        )
    return MinutesRepo(path.resolve())


def _enclosing_git_root(cwd: Path) -> Path | None:
    from meetingtui.store.git_run import GitError, run_git

    try:
        result = run_git(cwd, "rev-parse", "--show-toplevel", step="find the enclosing repository", timeout=10)
    except (GitError, OSError, ValueError):
        return None
    if result.returncode != 0:
        return None
    return Path(result.stdout.strip())
