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
from meetingtui.domain.meeting import Meeting, MeetingEvent
from meetingtui.domain.minutes import ActionItem, Parked
from meetingtui.store import git
from meetingtui.store.files import remove_stray_temp_files
from meetingtui.store.journal import Interrupted, Journal
from meetingtui.store.minutes_store import allocate_id, load_minutes, minutes_path, save_minutes
from meetingtui.store.repo import AGENDAS_DIR, MinutesRepo, state_root
from meetingtui.store.state_records import written_by_us

if TYPE_CHECKING:
    from meetingtui.domain.history import History  # loaded with the history, after the first frame
    from meetingtui.domain.proposals import OpenProposal


def tidy(repo: MinutesRepo) -> None:
    """Remove temp files left by a write that a crash interrupted (they were never the real file).

    Never through a symlink, never outside the repository or the per-user state folder.
    """
    remove_stray_temp_files(repo.minutes_dir, repo.root)
    remove_stray_temp_files(repo.root / AGENDAS_DIR, repo.root)  # not agendas_dir: a symlink is left, not refused
    remove_stray_temp_files(repo.state_dir, state_root())


@dataclass
class SaveResult:
    """What a save did: the files (always written), the commit, and the push, each on its own."""

    files: list[Path] = field(default_factory=list)
    commit: str | None = None
    """The sha of the commit holding the minutes (after any rebase a push made)."""
    pushed: bool = False
    git_error: str | None = None
    """Why the commit failed (the files are on disk; ``meetingtui commit`` commits them later)."""
    push_message: str | None = None
    """One line about the push: where it went, or why it failed (then the commit is pending, local)."""
    push: str = "off"
    """"off" (not asked), "ok" (the remote has the commit) or "failed" (committed locally, push pending)."""
    push_error: str | None = None
    """The full explanation of a failed push, with how to fix it."""
    push_wanted: bool = False
    """``--push`` or the repository's ``push`` setting asked for a push after the commit."""
    push_abandoned: bool = False
    """The app quit before the push finished: the commit is local, the push pending."""

    @property
    def ok(self) -> bool:
        """The minutes are saved and, when asked, committed (a failed push leaves them pending, not lost)."""
        return self.git_error is None

    @property
    def push_pending(self) -> bool:
        """A commit the remote still lacks because its push failed or was abandoned."""
        return bool(self.commit) and self.push_wanted and self.push != "ok"


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
        self.proposals: list[OpenProposal] = []
        """Open proposals for this meeting's agenda, read with the history."""
        self.proposal_warnings: list[str] = []
        self.proposals_offered = False
        self._stop_journaling = meeting.subscribe(journal.append) if journal is not None else None

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
        journal = Journal.create(repo.state_dir, agenda, agenda_name, minutes_id, facilitator, repo_root=repo.root)
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
        """Rebuild an interrupted meeting from its journal and keep journaling to it.

        Raises :class:`~meetingtui.store.window_lock.MeetingOpenElsewhere` when another window has it open.
        """
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
        journal = Journal.reopen(found.path, minutes_id=found.minutes_id, repo_root=repo.root)
        return cls(repo, meeting, journal, options, downtime=down)

    def subscribe(self, callback: Callable[[MeetingEvent], None]) -> Callable[[], None]:
        """Hear of every event after the engine applied it (on the thread that drives the meeting).

        Callbacks read the state from :attr:`meeting`; the returned function unsubscribes.
        The journal is the first subscriber, so an event is on disk before anyone shows it.
        """
        return self.meeting.subscribe(callback)

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
        self._load_proposals(self.history)
        return self.history

    def _load_proposals(self, history: History) -> None:
        from meetingtui.domain.proposals import open_proposals
        from meetingtui.store.proposals_store import load_proposals

        stored, self.proposal_warnings = load_proposals(self.repo)
        self.proposals = open_proposals(stored, history.proposal_outcomes, self.today(), self.meeting.agenda_name)

    def open_proposals(self) -> list[OpenProposal]:
        """Proposals for this agenda still open and not yet taken or declined by this meeting, oldest first."""
        return [item for item in self.proposals if not self.meeting.proposal_handled(item.id)]

    def open_actions(self) -> list[ActionItem]:
        """Open actions of earlier minutes, oldest first, as they stand now (empty until history is loaded)."""
        if self.history is None:
            return []
        states = sorted(self.history.open_actions(self.today()), key=lambda state: (state.created, state.item.id))
        return [state.item for state in states]

    def parked_from_last_time(self) -> list[Parked]:
        """Topics earlier meetings of this agenda parked and no meeting has picked up since.

        Each says where it came from; minutes saved before topics remembered that get it from their file.
        """
        if self.history is None:
            return []
        return [
            entry.item
            if entry.item.minutes_id
            else entry.item.model_copy(update={"minutes_id": entry.minutes, "agenda": self.meeting.agenda_name})
            for entry in self.history.parked_for(self.meeting.agenda_name)
        ]

    def today(self) -> dt.date:
        return self.meeting.wall_now().date()

    def save(self) -> SaveResult:
        """End the meeting, write TOML + Markdown, drop the journal, commit, then push when asked."""
        self.write_and_commit()
        return self.push_saved()

    def write_and_commit(self) -> SaveResult:
        """End the meeting, write TOML + Markdown, drop the journal, then commit (never the network).

        The files are on disk before git runs, so a git failure loses nothing:
        ``meetingtui commit`` commits them later.
        """
        meeting = self.meeting
        meeting.end()
        if self._id_taken_by_another_meeting():
            self._take_new_id()
        minutes = meeting.to_minutes()
        written = save_minutes(self.repo, minutes, record=True)
        result = SaveResult(
            files=written.paths, push_wanted=self.options.commit and (self.options.push or self.repo.settings.push)
        )
        if self.journal is not None:
            if self._stop_journaling is not None:
                self._stop_journaling()
            self.journal.discard()
            self.journal = None
        if self.options.commit:
            try:
                result.commit = git.commit_files(self.repo.root, written.paths, minutes.commit_subject())
            except git.GitError as exc:
                result.git_error = str(exc)
        self.saved = result
        return result

    def push_saved(self) -> SaveResult:
        """Push the commit :meth:`write_and_commit` made, when asked; a failure leaves it pending, never raises."""
        result = self.saved
        if result is None:
            raise RuntimeError("push_saved() before write_and_commit()")
        if result.push_pending:
            self._push(result)
        return result

    def _push(self, result: SaveResult) -> None:
        """Push within the repository's time limit; the outcome goes to ``result`` beside the commit."""
        settings = self.repo.settings
        try:
            pushed = git.push(self.repo.root, remote=settings.remote, timeout=settings.push_timeout)
        except git.GitError as exc:
            result.push, result.push_message, result.push_error = "failed", f"not pushed: {exc.summary}", str(exc)
            return
        result.push, result.pushed, result.push_message = "ok", pushed.pushed, pushed.message
        result.push_error = None
        if pushed.head:
            result.commit = pushed.head  # our commit is the tip: the rebase gave it a new sha
        new_id = pushed.renamed.get(self.meeting.minutes_id)
        if new_id:
            self.meeting.renumber(new_id)  # the action ids follow, as in the files the push rewrote
            toml_path = minutes_path(self.repo, new_id)
            result.files = [toml_path, toml_path.with_suffix(".md")]

    def _id_taken_by_another_meeting(self) -> bool:
        """True when our file exists and holds anything but what this meeting last wrote there.

        What a save writes is recorded (in the state folder) before it is written, so a save
        that a crash cut short is recognised as ours after a resume; minutes written by another
        window, another clone or by hand are never replaced: this meeting takes a new id. (The
        start time is compared too: an earlier meeting's file that this user wrote is not ours.)
        """
        path = minutes_path(self.repo, self.meeting.minutes_id)
        if not path.exists():
            return False
        if not written_by_us(self.repo.state_dir, path):
            return True
        try:
            return load_minutes(path).started_at != self.meeting.to_minutes().started_at
        except InputError:
            return True

    def _take_new_id(self) -> None:
        """Someone saved minutes with our id meanwhile: take the next free one and renumber our actions."""
        meeting = self.meeting
        meeting.renumber(
            allocate_id(
                self.repo, meeting.started_at.date() if meeting.started_at else self.today(), meeting.agenda_name
            )
        )

    def close(self) -> None:
        """Leave the meeting resumable (quit without saving, SIGTERM, SIGHUP)."""
        if self.journal is not None:
            if self.meeting.running:
                self.meeting.heartbeat()
            self.journal.close()
