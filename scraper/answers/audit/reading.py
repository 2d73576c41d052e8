"""Reading the files of an audit: each read once, kept only when it names the anchor.

This module is the whole of what the reading processes need, and light on purpose (the
standard library and StringZilla): a large audit forks its readers before it imports the
resolver, the ids and models.json (#29), which only judging the few files that name a
model needs.

A file is skipped, and counted, when it is binary (a NUL byte in its first 8 KiB, git's own
test), larger than the cap (generated or minified, not hand-written calls), a symbolic link
(its target is scanned where it lives) or unreadable.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import stringzilla

from scraper.answers.audit.spread import Spread, processes_for
from scraper.answers.audit.suppress import Suppression
from scraper.answers.audit.walk import iter_files, method

MAX_FILE_BYTES = 2_000_000
_FIRST_READ = 65536
_BINARY_PROBE = 8192
# Never follow a link (it is scanned where it lives); never wait: a FIFO opened for reading
# would block until something writes to it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
Skip = Literal["binary", "too large", "symbolic link", "unreadable"]

ANCHOR = "claude"
# The anchor as code writes it: ids in lower case, SDK constants in upper (`Claude-2.1`
# capitalised is a name in prose).
ANCHORS = (ANCHOR, ANCHOR.upper())
_LOWER_BYTES, _UPPER_BYTES = (anchor.encode() for anchor in ANCHORS)


def mentions_bytes(data: bytes) -> bool:
    """Whether a file's raw bytes may hold an id, before any decoding: the anchor in one of
    the cases code writes it in. Most files of a tree stop here, so it is StringZilla's SIMD
    search: bytes' own `in` goes at a seventh of its pace."""
    found: bool = stringzilla.contains(data, _LOWER_BYTES) or stringzilla.contains(
        data, _UPPER_BYTES
    )
    return found


def read_file(path: str | os.PathLike[str], cap: int = MAX_FILE_BYTES) -> bytes | Skip:
    """The file's bytes, or why it is not read.

    The first read asks for 64 KiB: a shorter answer is the whole of a regular file (most
    files), known without an fstat (which cost a tenth of a large audit's CPU). An empty or a
    full answer asks what the file is and how big: a FIFO or a device is unreadable (with
    nothing written to it at that moment: a pipe being written to is read as it is), and a
    file over the cap is not read further."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return "symbolic link" if error.errno == errno.ELOOP else "unreadable"
    try:
        first = os.read(descriptor, _FIRST_READ)
        data = first if 0 < len(first) < _FIRST_READ else _read_rest(descriptor, first, cap)
    except OSError:
        return "unreadable"
    finally:
        os.close(descriptor)
    if isinstance(data, str):
        return data
    if len(data) > cap:
        return "too large"
    if data.find(b"\0", 0, _BINARY_PROBE) >= 0:  # no copy of the probe
        return "binary"
    return data


def _read_rest(descriptor: int, start: bytes, cap: int) -> bytes | Skip:
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):  # a directory (a git submodule), a device, a FIFO
        return "unreadable"
    if info.st_size > cap:
        return "too large"
    chunks, size = [start], len(start)
    while start and size <= cap and (chunk := os.read(descriptor, _FIRST_READ)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class Read:
    """What reading some files found: how many were read (and their bytes), how many were
    skipped and why, and the bytes of those that name the anchor (path as listed), which
    alone are judged."""

    scanned: int
    size: int
    skipped: Counter[Skip]
    named: tuple[tuple[str, bytes], ...]


def read_files(paths: Sequence[str]) -> Read:
    skipped: Counter[Skip] = Counter()
    named = []
    scanned = size = 0
    for path in paths:
        data = read_file(path)
        if isinstance(data, str):
            skipped[data] += 1
            continue
        scanned += 1
        size += len(data)
        if mentions_bytes(data):  # most files: nothing more
            named.append((path, data))
    return Read(scanned, size, skipped, tuple(named))


# From this many files on, reading is spread over processes (one per core): below it, forking
# costs more than it saves (benchmarks/audit.py measures both).
PARALLEL_FROM = 4_000
# Files a reading process takes at a time: well under a millisecond of work each, so that the
# processes end within that of each other.
CHUNK_FILES = 32


@dataclass(frozen=True, slots=True)
class Listed:
    """How the files were chosen, and how many the user left out."""

    method: str  # git, gitignore, files
    excluded: int  # files left out by --exclude or the configuration


@contextlib.contextmanager
def start_reading(paths: Sequence[Path], leave_out: Suppression) -> Iterator[Spread[str, Read]]:
    """The files under `paths` (those `leave_out` excludes left out) listed and read. From
    PARALLEL_FROM files on, where processes can be forked, the rest of the listing is left to
    a child, which goes on from where this process stopped while this one loads what judging
    needs, and the files are read in one process per core (the lister one of them);
    `Spread.note()` is then their `Listed`. The processes not collected on leaving the
    context are ended."""
    methods: set[str] = set()
    found = iter_files(paths, methods)
    first = list(itertools.islice(found, PARALLEL_FROM))

    def listing() -> tuple[list[str], Listed]:
        every = first + list(found)  # the rest, in whichever process lists it
        files = [path for path in every if not leave_out.excludes(path)]
        return files, Listed(method(methods), len(every) - len(files))

    more = len(first) == PARALLEL_FROM
    processes = processes_for(PARALLEL_FROM, PARALLEL_FROM) if more else 1
    with Spread.listed(read_files, listing, processes, CHUNK_FILES, PARALLEL_FROM) as reads:
        yield reads
