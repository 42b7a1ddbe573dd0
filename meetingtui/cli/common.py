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
    """Resolve the repository for a command (see docs/PRODUCT.md, "Default repository")."""
    from meetingtui.store.repo import resolve_repo

    return resolve_repo(repo)
