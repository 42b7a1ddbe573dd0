"""A meeting with its side effects: journal, files, git. No Textual here; the screen drives it."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.domain.agenda import Agenda, Team
from meetingtui.domain.clock import Clock, WallClock, local_now, meeting_clock
from meetingtui.domain.errors import InputError
from meetingtui.domain.ids import new_minutes_id
from meetingtui.domain.lean import mutable
from meetingtui.domain.meeting import Meeting, MeetingEvent
from meetingtui.domain.minutes import ActionItem, Minutes, Parked
from meetingtui.domain.roster import Member, Roster
from meetingtui.store import git
from meetingtui.store.collector import collector_paused, switching_often
from meetingtui.store.facilitator_store import find_facilitator, remember_facilitator
from meetingtui.store.journal import Interrupted, Journal, JournalWriteError
from meetingtui.store.layout import PEOPLE_FILE
from meetingtui.store.people import add_people, meeting_roster
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.report_replay import regenerate_report
from meetingtui.store.save_result import PushOutcome, SaveResult
from meetingtui.store.tidying import tidy, tidy_minutes

if TYPE_CHECKING:
    from meetingtui.domain.proposals import OpenProposal
    from meetingtui.store.history_review import EarlierMinutes, OpenActions  # read after the first frame
    from meetingtui.store.recent_writes import Upcoming


@mutable
class SessionOptions:
    """How the meeting ends: commit, push, bell."""

    commit: bool = True
    push: bool | None = None  # --push (True), --no-push (False), or neither: the repository's `push` setting decides
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
        self.earlier: EarlierMinutes | None = None
        """What the meeting read of earlier minutes (None until read): pages of open actions, not all of them."""
        self.parked_offered = False
        self.proposals: list[OpenProposal] = []
        """Open proposals for this meeting's agenda, read with the history."""
        self.proposal_warnings: list[str] = []
        self.proposals_offered = False
        self.remote_names: set[str] | None = None
        """File names of minutes on the fetched remote, as of the last history read (None: not read yet)."""
        self._created = time.time()
        self._minutes_tidied = False
        meeting.record = self._journal_event

    def _journal_event(self, event: MeetingEvent) -> None:
        """The engine's write-ahead hook: the event is fsynced in the journal, or this raises and it is not applied.

        After a save dropped the journal there is nothing to write to (the minutes hold the meeting).
        """
        journal = self.journal
        if journal is not None:
            journal.append(event)

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
        minutes_id = new_minutes_id(wall().date(), agenda_name)
        facilitator = find_facilitator(repo, facilitator)
        if facilitator:
            remember_facilitator(repo, facilitator)
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
        """Hear of every event after the engine journaled and applied it (on the UI thread, which drives the meeting).

        Callbacks read the state from :attr:`meeting`; the returned function unsubscribes.
        An event is fsynced in the journal before it is applied, so it is on disk before anyone shows it.
        """
        return self.meeting.subscribe(callback)

    def roster(self) -> Roster:
        """Who a typed name may mean: ``people.toml``, this meeting's attendees, the people added during it."""
        return meeting_roster(self.repo, self.meeting.attendees, self.newcomers)

    def has_roster(self) -> bool:
        """The repository lists people (``people.toml``), or this meeting added some: names can be checked."""
        return bool(self.newcomers) or bool(meeting_roster(self.repo, (), ()).members)

    def team_of(self, name: str) -> Team | None:
        """The team of the person ``name`` names (an attendee, someone added today or on the roster)."""
        return self.roster().team_of(name)

    def names(self) -> list[str]:
        """Names to offer when a field asks for a person: present attendees first, then the roster."""
        names = [a.name for a in self.meeting.attendees if a.present]
        return names + [name for name in self.roster().names if name not in names]

    @property
    def newcomers(self) -> list[Member]:
        """People added during the meeting (attendance ``a``, an owner the roster lacked), for ``people.toml``."""
        return [Member(name, team) for name, team in self.meeting.state.newcomers]

    def add_person(self, name: str, team: Team) -> None:
        """Someone the roster lacks, added during the meeting (journaled): offered from now on, written to
        ``people.toml`` with the minutes (same commit), also after a resume."""
        self.meeting.add_person(name, team)

    def load_history(self, early: Callable[[EarlierMinutes], None] | None = None) -> EarlierMinutes:
        """Bring the history index up to date and read what the meeting shows of it (off the UI thread), as many
        open actions as were read before, at least a page. ``early`` gets, and :attr:`earlier` keeps, the index's
        answer before the files are checked (:func:`~meetingtui.store.history_review.read_earlier`): for the
        review list, not the offers."""
        # in the history worker, after the first frame
        from meetingtui.store.history_review import PAGE, read_earlier
        from meetingtui.store.minutes_store import remote_names
        from meetingtui.store.parked_store import parked_window

        def glimpsed(glimpse: EarlierMinutes) -> None:
            self.earlier = glimpse
            if early is not None:
                early(glimpse)

        window = parked_window(self.repo.settings)
        first = max(PAGE, len(self.earlier.open.states) if self.earlier is not None else 0)  # as many as before
        wants = glimpsed if early is not None and self.earlier is None else None  # a read again shows what it has
        tidy, agenda = None if self._minutes_tidied else self._created, self.meeting.agenda_name  # see tidy_minutes
        earlier = read_earlier(self.repo, agenda, window.meetings, first=first, early=wants, tidy_before=tidy)
        self._minutes_tidied = self._minutes_tidied or earlier.tidied
        self._load_proposals(earlier)
        # The names the fetched remote uses, read here (a worker), not in the save: only a fetch changes them.
        self.remote_names = remote_names(self.repo)
        self.earlier = earlier
        return earlier

    def tidy_minutes(self) -> None:
        """Remove the minutes folder's stray temp files, once (a worker calls it after the first history read:
        the walk takes ~0.4 s at 50,000 files, and the review list need not wait for it; a big history's read did
        it in its child process, off this one)."""
        if not self._minutes_tidied:
            tidy_minutes(self.repo, self._created)
            self._minutes_tidied = True

    def _load_proposals(self, earlier: EarlierMinutes) -> None:
        from meetingtui.domain.proposals import open_proposals  # in the history worker, after the first frame
        from meetingtui.store.proposals_store import load_proposals  # in the history worker, after the first frame

        stored, self.proposal_warnings = load_proposals(self.repo)
        found = open_proposals(stored, earlier.proposal_outcomes, self.today(), self.meeting.agenda_name)
        roster = self.roster()  # a proposal names people as typed: the meeting records the roster's full names
        self.proposals = [item.named_by(roster) for item in found]

    @property
    def rehearsal(self) -> bool:
        """A dry run: it shows no earlier actions, topics or proposals, so it can change none of them."""
        return self.meeting.agenda.rehearsal

    def open_proposals(self) -> list[OpenProposal]:
        """Proposals for this agenda still open and not yet taken or declined by this meeting, oldest first."""
        if self.rehearsal:
            return []
        return [item for item in self.proposals if not self.meeting.proposal_handled(item.id)]

    def open_read(self) -> OpenActions | None:
        """The open actions of earlier minutes (how many, those read so far, the next page); None until the
        history is read, and in a rehearsal."""
        return None if self.earlier is None or self.rehearsal else self.earlier.open

    def open_actions(self) -> list[ActionItem]:
        """Open actions of earlier minutes read so far (:meth:`open_read`), oldest first, as they stand now."""
        found = self.open_read()
        return [state.item for state in found.states] if found is not None else []

    def parked_from_last_time(self) -> list[Parked]:
        """Topics the last meetings of this agenda parked, recently, and no meeting has picked up since.

        Only those within the repository's window (``parked_meetings``, ``parked_days``: by default the last
        meeting and 30 days); older ones stay parked (``meetingtui parked``). Each says where it came from;
        minutes saved before topics remembered that get it from their file.
        """
        # in the history worker, after the first frame
        from meetingtui.domain.parked_topics import offered_parked
        from meetingtui.store.parked_store import parked_window

        if self.earlier is None or self.rehearsal:
            return []
        window = parked_window(self.repo.settings)
        return [
            entry.item
            if entry.item.minutes_id
            else entry.item.model_copy(update={"minutes_id": entry.minutes, "agenda": self.meeting.agenda_name})
            for entry in offered_parked(self.earlier.recent, self.meeting.agenda_name, self.today(), window)
        ]

    def today(self) -> dt.date:
        return self.meeting.wall_now().date()

    def finish(self, ended_at: dt.datetime | None = None) -> Minutes:
        """End the meeting (journaled) and return its final minutes: the UI-thread half of a save.

        ``ended_at``: when ``q`` was pressed (the summary keeps it), else now. :meth:`write_and_commit` (in a
        worker) reads them while the meeting stays with the UI thread, without a copy: the minutes' lists and
        segment records are built for them, and the engine never changes a captured item in place (an edit or
        a renumbering puts a new item in its list), so what the meeting does next cannot reach them
        (tests/unit/test_save_minutes_unshared.py).
        """
        self.meeting.end(ended_at)
        return self.meeting.to_minutes()

    def write_and_commit(self, minutes: Minutes) -> SaveResult:
        """Write ``minutes`` as TOML + Markdown, drop the journal, then commit (never the network).

        The files are on disk before the journal goes and before git runs, so a git failure loses nothing:
        ``meetingtui commit`` commits them later. Runs in a worker; the caller keeps the result
        (:attr:`saved`) on its own thread. A rehearsal is never written to the history: see :meth:`end_rehearsal`.
        """
        if self.rehearsal:
            return self.end_rehearsal(minutes, keep=False)
        # Much is built and freed (collections took a sixth of its CPU); its threads wait in short calls (see both).
        with collector_paused(freeze=False), switching_often():
            return self._write_and_commit(minutes)

    def _write_and_commit(self, minutes: Minutes) -> SaveResult:
        from meetingtui.store.minutes_store import save_minutes  # the save's modules: not before the first frame
        from meetingtui.store.report_ahead import ReportAhead

        people: list[Path] = []
        report: list[ReportAhead] = []
        fresh = not self.newcomers or not (self.repo.root / PEOPLE_FILE).exists()  # all the commit's files: ours

        def ahead(upcoming: Upcoming) -> None:  # the file is chosen: the roster, then the report counting both
            with contextlib.suppress(InputError, OSError):  # a broken people.toml keeps out newcomers only
                people.extend(filter(None, [add_people(self.repo, self.newcomers)]))
            if self.options.commit:
                report.append(ReportAhead(self.repo.root, upcoming))

        try:
            written = save_minutes(self.repo, minutes, record=True, taken=self.remote_names, ahead=ahead)
            files = (*written.paths, *people)
            push_wanted = self.options.commit and self._wants_push()
            journal, self.journal = self.journal, None
            if journal is not None:
                journal.discard()  # the minutes are durable: nothing the journal holds can be lost now
        except BaseException:
            for running in report:
                running.wait()  # never left behind a failed save
            raise
        if not self.options.commit:
            return SaveResult(files=files, push_wanted=push_wanted)
        made = report[0] if report else None

        def saved() -> tuple[Path, ...]:  # "Saved in" names every file this save wrote, the regenerated report too
            if made is not None:
                made.wait()  # the history index's commit, which git's overlapped: no thread outlives the save
            return (*files, *(made.done() if made is not None else ()))  # after the commit, which may have failed

        try:
            commit = git.commit_files(
                self.repo.root,
                files,
                minutes.commit_subject(),
                timeout=self.repo.settings.commit_timeout,
                # people.toml too when the meeting added people: a save cut short after writing it commits it now
                optional=[self.repo.root / PEOPLE_FILE] if self.newcomers else [],
                awaited=made.awaited() if made is not None else None,  # REPORT.md: waited for once git has begun
                fresh=fresh,
            )
        except git.GitError as exc:
            stopped = isinstance(exc, git.Stopped)
            return SaveResult(files=saved(), push_wanted=push_wanted, git_error=str(exc), commit_stopped=stopped)
        except BaseException:
            with contextlib.suppress(Exception):  # REPORT.md still written (a bug of its own was raised already)
                saved()
            raise
        return SaveResult(files=saved(), commit=commit, push_wanted=push_wanted)

    def end_rehearsal(self, minutes: Minutes, *, keep: bool) -> SaveResult:
        """Drop a rehearsal's journal; with ``keep``, first write a copy to the per-user state folder (never git)."""
        from meetingtui.store.minutes_store import save_rehearsal_copy  # the save's: not before the first frame

        files = tuple(save_rehearsal_copy(self.repo, minutes).paths) if keep else ()
        journal, self.journal = self.journal, None
        if journal is not None:
            journal.discard()
        return SaveResult(files=files, rehearsal=True)

    def _wants_push(self) -> bool:
        from meetingtui.store.git.sync import wants_push  # at the save: not before the first frame

        return wants_push(self.repo.root, self.repo.settings, self.options.push)

    def push_saved(self, result: SaveResult) -> SaveResult:
        """Push the commit of ``result`` when one is pending; a failure is in the result (pending), never raised."""
        return self._push(result) if result.push_pending else result

    def _push(self, result: SaveResult) -> SaveResult:
        """Push within the repository's time limit; the outcome beside the commit, in a new result."""
        settings = self.repo.settings
        try:
            pushed = git.push(
                self.repo.root,
                remote=settings.remote,
                timeout=settings.push_timeout,
                minutes_dir=settings.minutes_dir,
                regenerate=regenerate_report,
            )
        except git.GitError as exc:
            landed = git.landed(self.repo.root, result.commit) if result.commit else None  # a rebase may move it
            return replace(
                result,
                commit=landed,
                push=PushOutcome.FAILED,
                push_message=f"not pushed: {exc.summary}",
                push_error=str(exc),
            )
        done = PushOutcome.OK
        result = replace(result, push=done, pushed=pushed.pushed, push_message=pushed.message, push_error=None)
        if pushed.head:
            result = replace(result, commit=pushed.head)  # our commit is the tip: the rebase gave it a new sha
        if pushed.renamed:  # another clone took our file names meanwhile: the same minutes, under new names
            names = (Path(p).relative_to(self.repo.root).as_posix() for p in result.files)
            result = replace(result, files=tuple(self.repo.root / pushed.renamed.get(n, n) for n in names))
        return result

    def close(self) -> None:
        """Leave the meeting resumable (quit without saving, SIGTERM, SIGHUP), even when the journal cannot be written.

        The last beat is best effort: a journal that cannot take it keeps the beat before, and is closed all the same.
        """
        if self.journal is not None:
            try:
                if self.meeting.running:
                    self.meeting.heartbeat()
            except JournalWriteError:
                pass  # the time since the last beat that reached the disk is all that is lost
            finally:
                self.journal.close()
