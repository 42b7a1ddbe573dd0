"""History: all minutes of a repository folded into what is still open and what was said.

Pure: takes :class:`Minutes` objects (in any order), never touches disk.

How action updates apply (``[[action_updates]]`` of later minutes):

* Minutes are folded oldest first, by ``(date, started_at, id)``. Within one
  minutes its own actions are registered first, then its updates apply in the
  order they are written, so an update may refer to an action of the same
  minutes or of any earlier one, and several updates to one action apply in
  meeting order (an update of an update simply wins).
* ``status`` becomes the update's status. An action is *closed* on the date of
  the minutes whose update moved it from open to done or dropped; re-opening
  clears that date; done → dropped keeps it.
* ``owner`` (when given and different) re-assigns the action. Its team follows
  the new owner only when the new owner's team is known — from the attendees of
  the minutes that recorded the update, else from the roster passed in;
  otherwise the team stays as it was.
* An update naming an id that no earlier action has is reported in
  :attr:`History.warnings` and ignored; so is a second action with an id seen
  before, and a second minutes with an id seen before.

Parked topics are offered to the next meetings of the same agenda until one of
them runs (status ``done``) a segment with the same title — taken from that very
topic when the segment says where it was taken from (``parked_from``, a permanent
minutes id).

A proposal is closed by the first minutes that take or decline it
(``[[proposals_taken]]``, ``[[proposals_declined]]``); later mentions change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, TypeVar

from meetingtui.domain.agenda import Team
from meetingtui.domain.minutes import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Concern,
    Decision,
    Insight,
    Minutes,
    Parked,
    SegmentRecord,
    SegmentStatus,
)
from meetingtui.domain.proposals import Outcome
from meetingtui.domain.report import MeetingReport, build_report
from meetingtui.domain.roster import Resolved, Roster, names

T = TypeVar("T")
CLOSED = (ActionStatus.DONE, ActionStatus.DROPPED)
_TEAMS = tuple(Team)  # iterating an Enum class is slow; the fold does it once per meeting


@dataclass(frozen=True)
class AppliedUpdate:
    """An update to an action, with the minutes that recorded it."""

    update: ActionUpdate
    minutes: str
    date: dt.date


@dataclass(frozen=True)
class ActionState:
    """An action item as it stands after every later update.

    ``original`` is the item as first recorded; ``status``, ``owner`` and
    ``team`` are the current ones, and :attr:`item` is the item with them.
    ``age_days`` and ``overdue`` are set relative to a day by :meth:`as_of`
    (``None``/``False`` otherwise): the age runs from the day the action was
    created to ``today``, or to the day it was closed.
    """

    original: ActionItem
    minutes: str
    created: dt.date
    changed_at: dt.datetime
    status: ActionStatus
    owner: str | None
    team: Team | None
    closed_on: dt.date | None = None
    closed_in: str | None = None
    updates: tuple[AppliedUpdate, ...] = ()
    age_days: int | None = None
    overdue: bool = False

    @property
    def id(self) -> str:
        """The action's stable id, ``<minutes id>#<n>``."""
        return self.original.id

    @cached_property
    def item(self) -> ActionItem:
        """The action item with its current status, owner and team."""
        original = self.original
        if (self.status, self.owner, self.team) == (original.status, original.owner, original.team):
            return original
        return original.model_copy(update={"status": self.status, "owner": self.owner, "team": self.team})

    @property
    def is_open(self) -> bool:
        """Still to do."""
        return self.status is ActionStatus.OPEN

    @property
    def days_to_close(self) -> int | None:
        """Days from creation to the minutes that closed it; ``None`` while open."""
        return None if self.closed_on is None else (self.closed_on - self.created).days

    def as_of(self, today: dt.date) -> ActionState:
        """This state with ``age_days`` and ``overdue`` computed for ``today``."""
        end = self.closed_on if self.closed_on is not None else today
        due = self.original.due
        overdue = self.status is ActionStatus.OPEN and due is not None and due < today
        # A copy with two fields set, made directly: dataclasses.replace runs __init__ through introspection,
        # 4× slower, and stats and `actions` ask this of every action (tens of thousands at scale).
        state = object.__new__(ActionState)
        state.__dict__.update(self.__dict__)
        state.__dict__["age_days"] = max(0, (end - self.created).days)
        state.__dict__["overdue"] = overdue
        return state


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A decision, concern, insight or parked topic, with the minutes (id and date) it comes from."""

    item: T
    minutes: str
    date: dt.date


DecisionEntry = Entry[Decision]
ConcernEntry = Entry[Concern]
InsightEntry = Entry[Insight]
ParkedEntry = Entry[Parked]


@dataclass(frozen=True)
class MeetingFacts:
    """What stats need of one meeting."""

    id: str
    agenda: str
    title: str
    date: dt.date
    segments: tuple[SegmentRecord, ...]
    present: Mapping[Team, int]
    report: MeetingReport | None = field(default=None, compare=False)
    """Its figures (:func:`~meetingtui.domain.report.build_report` of its segments) when already made — the history
    index keeps them with each file's rows, so a report need not validate every meeting's segments; else made from
    :attr:`segments` (:meth:`figures`). Derived from the segments: not compared."""

    def figures(self) -> MeetingReport:
        """The meeting's figures: :attr:`report`, else built from :attr:`segments`."""
        return self.report if self.report is not None else build_report(self.segments)


