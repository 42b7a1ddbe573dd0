"""Reading minutes files into the history index's rows: one file at a time, or many on every core.

A file is read, keyed by its bytes (git's blob id, :func:`~meetingtui.store.history_index.content_key`), parsed,
validated into :class:`~meetingtui.domain.minutes.Minutes` and turned into rows (:mod:`history_rows`) — or into
the problems that make it unreadable. A cold index of a big repository parses every file: from
:data:`PARALLEL_FROM` files on, that work is split into chunks parsed by worker processes (fresh interpreters,
one per core), and their rows are merged in the order the files were listed, so the database holds exactly what
one process would have written. Any failure of the workers (none can start, one dies) means the files not yet
merged are parsed here: only time is lost, never an answer.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import subprocess
import sys
from pathlib import Path

from meetingtui.domain.errors import InputError
from meetingtui.domain.minutes import Minutes
from meetingtui.store.history_index import Result, content_key
from meetingtui.store.history_rows import Rows
from meetingtui.store.recent_writes import being_written, recall
from meetingtui.store.toml_io import MAX_TOML_BYTES, parse_model, read_model

PARALLEL_FROM = 2000
"""Files to parse from which worker processes share the work: each costs a fresh interpreter (~0.3 s CPU)."""

CHUNK = 500
"""Files per task handed to a worker (its rows come back in one message)."""

_HERE = False
"""A worker's answer for a file it leaves to the caller (unreadable, too large: told, never stored)."""


def parse_all(rows: Rows, root: Path, errors: dict[str, InputError], relatives: list[str]) -> dict[str, str | None]:
    """Read, validate and store the rows of each file (paths relative to ``root``, in the order given); the key each
    one's rows were stored under (``None``: gone, or told in ``errors`` and never stored)."""
    found: dict[str, str | None] = {}
    workers = _workers() if len(relatives) >= PARALLEL_FROM else 1
    if workers > 1:
        _in_processes(rows, root, relatives, workers, found)
    for relative in relatives:
        if relative not in found:
            found[relative] = parse_into(rows, root, errors, relative)
    return found


def parse_into(rows: Rows, root: Path, errors: dict[str, InputError], relative: str) -> str | None:
    """Read, validate and store one file's rows; the key they are stored under (``None``: gone or not storable)."""
    path = root / relative
    data = read_bytes(path)
    if not isinstance(data, bytes):
        if data is not None:
            errors[relative] = data
        return None
    if len(data) > MAX_TOML_BYTES:  # never stored: told again each time
        errors[relative] = parse(path, data)
        return None
    key = content_key(data)  # of the bytes parsed, not of the listing: the file may have changed since
    rows.add(key, parse(path, data))
    return key


def read_bytes(path: Path) -> bytes | InputError | None:
    """The bytes of a minutes file (a too-large file is cut just past the limit); ``None`` when it is gone."""
    early = being_written(path)  # a save's report: the save writes these very bytes there
    if early is not None:
        return early
    try:
        with path.open("rb") as handle:
            # Asked for as many bytes as the file holds: a read of the limit would allocate 5 MB for each file.
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, MAX_TOML_BYTES) + 1)
            if size < len(data) <= MAX_TOML_BYTES:  # it grew since: on to the limit, as if asked for at once
                data += handle.read(MAX_TOML_BYTES + 1 - len(data))
            return data
    except FileNotFoundError:
        return None  # deleted while we were listing
    except IsADirectoryError:
        return InputError(path, "is a folder, not a TOML file")
    except OSError as exc:  # a symlink loop, a permission problem
        return read_error(path, exc)


def read(path: Path) -> Result | None:
    """One file, read and validated without the index."""
    data = read_bytes(path)
    return parse(path, data) if isinstance(data, bytes) else data


def parse(path: Path, data: bytes) -> Result:
    """The minutes in ``data`` (the bytes of ``path``), or why they cannot be read."""
    known = recall(data)  # this process just wrote these very bytes (a save, then its report)
    if known is not None:
        return known
    try:
        if len(data) > MAX_TOML_BYTES:  # cut short by read_bytes: let the reader say how large the file is
            return read_model(path, Minutes)
        return parse_model(data, path, Minutes)
    except InputError as exc:
        return exc
    except RecursionError as exc:
        return read_error(path, exc)


def read_error(path: Path, exc: Exception) -> InputError:
    """The :class:`InputError` of a file that cannot be read."""
    return InputError(path, f"cannot be read: {getattr(exc, 'strerror', None) or exc}")


def _workers() -> int:
    """One worker per core, or none (1: this process alone) when the machine is very busy already.

    Measured on 2 cores, cold reads: at a 1-minute load average of ~3, 50,000 files took 42 s with workers
    against 50 s without; at ~8, 10,000 files took 33-35 s with them against 21-29 s without — with autogroup,
    Linux shares the processor between sessions, not processes, so on a saturated machine more processes only
    add their start-up and hand-over costs. Hence: workers unless the load average is twice the cores or more."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0] >= 2 * cores
    except (AttributeError, OSError):  # no load average (Windows)
        busy = False
    return 1 if busy else cores


def _in_processes(rows: Rows, root: Path, relatives: list[str], workers: int, found: dict) -> None:
    """Parse ``relatives`` in ``workers`` processes, merging each chunk's rows into ``rows`` in order and its keys
    into ``found``; stops quietly at the first chunk the workers fail to give (the caller parses the rest).

    Chunk ``i`` goes to worker ``i % workers``, which is handed its whole share on its standard input at once
    (read before it writes anything: no pipe can fill both ways) and answers one pickled chunk at a time."""
    chunks = [relatives[start : start + CHUNK] for start in range(0, len(relatives), CHUNK)]
    workers = min(workers, len(chunks))
    processes: list[subprocess.Popen] = []
    try:
        for _ in range(workers):
            processes.append(subprocess.Popen(_worker_argv(), env=_worker_env(), **_PIPES))
        for number, process in enumerate(processes):
            with process.stdin:
                pickle.dump((str(root), chunks[number::workers]), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        for number, chunk in enumerate(chunks):
            keys, tables, count = pickle.load(processes[number % workers].stdout)
            rows.merge(tables, count)
            found.update((relative, key) for relative, key in zip(chunk, keys, strict=True) if key is not _HERE)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return  # a worker that cannot start, died or said something else: the rest is parsed here
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()


_PIPES: dict = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}


def _worker_argv() -> list[str]:
    """A worker: this module run by the same interpreter (``-P``: nothing from the current folder)."""
    return [sys.executable, "-P", "-m", __name__]


def _worker_env() -> dict[str, str]:
    """The environment with this very package found first, whatever the current folder."""
    package_root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}


def parse_chunk(root: str, relatives: list[str]) -> tuple[list, dict[str, list[tuple]], int]:
    """A worker's task: the key of each file (or that the caller must read it), the rows, how many files added."""
    rows, keys, base = Rows(), [], Path(root)
    for relative in relatives:
        path = base / relative
        data = read_bytes(path)
        if isinstance(data, bytes) and len(data) <= MAX_TOML_BYTES:
            key = content_key(data)
            rows.add(key, parse(path, data))
            keys.append(key)
        else:
            keys.append(None if data is None else _HERE)
    return keys, rows.tables, rows.count


def main() -> None:
    """A worker: read (root, chunks) from standard input, write each chunk's answer as it is done."""
    gc.disable()  # like the caller: rows hold no cycles
    root, chunks = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for chunk in chunks:
        pickle.dump(parse_chunk(root, chunk), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


if __name__ == "__main__":
    main()
