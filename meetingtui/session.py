"""A meeting with its side effects: journal, files, git. No Textual here; the screen drives it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.clock import Clock, WallClock, local_now, meeting_clock
from meetingtui.domain.errors import InputError
from meetingtui.domain.meeting import Event, Meeting
from meetingtui.domain.minutes import ActionItem, Parked
from meetingtui.store import git
from meetingtui.store.files import remove_stray_temp_files
from meetingtui.store.journal import Interrupted, Journal
from meetingtui.store.minutes_store import allocate_id, load_minutes, minutes_path, save_minutes
from meetingtui.store.repo import MinutesRepo

if TYPE_CHECKING:
    from meetingtui.domain.history import History  # loaded with the history, after the first frame


def tidy(repo: MinutesRepo) -> None:
    """Remove temp files left by a write that a crash interrupted (they were never the real file)."""
    for folder in (repo.minutes_dir, repo.agendas_dir, repo.state_dir):
        remove_stray_temp_files(folder)


@dataclass
class SaveResult:
    """What a save did: the files (always written) and what git said."""

    files: list[Path] = field(default_factory=list)
    commit: str | None = None
    pushed: bool = False
    git_error: str | None = None
    push_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.git_error is None


@dataclass
class SessionOptions:
    """How the meeting ends: commit, push, bell."""

    commit: bool = True
    push: bool = False
    quiet: bool = False


class MeetingSession:
    """One meeting in one repository: the engine, its journal, and saving."""

    def __init__(
        self,
        repo: MinutesRepo,
        meeting: Meeting,
        journal: Journal | None,
        options: SessionOptions | None = None,
        downtime: float = 0.0,
    ) -> None:
        self.repo = repo
        self.meeting = meeting
        self.journal = journal
        self.options = options or SessionOptions()
        self.downtime = downtime
        self.saved: SaveResult | None = None
        self.history: History | None = None
        self.parked_offered = False
        self._subscribers: list[Callable[[Event], None]] = []
        meeting.listener = self._on_event

    def _on_event(self, event: Event) -> None:
        if self.journal is not None:
            self.journal.append(event)
        for callback in list(self._subscribers):
            callback(event)

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback`` after each change to the meeting (journaled first); returns the unsubscribe function.

        Callbacks run on the thread that drives the meeting and read the state from :attr:`meeting`.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    @classmethod
    def new(
        cls,
        repo: MinutesRepo,
        agenda_name: str,
        agenda: Agenda,
        *,
        facilitator: str | None = None,
        options: SessionOptions | None = None,
        clock: Clock = meeting_clock,
        wall: WallClock = local_now,
    ) -> MeetingSession:
        """A fresh meeting with its own journal in the repository's state folder."""
        tidy(repo)
        minutes_id = allocate_id(repo, wall().date(), agenda_name)
        facilitator = facilitator or repo.settings.facilitator
        journal = Journal.create(repo.state_dir, agenda, agenda_name, minutes_id, facilitator)
        meeting = Meeting(agenda, agenda_name, minutes_id, facilitator=facilitator, clock=clock, wall=wall)
        return cls(repo, meeting, journal, options)

    @classmethod
    def resume(
        cls,
        repo: MinutesRepo,
        found: Interrupted,
        *,
        count_downtime: bool = True,
        options: SessionOptions | None = None,
        clock: Clock = meeting_clock,
        wall: WallClock = local_now,
    ) -> MeetingSession:
        """Rebuild an interrupted meeting from its journal and keep journaling to it."""
        tidy(repo)
        meeting, down = Meeting.replay(
            found.agenda,
            found.agenda_name,
            found.minutes_id,
            found.events,
            facilitator=found.facilitator,
            clock=clock,
            wall=wall,
            count_downtime=count_downtime,
        )
        return cls(repo, meeting, Journal.reopen(found.path), options, downtime=down)

    def team_of(self, name: str) -> Team | None:
        """The team of an attendee or a person on the roster."""
        key = name.strip().casefold()
        for attendee in self.meeting.attendees:
            if attendee.name.casefold() == key:
                return attendee.team
        for person in self.repo.people.people:
            if person.name.casefold() == key:
                return person.team
        return None

    def names(self) -> list[str]:
        """Names to offer when a field asks for a person: present attendees first, then the roster."""
        names = [a.name for a in self.meeting.attendees if a.present]
        names += [p.name for p in self.repo.people.people if p.name not in names]
        return names

    def load_history(self) -> History:
        """Read every earlier minutes file (slow on a big repository: call it off the UI thread)."""
        from meetingtui.store.history_store import load_history

        self.history = load_history(self.repo)
        return self.history

    def open_actions(self) -> list[ActionItem]:
        """Open actions of earlier minutes, oldest first, as they stand now (empty until history is loaded)."""
        if self.history is None:
            return []
        states = sorted(self.history.open_actions(self.today()), key=lambda state: (state.created, state.item.id))
        return [state.item for state in states]

    def parked_from_last_time(self) -> list[Parked]:
        """Topics earlier meetings of this agenda parked and no meeting has picked up since."""
        if self.history is None:
            return []
        return [entry.item for entry in self.history.parked_for(self.meeting.agenda_name)]

    def today(self) -> dt.date:
        return self.meeting.wall_now().date()

    def save(self) -> SaveResult:
        """End the meeting, write TOML + Markdown, drop the journal, then commit (and push).

        The files are on disk before git runs, so a git failure loses nothing:
        ``meetingtui commit`` commits them later.
        """
        meeting = self.meeting
        meeting.end()
        if self.saved is None and self._id_taken_by_another_meeting():
            self._take_new_id()
        minutes = meeting.to_minutes()
        written = save_minutes(self.repo, minutes)
        result = SaveResult(files=written.paths)
        if self.journal is not None:
            self.journal.discard()
            self.journal = None
        if self.options.commit:
            message = f"Minutes: {minutes.title} ({minutes.date.isoformat()})"
            try:
                result.commit = git.commit_files(self.repo.root, written.paths, message)
                if self.options.push or self.repo.settings.push:
                    pushed = git.push(self.repo.root, remote=self.repo.settings.remote)
                    result.pushed, result.push_message = pushed.pushed, pushed.message
            except git.GitError as exc:
                result.git_error = str(exc)
        self.saved = result
        return result

    def _id_taken_by_another_meeting(self) -> bool:
        """True when our file exists and holds another meeting (not ours, saved before a crash)."""
        path = minutes_path(self.repo, self.meeting.minutes_id)
        if not path.exists():
            return False
        try:
            saved = load_minutes(path)
        except InputError:
            return True
        return saved.started_at != self.meeting.to_minutes().started_at

    def _take_new_id(self) -> None:
        """Someone saved minutes with our id meanwhile: take the next free one and renumber our actions."""
        meeting = self.meeting
        old = meeting.minutes_id
        meeting.minutes_id = allocate_id(
            self.repo, meeting.started_at.date() if meeting.started_at else self.today(), meeting.agenda_name
        )
        meeting.actions = [
            a.model_copy(update={"id": a.id.replace(old, meeting.minutes_id, 1)}) for a in meeting.actions
        ]

    def close(self) -> None:
        """Leave the meeting resumable (quit without saving, SIGTERM, SIGHUP)."""
        if self.journal is not None:
            if self.meeting.running:
                self.meeting.heartbeat()
            self.journal.close()
