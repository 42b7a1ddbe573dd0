"""Where minutes live: finding the repository and the paths inside it."""

from __future__ import annotations

import os
from dataclasses import field
from functools import cached_property
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.lean import frozen
from meetingtui.domain.settings import People, RepoSettings
from meetingtui.store import git
from meetingtui.store.digests import sha256
from meetingtui.store.git.run import GitError, quote, toplevel
from meetingtui.store.layout import AGENDAS_DIR, PEOPLE_FILE, PROPOSALS_DIR, SETTINGS_FILE
from meetingtui.store.toml_io import read_model

REPO_ENV = "MEETINGTUI_REPO"
PLAIN_FOLDER = "replace it with a plain folder"
PLAIN_FILE = "replace it with a plain file"


@frozen
class MinutesRepo:
    """A shared minutes repository (a folder, normally a git work tree)."""

    root: Path
    created: bool = field(default=False, compare=False)
    """True when this run created it (the per-user repository, on first use)."""

    @cached_property
    def settings(self) -> RepoSettings:
        """``meetingtui.toml``, or the defaults when there is none."""
        path = self.kept_inside(self.root / SETTINGS_FILE)
        if not path.exists():
            return RepoSettings.defaults()
        return read_model(path, RepoSettings)

    @cached_property
    def people(self) -> People:
        """``people.toml``, or an empty roster."""
        path = self.kept_inside(self.root / PEOPLE_FILE)
        if not path.exists():
            return People.empty()
        return read_model(path, People)

    @cached_property
    def minutes_dir(self) -> Path:
        """The folder of minutes, ``minutes/`` unless the settings say otherwise.

        It must resolve inside the repository and outside ``.git``: a symlink or ``..`` that
        leads elsewhere raises :class:`InputError` naming the setting (or the folder) and the fix.
        """
        setting = self.settings.minutes_dir
        folder = self.root / setting
        if (self.root / SETTINGS_FILE).is_file() and setting != RepoSettings.defaults().minutes_dir:
            source, where = self.root / SETTINGS_FILE, "minutes_dir"
            fix = 'set it to a folder inside the repository, such as "minutes"'
        else:
            source, where, fix = folder, None, PLAIN_FOLDER
        problem = self.outside(folder)
        if problem:
            raise InputError(source, f"{setting!r} {problem} — {fix}", where)
        return folder

    @cached_property
    def _resolved_root(self) -> Path:
        """The repository's own folder as its symlinks lead (asked once: a report checks several paths)."""
        return self.root.resolve()

    def outside(self, path: Path) -> str | None:
        """Why ``path`` is no place for meetingtui to write or read (``None``: it is inside the repository).

        Outside means: absolute, through ``..``, in ``.git``, or led elsewhere by a symlink.
        """
        root = self._resolved_root
        try:
            relative = Path(path).relative_to(self.root) if Path(path).is_absolute() else Path(path)
        except ValueError:
            return "is not inside the repository"
        if relative.is_absolute() or ".." in relative.parts:
            return "leads out of the repository"
        resolved = (self.root / relative).resolve()
        if resolved == root:
            return "is the repository itself"
        if not resolved.is_relative_to(root):
            return f"leads out of the repository (to {resolved}) through a symlink"
        if resolved.relative_to(root).parts[0].casefold() == ".git":
            return "is inside .git, git's own folder"
        return None

    def kept_inside(self, path: Path) -> Path:
        """``path``, when it is a place inside the repository (see :meth:`outside`); else a located
        :class:`InputError` that says how to mend it. A teammate can commit a symlink: nothing may follow it out."""
        problem = self.outside(path)
        if problem:
            raise InputError(path, f"{problem} — {PLAIN_FOLDER if path.is_dir() else PLAIN_FILE}")
        return path

    def check_shared_paths(self) -> None:
        """Refuse (located :class:`InputError`) a shared file or folder a teammate made a symlink that leads out:
        ``meetingtui.toml``, ``people.toml``, ``agendas/``, ``proposals/`` and its agenda folders, the minutes folder.

        Every command that opens the repository checks them first, so none reads or writes through one.
        """
        for name in (SETTINGS_FILE, PEOPLE_FILE, AGENDAS_DIR, PROPOSALS_DIR):
            self.kept_inside(self.root / name)
        self.minutes_dir  # noqa: B018 - raises InputError when the folder leads out
        proposals = self.root / PROPOSALS_DIR
        if proposals.is_dir():
            for folder in sorted(proposals.iterdir()):
                self.kept_inside(folder)

    @property
    def agendas_dir(self) -> Path:
        """The team's own agenda templates; a folder that leads out of the repository raises :class:`InputError`."""
        return self.kept_inside(self.root / AGENDAS_DIR)

    @property
    def state_dir(self) -> Path:
        """Per-user, per-repository work in progress (the crash journal); never committed."""
        digest = sha256(str(self.root.resolve()).encode()).hexdigest()[:12]
        return state_root() / f"{self.root.name[:40]}-{digest}"


def state_root() -> Path:
    """The per-user folder that holds every repository's state folder (the journal index is its contents)."""
    from platformdirs import user_state_path  # per-user folders only: `render` starts without platformdirs

    return user_state_path("meetingtui") / "repos"


def default_data_repo() -> Path:
    """The per-user repository under the platform's data directory."""
    from platformdirs import user_data_path  # per-user folders only: `render` starts without platformdirs

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
    created = not root.exists()
    ensure_repository(root)
    return MinutesRepo(root, created=created)


def ensure_repository(root: Path) -> None:
    """Create ``root`` with ``minutes/`` and ``agendas/`` and ``git init`` it if it is not a repository."""
    root.mkdir(parents=True, exist_ok=True)
    MinutesRepo(root).minutes_dir.mkdir(exist_ok=True)
    (root / AGENDAS_DIR).mkdir(exist_ok=True)
    if not git.is_repository(root):
        git.init(root)


def _existing(path: Path, origin: str) -> MinutesRepo:
    path = path.expanduser()
    if not path.is_dir():
        raise InputError(
            path,
            f"the repository given by {origin} does not exist — create it with `meetingtui init {quote(path)}`",
        )
    return MinutesRepo(path.resolve())


def is_default(repo: MinutesRepo) -> bool:
    """True for the per-user repository (the one used when nothing names another)."""
    try:
        return repo.root.resolve() == default_data_repo().resolve()
    except OSError:
        return False


def in_git_work_tree(root: Path) -> bool:
    """True when ``root`` is a git work tree or a folder inside one (so minutes there can be committed).

    Looks for ``.git`` (a folder, or the file of a linked work tree) on the way up rather than
    asking git: this runs before every meeting's first frame.
    """
    folder = Path(root).resolve()
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))


def _enclosing_git_root(cwd: Path) -> Path | None:
    try:
        return toplevel(cwd, "find the enclosing repository", timeout=10)
    except (GitError, OSError, ValueError):
        return None
