"""Options and helpers shared by the subcommands."""

from __future__ import annotations

from pathlib import Path

import click

repo_option = click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Minutes repository (default: $MEETINGTUI_REPO, the enclosing repository, or your own).",
)


def open_repo(repo: Path | None):
    """Resolve the repository for a command (see PRODUCT.md, "Default repository").

    Its minutes folder is checked here, before anything runs: one that leads out of the
    repository (a symlink, ``..``, ``.git``) is a located error (exit 2).
    """
    from meetingtui.store.repo import resolve_repo

    minutes_repo = resolve_repo(repo)
    minutes_repo.minutes_dir  # noqa: B018 - raises InputError when the folder leads out
    return minutes_repo


def refuse_if_open_elsewhere(minutes_repo) -> None:
    """A meeting of this repository open in another window is not taken over: say where it is (exit 2)."""
    from meetingtui.store.window_lock import MeetingOpenElsewhere, open_elsewhere

    owner = open_elsewhere(minutes_repo.state_dir)
    if owner is not None:
        raise MeetingOpenElsewhere(minutes_repo.root, owner)
