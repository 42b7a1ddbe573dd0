"""The history's state against the team's remote, in one line for people (picker and meeting screen)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.domain.lean import frozen
from meetingtui.domain.wording import pending_words as words_for_pending
from meetingtui.store.git.run import sync_hint
from meetingtui.store.git.sync_outcome import SyncOutcome

if TYPE_CHECKING:
    from meetingtui.store.git.sync import SyncStatus


@frozen
class HistoryState:
    """The line in two lengths: ``line`` where there is room, ``short`` beside the schedule on a small screen."""

    line: str = ""
    short: str = ""
    shorter: tuple[str, ...] = ()
    """Still shorter forms of ``short``, each dropping the least important part left ("as of 2026-11-28" first)."""
    detail: str = ""
    """What to do about it, for the tooltip (":func:`pending_notice`": the command that pushes what waits)."""

    def fitting(self, width: int) -> str:
        """The longest form that fits in a border ``width`` cells wide (corners and padding take 6).

        When none fits, the shortest is cut after a whole word ("…"): never in the middle of one.
        """
        room = width - 6
        forms = [form for form in (self.line, self.short, *self.shorter) if form]
        fits = next((form for form in forms if len(form) <= room), None)
        if fits is not None or not forms:
            return fits or ""
        return textwrap.shorten(forms[-1], room, placeholder="…") if room > 1 else ""


def history_state(status: SyncStatus, now: dt.datetime) -> HistoryState:
    """What the history line says ("history current (synced 12:03)", "offline — history as of 2026-11-28", "3 minutes
    not pushed yet"; empty without a remote), with a short form ("synced 12:03", "offline · as of 2026-11-28" …)."""
    if status.remote is None:
        return HistoryState()
    line, short = [], []
    if status.blocked:
        more = f" and {len(status.blocked) - 2} more" if len(status.blocked) > 2 else ""
        line.append("left alone: you changed " + ", ".join(status.blocked[:2]) + more)
        short.append(f"left alone: {Path(status.blocked[0]).name}" + ("…" if len(status.blocked) > 1 else ""))
        brief = "left alone"
    elif status.outcome is SyncOutcome.CURRENT:
        synced = f"{(status.fetched_at or now).astimezone(now.tzinfo):%H:%M}"
        line.append(f"history current (synced {synced})")
        short.append(f"synced {synced}")
        brief = "synced"
    elif status.outcome is not SyncOutcome.OFFLINE:
        line.append(status.message)
        short.append("not updated" if status.outcome is SyncOutcome.NOT_UPDATED else status.message)
        brief = short[0]
    else:
        as_of = status.history_as_of or status.fetched_at
        day = as_of.astimezone(now.tzinfo).date().isoformat() if as_of else ""
        line.append(f"offline — history as of {day}" if as_of else f"offline — nothing from {status.remote} yet")
        short.append(f"offline · as of {day}" if as_of else "offline")
        brief = "offline"
    briefer = [brief]  # the state without its detail (a date, a time, a file) goes first: the tooltip keeps it
    if status.unpushed:
        line.append(pending_words(status) + " not pushed yet")
        short.append(f"{status.unpushed} not pushed")
        briefer.append(short[-1])
    shorter = " · ".join(briefer)
    return HistoryState(" · ".join(line), " · ".join(short), () if shorter == " · ".join(short) else (shorter,))


def pending_words(status: SyncStatus) -> str:
    """What the remote lacks, minutes and proposals apart: "1 meeting's minutes and 2 proposals"."""
    other = status.unpushed - status.unpushed_minutes - status.unpushed_proposals
    return words_for_pending(status.unpushed_minutes, status.unpushed_proposals, other)


def pending_notice(status: SyncStatus, root: Path) -> str | None:
    """The notice at start when minutes or proposals were committed here but never reached the remote."""
    if not status.unpushed or status.remote is None:
        return None
    one = status.unpushed == 1 and not status.unpushed_minutes  # "1 meeting's minutes" is still "are … them"
    verb, them = ("is", "it") if one else ("are", "them")
    return f"{pending_words(status)} {verb} not on {status.remote} yet: {sync_hint(root)} pushes {them}."
