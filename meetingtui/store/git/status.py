"""A work tree's state: whether a folder is one (or made one), what is not committed or not pushed yet."""

from __future__ import annotations

import os
from pathlib import Path

from meetingtui.store.git.refs import head_sha
from meetingtui.store.git.run import GitError, nonblank_lines, output_of, raise_on_failure, relative, run_git, toplevel


def is_repository(root: Path) -> bool:
    """True when ``root`` is the top folder of a git work tree (a folder inside another repository is not)."""
    root = Path(root)
    if not root.is_dir():
        return False
    result = run_git(root, "rev-parse", "--show-toplevel", step="status")
    if result.returncode != 0:
        return False
    try:
        return os.path.samefile(result.stdout.strip(), root)
    except OSError:
        return False


def init(root: Path) -> None:
    """``git init`` ``root``, creating the folder if needed; needs no user identity."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    result = run_git(root, "init", "-q", step="init")
    if result.returncode != 0:
        raise GitError(
            "init",
            f"could not create a git repository in {root}",
            "Check that the folder is writable, then try again.",
            output_of(result),
        )


def uncommitted_files(root: Path, folder: Path) -> list[Path]:
    """Files under ``folder`` that are untracked or differ from HEAD (deleted files excepted), as absolute paths.

    Ignored files are left out: what the repository ignores is not meant to be committed.
    """
    root = Path(root)
    top = toplevel(root, "status")
    folder = Path(folder) if Path(folder).is_absolute() else root / folder
    if not folder.is_dir():
        return []
    result = run_git(
        root,
        "--literal-pathspecs",
        "status",
        "--porcelain=v1",
        "-z",
        "--no-renames",
        "--untracked-files=all",
        "--",
        relative(root, folder),
        step="status",
    )
    raise_on_failure("status", result, "could not list the changed files")
    found = []
    for entry in result.stdout.split("\0"):
        state, name = entry[:2], entry[3:]
        if name and "D" not in state:
            found.append(top / name)
    return sorted(found)


def unpushed_commits(root: Path, remote: str = "origin") -> list[str]:
    """Shas of the commits on the current branch that no branch of ``remote`` has (as last fetched), newest first."""
    root = Path(root)
    if head_sha(root) is None:
        return []
    result = run_git(root, "rev-list", "HEAD", "--not", f"--remotes={remote}", step="status")
    raise_on_failure("status", result, "could not list the unpushed commits")
    return nonblank_lines(result.stdout)
