"""The one rule for text that reaches a terminal, and for text a person may put in a shared file.

Minutes, proposals and git's output are written by teammates; an escape sequence in them
(``ESC ] 0 ; … BEL`` sets the title, ``ESC [ 2J`` clears the screen, OSC 52 writes the
clipboard, ``\\x9b`` is CSI in one byte) would act on a colleague's terminal when a command or
the screen shows it, and a bidi override can hide or reorder what is read. Every value shown
goes through :func:`visible`; files keep what was written, as data.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
"""Characters a terminal may act on or that hide text: C0, DEL, C1 and the bidi embeddings, overrides and isolates."""

_UNSAFE_IN_PROSE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""The same, where a newline or a tab is layout (notes, descriptions, a message of several lines)."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's control pictures: ␛ ␇ ␀ ␍ …
    # The rest have no picture. As JSON's escape, a JSON text made visible still reads back the same.
    return f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown instead of acted on: ``ESC`` as ``␛``, ``\\x9b`` as ``\\u009b``.

    Idempotent, and lossless on JSON text (JSON escapes C0 itself; the rest become JSON escapes).

    ``keep_newlines`` leaves newlines and tabs as they are, for text laid out on several lines.
    """
    pattern = _UNSAFE_IN_PROSE if keep_newlines else UNSAFE
    return pattern.sub(_picture, text)


def control_problem(text: str, keep_newlines: bool = False) -> str | None:
    """Why ``text`` cannot be kept (it holds a control character), with the value shown escaped; None if it can."""
    pattern = _UNSAFE_IN_PROSE if keep_newlines else UNSAFE
    found = pattern.search(text)
    if found is None:
        return None
    name = "a NUL byte" if found.group() == "\x00" else f"the control character {_picture(found)}"
    return f"holds {name} (at character {found.start() + 1}), that a terminal acts on or that hides text — remove it"


def no_controls(value: object, keep_newlines: bool = False) -> object:
    """A pydantic check for files people write (agendas, people, settings): no control character in a string
    or a list of strings (see :func:`control_problem`); ``keep_newlines`` for prose such as a description."""
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        problem = control_problem(item, keep_newlines) if isinstance(item, str) else None
        if problem:
            raise ValueError(f"item {index + 1} {problem}" if isinstance(value, list) else problem)
    return value


def no_nul(value: object) -> object:
    """A pydantic check for records (minutes, proposals): a NUL cannot reach git, a file name or a commit message.

    Other control characters are data there, shown with :func:`visible`.
    """
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"holds a NUL byte (at character {value.index(chr(0)) + 1}) — remove it")
    return value