@dataclass(frozen=True)
class History:
    """Everything the minutes of a repository add up to. Build it with :func:`build_history`."""

    actions: tuple[ActionState, ...] = ()
    decision_log: tuple[DecisionEntry, ...] = ()
    concern_log: tuple[ConcernEntry, ...] = ()
    insight_log: tuple[InsightEntry, ...] = ()
    parked: Mapping[str, tuple[ParkedEntry, ...]] = field(default_factory=dict)
    meetings: tuple[MeetingFacts, ...] = ()
    warnings: tuple[str, ...] = ()
    proposal_outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    """Proposal id → what the first minutes that took it up did with it."""

    def open_actions(
        self, today: dt.date, owner: str | None = None, team: Team | str | None = None, overdue: bool = False
    ) -> list[ActionState]:
        """Open actions as of ``today``, soonest due first (undated last), then oldest first.

        ``owner`` matches a current owner it names as the roster rule says (:mod:`meetingtui.domain.roster`:
        ``sam`` and ``rivera`` find "Sam Rivera"); ``team`` the current team.
        """
        wanted_owner = owner.strip() if owner and owner.strip() else None
        wanted_team = Team(team) if team else None  # Team takes "  Sales " too (Team._missing_)
        result = []
        for state in self.actions:
            if not state.is_open:
                continue
            if wanted_owner is not None and not names(wanted_owner, state.owner or ""):
                continue
            if wanted_team is not None and state.team is not wanted_team:
                continue
            state = state.as_of(today)
            if overdue and not state.overdue:
                continue
            result.append(state)
        result.sort(key=lambda s: (s.original.due or dt.date.max, s.created))
        return result

    def action(self, action_id: str) -> ActionState | None:
        """The state of one action, by id."""
        return self._by_id.get(action_id)

    @cached_property
    def _by_id(self) -> dict[str, ActionState]:
        return {state.id: state for state in self.actions}

    def decisions(self, since: dt.date | None = None) -> list[DecisionEntry]:
        """The decision log, newest meeting first, from ``since`` on."""
        return [entry for entry in self.decision_log if since is None or entry.date >= since]

    def concerns(self, since: dt.date | None = None) -> list[ConcernEntry]:
        """Concerns raised, newest meeting first, from ``since`` on."""
        return [entry for entry in self.concern_log if since is None or entry.date >= since]

    def insights(self, since: dt.date | None = None) -> list[InsightEntry]:
        """Customer insights, newest meeting first, from ``since`` on."""
        return [entry for entry in self.insight_log if since is None or entry.date >= since]

    def parked_for(self, agenda_name: str) -> list[ParkedEntry]:
        """Topics parked by meetings of ``agenda_name`` and not yet picked up, oldest first."""
        return list(self.parked.get(agenda_name.strip().casefold(), ()))


def sort_key(minutes: Minutes) -> tuple[dt.date, dt.datetime, str]:
    """The order meetings happened in: date, then start time, then id."""
    return (minutes.date, minutes.started_at, minutes.id)


def build_history(
    minutes: Iterable[Minutes], roster: Mapping[str, Team] | None = None, warnings: Iterable[str] = ()
) -> History:
    """Fold ``minutes`` (any order) into a :class:`History`; see the module docstring for the rules.

    ``roster`` maps people's names to their teams (``people.toml``); ``warnings``
    (e.g. about unreadable files) are kept in front of the fold's own.
    """
    fold = _Fold({name.casefold(): team for name, team in (roster or {}).items()}, list(warnings))
    for item in sorted(minutes, key=sort_key):
        fold.add(item)
    return fold.result()


