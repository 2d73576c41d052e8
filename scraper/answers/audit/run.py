"""One audit: list the files, read each once (answers/audit/reading.py), judge every hit.

Reading is the only I/O; judging the files that name the anchor is here: their ids scanned,
resolved, silenced where the user said so.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scraper.answers.audit.findings import Context, Finding, make_finding
from scraper.answers.audit.reading import Listed, Read, Skip, mentions_bytes, start_reading
from scraper.answers.audit.scan import Hit, Resolve, scan_notebook, scan_text
from scraper.answers.audit.spread import Spread, processes_for
from scraper.answers.audit.suppress import Suppression, directive_spans, inline_ignored

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
class _Verdicts:
    """What judging some files found, and how many findings the user silenced."""

    findings: tuple[Finding, ...]
    silenced: int


def _judge(named: Sequence[tuple[str, bytes]], job: _Job) -> _Verdicts:
    findings: list[Finding] = []
    silenced = 0
    for path, data in named:
        shown = display_path(path, job.cwd)
        found, quiet = judged(shown, data, job.resolve, job.context, job.suppression)
        findings += found
        silenced += quiet
    return _Verdicts(tuple(findings), silenced)


# From this many files naming the anchor left to judge once the reading is done on, judging
# them is spread over processes too (forked then, with the resolver): a tree of SDK code or
# docs, whose readers find files to judge faster than one process judges them.
JUDGE_PARALLEL_FROM = 1_000


def _judge_spread(named: Sequence[tuple[str, bytes]], job: _Job) -> list[_Verdicts]:
    processes = processes_for(len(named), JUDGE_PARALLEL_FROM)
    with Spread(functools.partial(_judge, job=job), named, processes, 8) as judging:
        return [*judging.own(), *judging.theirs()]


def finish(
    reading: Spread[str, Read], resolve: Resolve, context: Context, suppression: Suppression
) -> AuditResult:
    """The audit whose reading has begun: this process reads the files no reader has taken
    yet, and between its chunks judges the files that name the anchor, its own and those the
    readers sent; what is left to judge at the end is judged in one go."""
    job = _Job(resolve, context, suppression, str(Path.cwd()))
    reads: list[Read] = []
    verdicts: list[_Verdicts] = []
    listed = reading.note()
    assert isinstance(listed, Listed)  # what `start_reading` lists with
    for read in reading.own():
        arrived = reading.arrived()
        reads += [read, *arrived]
        named = [pair for each in (read, *arrived) for pair in each.named]
        verdicts.append(_judge(named, job))
    theirs = reading.theirs()
    reads += theirs
    verdicts += _judge_spread([pair for read in theirs for pair in read.named], job)
    skipped: Counter[Skip] = Counter()
    for read in reads:
        skipped.update(read.skipped)
    return AuditResult(
        tuple(in_place_order([f for verdict in verdicts for f in verdict.findings])),
        sum(read.scanned for read in reads),
        sum(read.size for read in reads),
        dict(sorted(skipped.items())),
        listed.method,
        listed.excluded,
        sum(verdict.silenced for verdict in verdicts),
    )


def audit(
    paths: Sequence[Path],
    resolve: Resolve,
    context: Context,
    suppression: Suppression = NOTHING_SUPPRESSED,
) -> AuditResult:
    """Every finding under `paths`, in reading order; large trees read in several processes."""
    with start_reading(paths, suppression) as reads:
        return finish(reads, resolve, context, suppression)
