"""Files written so that a run killed at any moment leaves either the old file or the new one,
and rewritten only when their bytes change (so a run that finds nothing new leaves `git status`
clean). Every file the project writes goes through here: snapshots, reports, caches, patches.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_WRITERS = 8  # fsyncs waiting at once: enough for the disk to take them in one flush


def write_atomic(path: Path, data: bytes, *, name_durable: bool = True) -> None:
    """Write through a temporary file in the same directory, fsync, then rename over `path`.

    A run killed at any moment leaves either the old file or the new one, never a mix. With
    `name_durable=False` the caller fsyncs the directory itself (once for many files: see
    `write_changed`).
    """
    _replace([(path, write_temporary(path, data))])
    if name_durable:
        _fsync_directory(path.parent)


def write_temporary(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path`, fsynced: ready to be renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; published files are read by others (web servers, CI).
        os.fchmod(handle, 0o666 & ~_UMASK)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        _remove(Path(temporary))
        raise
    return Path(temporary)


def _replace(renames: Sequence[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its target, in order; on a failure, the temporary
    files not renamed yet are removed (the targets renamed so far stay new)."""
    for done, (path, temporary) in enumerate(renames):
        try:
            temporary.replace(path)
        except BaseException:
            for _, left in renames[done:]:
                _remove(left)
            raise


def write_changed(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write each file whose bytes changed, atomically; returns those written.

    Each file's data is fsynced before its rename, always: a rename made durable before the
    data could leave the new name on an empty file after a crash, which is no longer atomic.
    Its directory is fsynced once, after every rename in it: until then a crash can only undo
    whole renames (each file old or new, never a mix), which a killed run already allows, so
    one fsync per directory makes the batch durable as surely as one per file did. Callers
    that need an order on disk (the event log before the snapshots) call this once per step.

    The temporary files are written and fsynced side by side, all before the first rename:
    the disk takes fsyncs that wait together in one journal flush, not one after another (a
    first run's 60 files: a third of the time), and the renames keep the order of `files`.
    """
    changed = [(path, data) for path, data in files if _differs(path, data)]
    _replace(list(zip((path for path, _ in changed), _temporaries(changed), strict=True)))
    for directory in dict.fromkeys(path.parent for path, _ in changed):
        _fsync_directory(directory)
    return [path for path, _ in changed]


def _temporaries(files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """A temporary file for each, written side by side; none left behind if one fails."""
    if len(files) <= 1:
        return [write_temporary(path, data) for path, data in files]
    with ThreadPoolExecutor(max_workers=min(_WRITERS, len(files))) as writers:
        futures = [writers.submit(write_temporary, path, data) for path, data in files]
    failed = [error for future in futures if (error := future.exception()) is not None]
    if failed:
        for future in futures:
            if future.exception() is None:
                _remove(future.result())
        raise failed[0]
    return [future.result() for future in futures]


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except FileNotFoundError:
        return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _umask()


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` atomically unless the file already holds exactly it. True if written."""
    return bool(write_changed([(path, data)]))
