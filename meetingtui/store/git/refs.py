"""Where HEAD is: the checked-out branch and the commit it points to, read from git's files when the layout is
plain (gitrepository-layout), else asked of git.

A sync asked git for HEAD a dozen times, one process each; reading ``HEAD`` and the branch's ref file answers the
same question without one. Anything this does not plainly recognise — a ref store other than files (reftable), a
symbolic ref that points at another symbolic ref, an unreadable file — is asked of git, so the answer is always
git's own.
"""

from __future__ import annotations

from pathlib import Path

from meetingtui.store.git.dirs import GitDirs, git_dirs
from meetingtui.store.git.run import run_git

_HEX = frozenset("0123456789abcdef")


class _AskGit(Exception):
    """The files do not plainly say: git must be asked."""


def current_branch(root: Path) -> str | None:
    """The checked-out branch (even one with no commits yet), or None when HEAD is detached."""
    try:
        return _read_head(Path(root))[0]
    except _AskGit:
        pass
    result = run_git(Path(root), "symbolic-ref", "--quiet", "--short", "HEAD", step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def head_sha(root: Path) -> str | None:
    """The full sha of HEAD, or None before the first commit."""
    try:
        return _read_head(Path(root))[1]
    except _AskGit:
        pass
    result = run_git(Path(root), "rev-parse", "--quiet", "--verify", "HEAD^{commit}", step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def plain_head(root: Path) -> tuple[GitDirs, str | None, str | None] | None:
    """``(folders, branch, sha)`` of the work tree whose top is ``root``, read from its files; None when ``root`` is
    not plainly the top of a work tree or its files do not plainly say (then ask git)."""
    if not (Path(root) / ".git").exists():
        return None
    try:
        branch, sha = _read_head(Path(root))
    except _AskGit:
        return None
    dirs = git_dirs(Path(root))
    return None if dirs is None else (dirs, branch, sha)


def git_path(dirs: GitDirs, name: str) -> Path:
    """Where git keeps ``name`` (as ``git rev-parse --git-path`` says, hooks aside: ``core.hooksPath`` moves them):
    shared refs, objects and settings in the common folder, the rest (HEAD, the index, a merge or rebase in
    progress) in the work tree's own."""
    shared = name.startswith(("refs/", "objects", "packed-refs", "config")) and not name.startswith(
        ("refs/bisect", "refs/worktree", "refs/rewritten")
    )
    return (dirs.common_dir if shared else dirs.git_dir) / name


def ref_sha(root: Path, ref: str) -> str | None:
    """The sha a full ref name (``refs/remotes/origin/main``) points to; None when there is no such ref."""
    try:
        if not _plain_name(ref):
            raise _AskGit
        return _branch_sha(_plain_dirs(Path(root)), ref)
    except _AskGit:
        pass
    result = run_git(Path(root), "rev-parse", "--verify", "--quiet", ref, step="status")
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def _plain_dirs(root: Path) -> GitDirs:
    dirs = git_dirs(root)
    if dirs is None or (dirs.common_dir / "reftable").exists():
        raise _AskGit
    return dirs


def _plain_name(ref: str) -> bool:
    """A ref name that is plainly a file under the git folder (refs/heads/.invalid is a reftable's HEAD)."""
    return ref.startswith("refs/") and "/." not in ref and ".." not in ref and not ref.endswith((".lock", "/"))


def _read_head(root: Path) -> tuple[str | None, str | None]:
    """``(branch, sha)`` of HEAD from the files: ``branch`` None when detached, ``sha`` None on an unborn branch."""
    dirs = _plain_dirs(root)
    try:
        head = (dirs.git_dir / "HEAD").read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise _AskGit from None
    if _is_sha(head):
        return None, head
    ref = head.removeprefix("ref:").strip()
    if not head.startswith("ref:") or not ref.startswith("refs/heads/") or not _plain_name(ref):
        raise _AskGit
    return ref.removeprefix("refs/heads/"), _branch_sha(dirs, ref)


def _branch_sha(dirs: GitDirs, ref: str) -> str | None:
    """The loose ref's sha, else the packed one, else None (no commit yet).

    Loose first: ``git pack-refs`` writes ``packed-refs`` before it deletes the loose file, so a ref being packed
    is found in one of the two.
    """
    try:
        loose = (dirs.common_dir / ref).read_text("ascii").strip()
    except FileNotFoundError:
        loose = None
    except (OSError, UnicodeDecodeError):
        raise _AskGit from None
    if loose is not None:
        if not _is_sha(loose):
            raise _AskGit
        return loose
    try:
        packed = (dirs.common_dir / "packed-refs").read_text("ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise _AskGit from None
    for line in packed.splitlines():
        sha, _, name = line.partition(" ")
        if name == ref:
            if not _is_sha(sha):
                raise _AskGit
            return sha
    return None


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and _HEX.issuperset(text)
