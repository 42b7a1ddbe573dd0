"""What a save did, in words: the summary's result lines and the farewell the terminal shows after the app ends."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from rich.text import Text

from meetingtui.domain.minutes import ActionUpdate
from meetingtui.domain.terminal_text import visible
from meetingtui.session import PushOutcome, SaveResult
from meetingtui.store.git.run import retry_hint, sync_hint


def update_line(update: ActionUpdate, owner: str | None) -> Text:
    """An earlier action's update as the summary lists it: its text (or id), its owner, the mark, a new owner."""
    text = Text("  • ")
    text.append(visible(update.text or update.id))
    text.append(visible(f" — {owner or 'nobody'}"), style="dim")
    text.append(f" → {update.status.value}", style="bold")
    if update.owner:
        text.append(visible(f", owner now {update.owner}"))
    return text


class SavePhase(StrEnum):
    """What the summary's save is doing."""

    IDLE = "idle"
    """Not saving (not yet, or done)."""
    COMMIT = "commit"
    """Writing the files and committing them."""
    PUSH = "push"
    """Pushing the commit."""


def save_report(
    result: SaveResult,
    root: Path,
    phase: SavePhase = SavePhase.IDLE,
    *,
    has_remote: bool = True,
    remote: str = "origin",
) -> Text:
    """Where the minutes went: the repository, the files, the commit, and the push on its own line."""
    if result.rehearsal:
        return Text("\n" + rehearsal_line(result), style="bold green").append("\n\nPress q to quit.", style="bold")
    root = Path(root).resolve()
    text = Text("\nSaved in ", style="bold green").append(str(root), style="bold").append("\n")
    for path in result.files:
        try:
            shown = str(Path(path).resolve().relative_to(root))
        except ValueError:
            shown = str(path)
        text.append(f"  {shown}\n")
    if result.commit:
        text.append(f"Committed {result.commit[:7]}\n", style="bold green")
        text.append_text(push_line(result, root, pushing=phase is SavePhase.PUSH, has_remote=has_remote, remote=remote))
    elif result.git_error:
        text.append("Not committed — git said:\n", style="bold red")
        text.append(visible(result.git_error, keep_newlines=True) + "\n")
        text.append("The files are safe on disk; `meetingtui commit` commits them once that is fixed.", style="bold")
    else:
        text.append("Not committed (--no-commit).", style="dim")
    if phase is not SavePhase.PUSH:
        text.append("\n\nPress q to quit.", style="bold")
    return text


def rehearsal_line(result: SaveResult) -> str:
    """How a rehearsal ended: discarded, or kept aside (where); never in the history either way."""
    if not result.files:
        return "Rehearsal discarded: nothing was saved or committed."
    toml_path, md_path = (Path(path) for path in result.files)
    return (
        f"Rehearsal kept outside the history (never committed, never counted): {toml_path.parent}"
        f"\n  {toml_path.name}\n  {md_path.name}"
    )


def push_line(
    result: SaveResult, root: Path, *, pushing: bool = False, has_remote: bool = True, remote: str = "origin"
) -> Text:
    """The push's outcome: pushed, failed (what git said, how to fix it), pending, or not asked for."""
    sync = sync_hint(root)
    if pushing:
        return Text(f"Pushing to {remote}… (q quits now: the commit is kept, the push stays pending)", style="bold")
    if result.push is PushOutcome.OK and result.push_message:
        return Text(result.push_message[:1].upper() + result.push_message[1:], style="bold green")
    if result.push is PushOutcome.FAILED:
        text = Text("Not pushed — the commit is safe here, the push pending:\n", style="bold yellow")
        text.append(visible(result.push_error or result.push_message or "", keep_newlines=True) + "\n")
        return text.append(f"{sync} pushes it; it is offered again at the next start.", style="bold")
    if result.push_wanted:
        return Text(f"Not pushed: run {sync}.", style="bold yellow")
    if not has_remote:
        return Text("No remote: the minutes stay in this repository.", style="dim")
    return Text(f"Not pushed (push is off): {sync} shares it with the team.", style="dim")


def farewell(result: SaveResult, root: Path, remote: str = "origin") -> str:
    """What a save did, in plain lines for the terminal after the app has ended.

    A commit the remote lacks (push off, failed or abandoned) makes the last line say so and name the command
    that sends it: the shell is what the facilitator reads last.
    """
    if result.rehearsal:
        return rehearsal_line(result)
    lines = [f"Minutes saved in {Path(root).resolve()}: " + ", ".join(Path(path).name for path in result.files)]
    if result.commit:
        lines.append(f"Committed {result.commit[:7]}.")
        if result.push_abandoned:
            lines.append(f"Not pushed (quit during the push): run {sync_hint(root)}.")
        elif result.push is PushOutcome.FAILED:
            summary = (result.push_message or "not pushed").removeprefix("not pushed: ")
            lines.append(f"Not pushed: {summary}. {sync_hint(root)} pushes it.")
        elif result.push_wanted:
            lines.append(push_line(result, root).plain.splitlines()[0])
        elif _has_remote(root, remote):
            lines.append(f"Not pushed (push is off): run {sync_hint(root)} to share the minutes with the team.")
    elif result.commit_stopped:
        lines.append(f"Not committed (quit during the commit): run {retry_hint(root, push=result.push_wanted)}.")
    elif result.git_error:
        lines.append("Not committed: " + result.git_error.splitlines()[0])
    return "\n".join(lines)


def _has_remote(root: Path, remote: str) -> bool:
    # on use: the sync code only when the report asks about a remote
    from meetingtui.store.git.run import GitError
    from meetingtui.store.git.sync import has_remote

    try:
        return has_remote(Path(root), remote)
    except (GitError, OSError):
        return True  # the hint is safe either way: sync says when there is no remote
