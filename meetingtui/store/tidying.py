"""Temp files that a write cut short by a crash left behind (never the real file): removed where we write, never
through a symlink, never outside the repository or the per-user state folder."""

from __future__ import annotations

from meetingtui.store.files import remove_stray_temp_files
from meetingtui.store.repo import AGENDAS_DIR, MinutesRepo, state_root


def tidy(repo: MinutesRepo) -> None:
    """Remove temp files left by a write that a crash interrupted (they were never the real file).

    Never through a symlink, never outside the repository or the per-user state folder. The minutes
    folder is tidied after the first history read (:func:`tidy_minutes`), off the UI thread: its walk grows
    with the history (45 ms at 5,000 minutes files), and the first frame does not need it.
    """
    remove_stray_temp_files(repo.root / AGENDAS_DIR, repo.root)  # not agendas_dir: a symlink is left, not refused
    remove_stray_temp_files(repo.state_dir, state_root())


def tidy_minutes(repo: MinutesRepo, before: float) -> None:
    """Remove the minutes folder's temp files last written before ``before`` (epoch seconds): older than this
    process's meeting, so never one that a save of this meeting is writing now."""
    remove_stray_temp_files(repo.minutes_dir, repo.root, older_than=before)
