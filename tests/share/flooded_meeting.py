"""A facilitator's process for the flood test: a meeting shared with followers, saved and committed on cue.

Run as ``python -m tests.share.flooded_meeting REPO`` with a low ``RLIMIT_NOFILE``. It prints one JSON line
when the follower page is served, then reads commands from stdin: ``save`` ends the meeting and saves and
commits it (printing what happened), ``quit`` stops sharing and exits.
"""

from __future__ import annotations

import json
import resource
import sys
import traceback
from pathlib import Path

from meetingtui.session import MeetingSession, SessionOptions
from meetingtui.share.sharing import Sharing
from meetingtui.store.agendas import resolve_agenda
from meetingtui.store.repo import MinutesRepo


def say(**facts: object) -> None:
    print(json.dumps(facts), flush=True)


def main(root: str) -> None:
    repo = MinutesRepo(Path(root))
    name, agenda = resolve_agenda("weekly-sync", repo)
    session = MeetingSession.new(repo, name, agenda, options=SessionOptions(commit=True))
    session.meeting.toggle()
    sharing = Sharing(session)
    sharing.start_server()
    sharing.attach()
    server = sharing.server
    say(
        port=server.port,
        token=server.token,
        followers=server.max_followers,
        connections=server.max_connections,
        limit=resource.getrlimit(resource.RLIMIT_NOFILE)[0],
    )
    for line in sys.stdin:
        command = line.strip()
        if command == "notes":
            session.meeting.set_notes(0, "Pipeline reviewed under a flood of idle connections.")
            say(notes=True)
        elif command == "save":
            try:
                result = session.write_and_commit(session.finish())
                say(ok=result.ok, commit=result.commit, error=result.git_error)
            except OSError:
                say(ok=False, commit=None, error=traceback.format_exc())
        elif command == "quit":
            break
    sharing.stop(wait=True)


if __name__ == "__main__":
    main(sys.argv[1])
