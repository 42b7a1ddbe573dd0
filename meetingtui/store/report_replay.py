"""The report's regeneration for a replay, loaded only when a replay happens.

The git layer takes a :data:`~meetingtui.store.git.rebase.Regenerate` for the
pushes and syncs that replay our commits onto the remote's; most replay
nothing. Handing it :func:`replay_report` from :mod:`report_file` imported the
report's code (stats, Markdown, Mermaid: ~55 ms of a ``sync``'s start and ~1 MB
of a meeting's peak RSS) for every one of them.
"""

from __future__ import annotations

from pathlib import Path


def regenerate_report(tree: Path) -> list[str]:
    """:func:`meetingtui.store.report_file.replay_report`, imported on the first replay that needs it."""
    from meetingtui.store.report_file import replay_report  # the report's code only when a replay runs (above)

    return replay_report(tree)
