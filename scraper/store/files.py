"""Files written so that a run killed at any moment leaves either the old file or the new one,
and rewritten only when their bytes change (so a run that finds nothing new leaves `git status`
clean). Every file the project writes goes through here: snapshots, reports, caches, patches.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, name_durable: bool = True) -> None:
    """Write through a temporary file in the same directory, fsync, then rename over `path`.

    A run killed at any moment leaves either the old file or the new one, never a mix. With
    `name_durable=False` the caller fsyncs the directory itself (once for many files: see
    `write_changed`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; published files are read by others (web servers, CI).
        os.fchmod(handle, 0o666 & ~_UMASK)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
    if name_durable:
        _fsync_directory(path.parent)


def write_changed(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write each file whose bytes changed, atomically; returns those written.

    Each file's data is fsynced before its rename, always: a rename made durable before the
    data could leave the new name on an empty file after a crash, which is no longer atomic.
    Its directory is fsynced once, after every rename in it: until then a crash can only undo
    whole renames (each file old or new, never a mix), which a killed run already allows, so
    one fsync per directory makes the batch durable as surely as one per file did. Callers
    that need an order on disk (the event log before the snapshots) call this once per step.
    """
    changed = [(path, data) for path, data in files if _differs(path, data)]
    for path, data in changed:
        write_atomic(path, data, name_durable=False)
    for directory in dict.fromkeys(path.parent for path, _ in changed):
        _fsync_directory(directory)
    return [path for path, _ in changed]


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
