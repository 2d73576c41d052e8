"""One audit: list the files, read each once, scan the text ones, judge every hit.

Reading is the only I/O. A file is skipped, and counted, when it is binary (a NUL byte in its
first 8 KiB, git's own test), larger than the cap (generated or minified, not hand-written
calls), a symbolic link (its target is scanned where it lives) or unreadable.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scraper.answers.audit.findings import Context, Finding, make_finding
from scraper.answers.audit.scan import ANCHORS, Hit, Resolve, scan_notebook, scan_text
from scraper.answers.audit.suppress import Suppression, directive_spans, inline_ignored
from scraper.answers.audit.walk import list_files

MAX_FILE_BYTES = 2_000_000
_BINARY_PROBE = 8192
_ANCHOR_BYTES = tuple(anchor.encode() for anchor in ANCHORS)
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
    """The file's bytes, or why it is not read (its size is checked before anything is read)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        return "symbolic link" if error.errno == errno.ELOOP else "unreadable"
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # a directory (a git submodule), a device, a FIFO
            return "unreadable"
        if info.st_size > cap:
            return "too large"
        # Asking one byte more than stat said shows the end in the same call.
        data = os.read(descriptor, info.st_size + 1)
        if len(data) > info.st_size:  # it grew since: read on, up to the cap
            data = _read_on(descriptor, data, cap)
    except OSError:
        return "unreadable"
    finally:
        os.close(descriptor)
    if len(data) > cap:
        return "too large"
    if b"\0" in data[:_BINARY_PROBE]:
        return "binary"
    return data


def _read_on(descriptor: int, start: bytes, cap: int) -> bytes:
    chunks, size = [start], len(start)
    while size <= cap and (chunk := os.read(descriptor, 65536)):
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
    if not any(anchor in data for anchor in _ANCHOR_BYTES):
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
        if not any(anchor in data for anchor in _ANCHOR_BYTES):  # most files: nothing more
            continue
        shown = display_path(path, job.cwd)
        found, quiet = judged(shown, data, job.resolve, job.context, job.suppression)
        findings += found
        silenced += quiet
    return _Share(tuple(findings), scanned, size, skipped, silenced)


# Above this many files, reading and scanning are spread over processes (one per core): below
# it, starting them costs more than they save (benchmarks/audit.py measures both).
PARALLEL_FROM = 4_000
_CHUNKS_PER_PROCESS = 4  # small enough that a core left with big files is not waited for
_worker_job: _Job | None = None  # a worker's job, inherited from the parent at fork


def _start_worker(job: _Job) -> None:
    global _worker_job  # set once in each worker, by the pool's initializer
    _worker_job = job
    # Ctrl-C is the parent's to handle (one `interrupted` line, exit 130): a worker would
    # print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _judge_in_worker(files: Sequence[str]) -> _Share:
    assert _worker_job is not None, "the pool's initializer sets the job"
    return _read_and_judge(files, _worker_job)


def _processes(files: int) -> int:
    """How many processes to read `files` files with: one per core above the threshold, where
    processes can be forked (the job, with its resolver, is inherited, never pickled)."""
    import multiprocessing

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if files < PARALLEL_FROM or (cores or 1) < 2:
        return 1
    return (cores or 1) if "fork" in multiprocessing.get_all_start_methods() else 1


def _shares(files: Sequence[str], job: _Job) -> list[_Share]:
    processes = _processes(len(files))
    if processes == 1:
        return [_read_and_judge(files, job)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(files) // (processes * _CHUNKS_PER_PROCESS))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(job,),
    )
    try:
        return list(pool.map(_judge_in_worker, chunks))
    finally:  # interrupted: the chunks not started are dropped, not read to the end
        pool.shutdown(wait=True, cancel_futures=True)


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
