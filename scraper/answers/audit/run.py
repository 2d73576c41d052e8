"""One audit: list the files, read each once, scan the text ones, judge every hit.

Reading is the only I/O. A file is skipped, and counted, when it is binary (a NUL byte in its
first 8 KiB, git's own test), larger than the cap (generated or minified, not hand-written
calls), a symbolic link (its target is scanned where it lives) or unreadable.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scraper.answers.audit.findings import Context, Finding, make_finding
from scraper.answers.audit.scan import Hit, Resolve, mentions_bytes, scan_notebook, scan_text
from scraper.answers.audit.spread import can_fork, cores, spread
from scraper.answers.audit.suppress import Suppression, directive_spans, inline_ignored
from scraper.answers.audit.walk import list_files

MAX_FILE_BYTES = 2_000_000
_FIRST_READ = 65536
_BINARY_PROBE = 8192
# Never follow a link (it is scanned where it lives); never wait: a FIFO opened for reading
# would block until something writes to it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
Skip = Literal["binary", "too large", "symbolic link", "unreadable"]
NOTHING_SUPPRESSED = Suppression()


@dataclass(frozen=True, slots=True)
class AuditResult:
    findings: tuple[Finding, ...]
    files_scanned: int
    bytes_scanned: int
    skipped: dict[Skip, int]
    listing: str  # how the files were chosen: git, gitignore, files
    excluded: int = 0  # files left out by --exclude or the configuration
    suppressed: int = 0  # findings silenced by a comment or the configuration's `ignore`


def read_file(path: str | Path, cap: int = MAX_FILE_BYTES) -> bytes | Skip:
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


def display_path(path: str, cwd: str) -> str:
    """Relative to the current directory when inside it (as code scanning wants), else as is."""
    absolute = os.path.abspath(path)  # noqa: PTH100  (no symlinks resolved: paths as listed)
    if absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    return Path(path).as_posix()


def hits_in(path: str, text: str, resolve: Resolve) -> list[Hit]:
    if path.endswith(".ipynb"):
        found = scan_notebook(text, resolve)
        if found is not None:
            return found
    return scan_text(text, resolve)


def judged(
    path: str, data: bytes, resolve: Resolve, context: Context, suppression: Suppression
) -> tuple[list[Finding], int]:
    """The findings in one file's bytes, `path` as it is shown (and read: `.ipynb` is a
    notebook), and how many of them the user silenced (a `deprecations: ignore` comment on
    their line, an id the configuration ignores)."""
    if not mentions_bytes(data):
        return [], 0
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines()
    kept, silenced = [], 0
    for hit in hits_in(path, text, resolve):
        line = lines[hit.line - 1] if hit.line <= len(lines) else ""
        if any(start < hit.column <= end for start, end in directive_spans(line)):
            continue  # an id named by the comment itself
        finding = make_finding(path, hit, context)
        if finding is None:
            continue
        names = (finding.text, finding.model)
        if suppression.ignored.intersection(names) or inline_ignored(line, names):
            silenced += 1
        else:
            kept.append(finding)
    return kept, silenced


def findings_in(path: str, data: bytes, resolve: Resolve, context: Context) -> list[Finding]:
    """What the audit reports for a file, and the MCP server for a snippet (its inline
    `deprecations: ignore` comments heeded)."""
    return judged(path, data, resolve, context, NOTHING_SUPPRESSED)[0]


def in_place_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.column))


@dataclass(frozen=True, slots=True)
class _Job:
    """What judging a file needs, the same for every file of one audit."""

    resolve: Resolve
    context: Context
    suppression: Suppression
    cwd: str


@dataclass(frozen=True, slots=True)
class _Share:
    """What reading some of the files found."""

    findings: tuple[Finding, ...]
    scanned: int
    size: int
    skipped: Counter[Skip]
    silenced: int


def _read_and_judge(files: Sequence[str], job: _Job) -> _Share:
    findings: list[Finding] = []
    skipped: Counter[Skip] = Counter()
    scanned = size = silenced = 0
    for path in files:
        data = read_file(path)
        if isinstance(data, str):
            skipped[data] += 1
            continue
        scanned += 1
        size += len(data)
        if not mentions_bytes(data):  # most files: nothing more
            continue
        shown = display_path(path, job.cwd)
        found, quiet = judged(shown, data, job.resolve, job.context, job.suppression)
        findings += found
        silenced += quiet
    return _Share(tuple(findings), scanned, size, skipped, silenced)


# Above this many files, reading and scanning are spread over processes (one per core): below
# it, forking costs more than it saves (benchmarks/audit.py measures both).
PARALLEL_FROM = 4_000


def _processes(files: int) -> int:
    """How many processes to read `files` files with: one per core above the threshold, where
    processes can be forked (the job, with its resolver, is inherited, never pickled)."""
    if files < PARALLEL_FROM or not can_fork():
        return 1
    return cores()


def _shares(files: Sequence[str], job: _Job) -> list[_Share]:
    processes = _processes(len(files))
    if processes == 1:
        return [_read_and_judge(files, job)]
    return spread(functools.partial(_read_and_judge, job=job), files, processes)


def audit(
    paths: Sequence[Path],
    resolve: Resolve,
    context: Context,
    suppression: Suppression = NOTHING_SUPPRESSED,
) -> AuditResult:
    """Every finding under `paths`, in reading order; large trees read in several processes."""
    listing = list_files(paths)
    files = [path for path in listing.files if not suppression.excludes(path)]
    shares = _shares(files, _Job(resolve, context, suppression, str(Path.cwd())))
    skipped: Counter[Skip] = Counter()
    for share in shares:
        skipped.update(share.skipped)
    return AuditResult(
        tuple(in_place_order([f for share in shares for f in share.findings])),
        sum(share.scanned for share in shares),
        sum(share.size for share in shares),
        dict(skipped),
        listing.method,
        len(listing.files) - len(files),
        sum(share.silenced for share in shares),
    )
