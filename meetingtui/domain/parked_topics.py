"""Parked topics that age out: which ones a meeting's start offers, and every one still parked. Pure.

A topic stays parked until a later meeting of its agenda takes it (:mod:`~meetingtui.domain.history`); it is
never lost. But only the recent ones are *offered* when a meeting starts: those parked by the last
``window.meetings`` meetings of the agenda, no more than ``window.days`` days ago (``meetingtui.toml``:
``parked_meetings`` and ``parked_days``; by default the last meeting and 30 days). The rest stay findable
with ``meetingtui parked``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from meetingtui.domain.history import History, ParkedEntry


@dataclass(frozen=True)
class ParkedWindow:
    """Which parked topics a start offers: those of the agenda's last ``meetings`` meetings, at most ``days`` old."""

    meetings: int = 1
    days: int = 30


@dataclass(frozen=True)
class ParkedTopic:
    """A topic still parked: its entry (topic, minutes id, date), its agenda, age, and whether a start offers it."""

    agenda: str
    entry: ParkedEntry
    age_days: int
    offered: bool


def _last_meetings(history: History, agenda: str, count: int) -> set[str]:
    key = agenda.strip().casefold()
    ids = [m.id for m in history.meetings if m.agenda.strip().casefold() == key]
    return set(ids[-count:]) if count > 0 else set()


def offered_parked(history: History, agenda: str, today: dt.date, window: ParkedWindow) -> list[ParkedEntry]:
    """The topics the start of a meeting of ``agenda`` offers, oldest first (see the module docstring)."""
    recent = _last_meetings(history, agenda, window.meetings)
    return [
        entry
        for entry in history.parked_for(agenda)
        if entry.minutes in recent and (today - entry.date).days <= window.days
    ]


def still_parked(
    history: History, today: dt.date, window: ParkedWindow, agenda: str | None = None
) -> list[ParkedTopic]:
    """Every topic still parked (of ``agenda``, or of every agenda), newest first; ``offered`` marks the recent ones."""
    names = {m.agenda.strip().casefold(): m.agenda for m in history.meetings}
    keys = [agenda.strip().casefold()] if agenda else sorted(history.parked)
    topics = []
    for key in keys:
        name = names.get(key, key)
        offered = {id(entry) for entry in offered_parked(history, name, today, window)}
        for entry in history.parked_for(name):
            topics.append(
                ParkedTopic(entry.item.agenda or name, entry, max(0, (today - entry.date).days), id(entry) in offered)
            )
    return sorted(topics, key=lambda topic: (topic.entry.date, topic.entry.minutes), reverse=True)