class _Fold:
    """The mutable state of one fold; :meth:`result` freezes it."""

    def __init__(self, roster: dict[str, Team], warnings: list[str]) -> None:
        self.people = Roster.of(roster.items())
        self.warnings = warnings
        self.seen: set[str] = set()
        self.actions: dict[str, _Tracked] = {}
        self.decisions: list[DecisionEntry] = []
        self.concerns: list[ConcernEntry] = []
        self.insights: list[InsightEntry] = []
        self.parked: dict[str, dict[str, ParkedEntry]] = {}
        self.meetings: list[MeetingFacts] = []
        self.outcomes: dict[str, Outcome] = {}

    def team_of(self, name: str | None, attendees: Roster) -> Team | None:
        """The team of ``name`` (or of the one person a part of it names) among the attendees, else the roster."""
        for people in (attendees, self.people):
            found = people.resolve(name or "")  # the one rule: whole name or word-start parts
            if isinstance(found, Resolved):
                return found.team
        return None

    def add(self, m: Minutes) -> None:
        if m.id in self.seen:
            self.warnings.append(f"{m.id}: a second minutes with this id is ignored — give it its own id")
            return
        self.seen.add(m.id)
        for action in m.actions:
            if action.id in self.actions:
                self.warnings.append(
                    f"{m.id}: action {action.id!r} already exists in "
                    f"{self.actions[action.id].minutes}; this one is ignored"
                )
                continue
            self.actions[action.id] = _Tracked(action, m)
        teams = Roster.of((a.name, a.team) for a in m.attendees)
        for index, update in enumerate(m.action_updates):
            tracked = self.actions.get(update.id)
            if tracked is None:
                self.warnings.append(
                    f"{m.id}: action_updates[{index}]: no earlier action has id {update.id!r} — the update is ignored"
                )
                continue
            tracked.apply(update, m, self.team_of(update.owner, teams) if update.owner else None)
        self.decisions.extend(Entry(d, m.id, m.date) for d in m.decisions)
        self.concerns.extend(Entry(c, m.id, m.date) for c in m.concerns)
        self.insights.extend(Entry(i, m.id, m.date) for i in m.insights)
        parked = self.parked.setdefault(m.agenda.casefold(), {})
        for segment in m.segments:
            if segment.status is SegmentStatus.DONE:
                key = segment.title.casefold()
                entry = parked.get(key)
                # A segment taken from a parked topic names the minutes that parked it: only that topic is done.
                if entry is not None and segment.parked_from in (None, entry.minutes, entry.item.minutes_id):
                    del parked[key]
        for topic in m.parked:
            parked.pop(topic.title.casefold(), None)  # re-parked: the newest entry, at the end
            parked[topic.title.casefold()] = Entry(topic, m.id, m.date)
        given_by = self.team_of(m.facilitator, teams)
        for taken in m.proposals_taken:
            segment = next((s for s in m.segments if s.title == taken.segment), None)
            planned, actual = (segment.planned_seconds, segment.actual_seconds) if segment else (0, 0)
            outcome = Outcome(taken.id, "taken", m.id, m.date, taken.segment, None, planned, actual, given_by)
            self.outcomes.setdefault(taken.id, outcome)
        for declined in m.proposals_declined:
            self.outcomes.setdefault(
                declined.id, Outcome(declined.id, "declined", m.id, m.date, reason=declined.reason, given_by=given_by)
            )
        present = dict.fromkeys(_TEAMS, 0)
        for attendee in m.attendees:
            present[attendee.team] += attendee.present
        self.meetings.append(MeetingFacts(m.id, m.agenda, m.title, m.date, tuple(m.segments), present))

    def result(self) -> History:
        def newest_first(entries: list) -> tuple:
            order = {meeting.id: index for index, meeting in enumerate(self.meetings)}
            return tuple(sorted(entries, key=lambda entry: -order[entry.minutes]))  # stable within a meeting

        return History(
            actions=tuple(tracked.freeze() for tracked in self.actions.values()),
            decision_log=newest_first(self.decisions),
            concern_log=newest_first(self.concerns),
            insight_log=newest_first(self.insights),
            parked={agenda: tuple(topics.values()) for agenda, topics in self.parked.items() if topics},
            meetings=tuple(self.meetings),
            warnings=tuple(self.warnings),
            proposal_outcomes=self.outcomes,
        )


class _Tracked:
    """An action while the fold runs: cheap to change, frozen into an :class:`ActionState` at the end."""

    __slots__ = (
        "changed_at",
        "closed_in",
        "closed_on",
        "created",
        "item",
        "minutes",
        "owner",
        "status",
        "team",
        "updates",
    )

    def __init__(self, item: ActionItem, m: Minutes) -> None:
        self.item, self.minutes, self.created, self.changed_at = item, m.id, m.date, m.started_at
        self.status, self.owner, self.team = item.status, item.owner, item.team
        self.closed_on, self.closed_in = (m.date, m.id) if item.status in CLOSED else (None, None)
        self.updates: list[AppliedUpdate] = []

    def apply(self, update: ActionUpdate, m: Minutes, owner_team: Team | None) -> None:
        """Apply one later update; ``owner_team`` is the new owner's team when known."""
        self.status = update.status
        if update.owner and update.owner != self.owner:
            self.owner = update.owner
            if owner_team is not None:
                self.team = owner_team
        if update.status is ActionStatus.OPEN:
            self.closed_on = self.closed_in = None
        elif self.closed_on is None:
            self.closed_on, self.closed_in = m.date, m.id
        self.changed_at = m.started_at
        self.updates.append(AppliedUpdate(update, m.id, m.date))

    def freeze(self) -> ActionState:
        return ActionState(
            self.item,
            self.minutes,
            self.created,
            self.changed_at,
            self.status,
            self.owner,
            self.team,
            self.closed_on,
            self.closed_in,
            tuple(self.updates),
        )
