"""Answers one git operation needs more than once and that only a change of configuration alters: the remotes, a
setting, the top of the work tree, the remote's default branch.

Within :func:`one_operation` (a sync, a push, a commit) :func:`~.run.run_git` asks git each of them once; outside
one, every time. A command that could change one of them (a ``config`` that sets, ``remote add``, ``init``,
``clone``, a ``push`` that may create the remote's first branch) forgets them all. A sync asked for the remotes
six times, the branch's upstream twice and the remote's default branch twice — a network round trip each.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

Answer = subprocess.CompletedProcess[str]

_answers: ContextVar[dict[tuple[str, ...], Answer] | None] = ContextVar("git_answers", default=None)

_FORGETTING = frozenset({"config", "remote", "init", "clone", "push", "submodule"})
"""Commands that may change a kept answer (a ``config --get`` or a bare ``remote`` is only asked, see :func:`_kept`)."""


@contextlib.contextmanager
def one_operation() -> Iterator[None]:
    """Keep the answers for the length of this block (nested blocks share the outer one's)."""
    if _answers.get() is not None:
        yield
        return
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


def recall(root: Path, args: tuple[str, ...], c_locale: bool) -> Answer | None:
    """The kept answer to ``git -C root args``, if any; forgets them all before a command that may change one."""
    answers = _answers.get()
    if answers is None:
        return None
    if _kept(args):
        return answers.get(_key(root, args, c_locale))
    if _command(args) in _FORGETTING:
        answers.clear()
    return None


def keep(root: Path, args: tuple[str, ...], c_locale: bool, answer: Answer) -> None:
    """Remember ``answer`` when it is one to keep: git answered (a missing setting is an answer too)."""
    answers = _answers.get()
    if (
        answers is not None
        and _kept(args)
        and (answer.returncode == 0 or (args[0] == "config" and answer.returncode == 1))
    ):
        answers[_key(root, args, c_locale)] = answer


def _kept(args: tuple[str, ...]) -> bool:
    match args:
        case ("remote",) | ("rev-parse", "--show-toplevel") | ("config", "--get", _):
            return True
        case ("ls-remote", "--symref", "--", _, "HEAD"):
            return True
    return False


def _command(args: tuple[str, ...]) -> str:
    """The git command in ``args``, past the global options (``-c NAME=VALUE`` takes the next word)."""
    words = iter(args)
    for word in words:
        if word == "-c":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""


def _key(root: Path, args: tuple[str, ...], c_locale: bool) -> tuple[str, ...]:
    return (str(root), "C" if c_locale else "", *args)
