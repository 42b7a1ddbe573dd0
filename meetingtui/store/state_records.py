"""Small per-user records beside the journals: what a save wrote, and which repository a journal belongs to."""

from __future__ import annotations

import json
from pathlib import Path

from meetingtui.store.digests import sha256
from meetingtui.store.files import atomic_write_text

INDEX_NAME = "repository.json"
WRITTEN_NAME = "written.json"
WRITTEN_KEEP = 50
"""How many saves :func:`record_write` remembers (only a save cut short by a crash ever needs one)."""


def record_write(folder: Path, path: Path, data: bytes) -> None:
    """Remember, before writing ``data`` to ``path``, that this meeting's save is what will be there.

    A save cut short by a crash is resumed and saved again: the file then holds our own
    content, which :func:`written_by_us` recognises, while any other content is someone else's.
    What the file holds now stays recognised while it is ours: a crash between this record and the
    write leaves it there, and so may the next save's crash, and the next (the content a save before
    those wrote, not merely the one recorded last).
    """
    written = _read_written(folder)
    key = _key(path)
    now = _digest(path)
    kept = [digest for digest in written.pop(key, []) if digest == now]
    written[key] = [sha256(data).hexdigest(), *kept]
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / WRITTEN_NAME, json.dumps(dict(list(written.items())[-WRITTEN_KEEP:]), indent=1))


def written_by_us(folder: Path, path: Path) -> bool:
    """True when ``path`` holds what a save recorded with :func:`record_write` put there (or was about to)."""
    digests = _read_written(folder).get(_key(path))
    return bool(digests) and _digest(path) in digests


def _digest(path: Path) -> str | None:
    try:
        return sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _key(path: Path) -> str:
    """The same file named the same way, however the repository's path was spelt."""
    return str(Path(path).resolve())


def _read_written(folder: Path) -> dict[str, list[str]]:
    try:
        written = json.loads((folder / WRITTEN_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(written, dict):
        return {}
    # Records of earlier releases hold one digest, not a list.
    return {str(k): [str(d) for d in (v if isinstance(v, list) else [v])] for k, v in written.items()}


def register(folder: Path, root: Path) -> None:
    """Note in ``folder`` (a repository's state folder) which repository its journals belong to.

    Each state folder holds its own entry of the per-user journal index, written atomically:
    windows of different repositories never rewrite a shared file.
    """
    path = folder / INDEX_NAME
    text = json.dumps({"root": str(root)}, ensure_ascii=False)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


def registered_root(folder: Path) -> Path | None:
    """The repository whose journals ``folder`` holds, as :func:`register` noted it (``None``: not noted)."""
    try:
        root = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8")).get("root")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(root) if isinstance(root, str) and root else None
