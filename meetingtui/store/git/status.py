"""What is not committed or not pushed yet: the questions ``meetingtui commit`` and a meeting's start ask."""

from __future__ import annotations

from pathlib import Path

from meetingtui.store.git.refs import head_sha
from meetingtui.store.git.run import nonblank_lines, raise_on_failure, relative, run_git, toplevel


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
