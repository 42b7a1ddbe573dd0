"""``REPORT.md``: the alignment report kept current at the top of the repository, for the git host.

Regenerated (never merged) from the repository's own files with every saved meeting, proposal and
sync, so it is always what ``meetingtui report`` prints for the same history: no clock, the same
bytes in every clone. ``report = false`` in ``meetingtui.toml`` turns it off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.history import History
from meetingtui.store.figures import repo_stats
from meetingtui.store.files import atomic_write_text
from meetingtui.store.git.run import run_git
from meetingtui.store.history_query import FIGURES
from meetingtui.store.history_store import PathsOf, load_history_then
from meetingtui.store.layout import REPORT_FILE
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.report_page import minutes_links, overdue_in_scope, render_report, report_day


def report_text(repo: MinutesRepo, history: History, paths_of: PathsOf) -> str:
    """The page ``meetingtui report`` prints for ``history`` (as of its newest minutes, links from the top);
    the files of the minutes it links to are asked of ``paths_of`` (the history index's, by minutes id)."""
    stats, _ = repo_stats(repo, history, report_day(history))
    overdue = overdue_in_scope(history, stats)
    known = paths_of({state.minutes for state in overdue})
    return render_report(stats, overdue, minutes_links(repo, (state.minutes for state in overdue), repo.root, known))


def write_report(root: Path, *, index_of: Path | None = None) -> list[str]:
    """Regenerate ``REPORT.md`` in the work tree ``root`` when reports are on; its path (repo-relative) then.

    The file is rewritten (atomically) only when its content changed. Whether it differs from ``HEAD`` is
    not asked: a commit that takes it as ``optional`` (:func:`~meetingtui.store.git.commit_files`) carries it
    only then. ``index_of``: see :func:`~meetingtui.store.history_store.load_history`.
    """
    made = new_report(root, index_of=index_of)
    return put_report(*made) if made is not None else []


def new_report(
    root: Path, *, index_of: Path | None = None, ready: Callable[[tuple[Path, str]], object] = lambda made: None
) -> tuple[Path, str] | None:
    """Where ``REPORT.md`` goes and what it should hold now; ``None`` when reports are off. Nothing is written.

    ``ready(made)``: called with the answer as soon as it is made, before the history index's changes are
    committed (synced to disk), which this call then waits for (:func:`load_history_then`): a save's commit need
    not wait for them."""
    repo = MinutesRepo(Path(root))
    if not repo.settings.report:
        return None
    path = repo.kept_inside(repo.root / REPORT_FILE)

    def page(history: History, paths_of: PathsOf) -> tuple[Path, str]:
        made = path, report_text(repo, history, paths_of)
        ready(made)
        return made

    return load_history_then(repo, page, index_of=index_of, parts=FIGURES)


def put_report(path: Path, text: str) -> list[str]:
    """Write ``text`` to ``REPORT.md`` at ``path`` when it holds anything else; its repo-relative path."""
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current != text.encode("utf-8"):
        atomic_write_text(path, text, durable=False)  # regenerated from the minutes whenever it is wrong
    return [REPORT_FILE]


def refresh_report(root: Path, *, index_of: Path | None = None) -> list[str]:
    """:func:`write_report`, its path returned only when the file differs from what ``HEAD`` holds (or is new
    and not ignored), so a commit carries it only then."""
    if not write_report(root, index_of=index_of):
        return []
    status = run_git(root, "status", "--porcelain", "--untracked-files=all", "--", REPORT_FILE, step="commit")
    return [REPORT_FILE] if status.stdout.strip() else []


def replay_report(tree: Path) -> list[str]:
    """:func:`refresh_report` for the temporary work tree of a replay onto the remote's commits, through the
    history index of the repository's main work tree (most of the tree's minutes are already in it).

    A report that cannot be written there (a teammate's symlink, a broken ``meetingtui.toml``) never stops
    the minutes from landing: the tree keeps the remote's report, and the next save or sync rewrites it.
    """
    common = run_git(tree, "rev-parse", "--path-format=absolute", "--git-common-dir", step="push").stdout.strip()
    try:
        minutes_dir = Path(common).parent / MinutesRepo(tree).settings.minutes_dir if common else None
        return refresh_report(tree, index_of=minutes_dir)
    except (InputError, OSError):
        return []
