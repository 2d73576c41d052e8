"""The findings as text for a terminal, JSON for scripts, and a pull-request body.

Every value the page gives is cited: the page's URL and the snapshot it was read from (the
SHA-256 of the page the tracker stored, and the day it last saw the page change). A catalogue
is someone else's file: its keys, names and providers reach the terminal through the terminal
sink, and the pull-request body as GitHub text (no mention or reference from the data).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from scraper.answers.catalog.catalogue import Catalogue
from scraper.answers.catalog.check import (
    KINDS,
    PLATFORM_NAMES,
    PROBLEMS,
    Finding,
    FindingKind,
    PageFact,
)
from scraper.records import dumps
from scraper.sinks import github_code, github_text, markdown_cell, safe_url, terminal_text

KIND_TITLES: dict[FindingKind, str] = {
    "unresolved": "unresolved",
    "retired_still_listed": "retired, listed as available",
    "date_mismatch": "date disagrees",
    "missing_date": "date missing",
    "status_mismatch": "status disagrees",
    "unconfirmed": "date the page cannot confirm",
    "unchecked": "not checked",
    "consistent": "consistent",
}


@dataclass(frozen=True, slots=True)
class PageSnapshot:
    """Which stored copy of a page a value came from."""

    url: str
    sha256: str | None  # of the page as the tracker last stored it (state.json)


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    models: str  # the models.json the facts were read from
    seen: dt.date | None  # the newest change the tracker recorded (events.json)
    pages: Mapping[str, PageSnapshot]  # page URL → its stored copy


@dataclass(frozen=True, slots=True)
class Report:
    catalogue: Catalogue
    findings: tuple[Finding, ...]
    snapshot: SnapshotRef

    def counts(self) -> dict[FindingKind, int]:
        found = Counter(finding.kind for finding in self.findings)
        return {kind: found[kind] for kind in KINDS}

    def resolved(self) -> int:
        return sum(1 for finding in self.findings if finding.model is not None)

    def has_problems(self) -> bool:
        return any(finding.kind in PROBLEMS for finding in self.findings)


def page_value(fact: PageFact | None) -> str:
    """What the page says, in a few words: `retired 2026-02-19`, `not sooner than 2027-05-28`."""
    if fact is None:
        return "-"
    status = fact.status or "offered"
    if fact.stops_on is not None:
        return (
            f"{status}, retires {fact.stops_on}"
            if status != "retired"
            else f"retired {fact.stops_on}"
        )
    if fact.not_before is not None:
        return f"{status}, not sooner than {fact.not_before}"
    if status == "deprecated" and fact.deprecated_on is not None:
        return f"deprecated {fact.deprecated_on}, retirement date not announced"
    return status


def _title(catalogue: Catalogue) -> str:
    version = f" {catalogue.version}" if catalogue.version else ""
    return f"{catalogue.name}{version}"


def summary_line(report: Report) -> str:
    counts = report.counts()
    parts = ", ".join(f"{counts[kind]} {KIND_TITLES[kind]}" for kind in KINDS if counts[kind])
    total, resolved = len(report.findings), report.resolved()
    entries = "entry" if total == 1 else "entries"
    return f"{_title(report.catalogue)}: {total} Claude {entries}, {resolved} resolved: {parts}"


def render_text(report: Report) -> str:
    """One line per finding that needs a look, then the counts."""
    lines = []
    for finding in sorted(report.findings, key=lambda f: (KINDS.index(f.kind), f.key)):
        if finding.kind not in PROBLEMS and finding.kind != "unconfirmed":
            continue
        model = f" ({finding.model})" if finding.model else ""
        fix = f"; fix: {finding.fix}" if finding.fix else ""
        now = finding.catalogue if finding.catalogue is not None else "-"
        lines.append(
            terminal_text(
                f"{finding.key}{model}: {finding.kind}: {finding.note} "
                f"[catalogue: {now}; page: {page_value(finding.page)}{fix}]"
            )
        )
    lines.append(terminal_text(summary_line(report)))
    return "\n".join(lines) + "\n"


def _fact_json(fact: PageFact | None) -> dict[str, Any] | None:
    if fact is None:
        return None
    return {
        "platform": fact.platform,
        "status": fact.status,
        "stops_on": fact.stops_on.isoformat() if fact.stops_on else None,
        "not_before": fact.not_before.isoformat() if fact.not_before else None,
        "url": fact.url,
    }


def render_json(report: Report) -> str:
    catalogue, snapshot = report.catalogue, report.snapshot
    document: dict[str, Any] = {
        "catalogue": {
            "name": catalogue.name,
            "source": catalogue.source,
            "version": catalogue.version,
            "claude_entries": len(catalogue.entries),
            "other_entries": catalogue.other_entries,
        },
        "snapshot": {
            "models": snapshot.models,
            "seen": snapshot.seen.isoformat() if snapshot.seen else None,
            "pages": {url: page.sha256 for url, page in snapshot.pages.items()},
        },
        "summary": {"resolved": report.resolved(), **report.counts()},
        "findings": [
            {
                "key": f.key,
                "kind": f.kind,
                "provider": f.provider,
                "platform": f.platform,
                "model": f.model,
                "catalogue": f.catalogue,
                "page": _fact_json(f.page),
                "fix": f.fix.isoformat() if f.fix else None,
                "note": f.note,
            }
            for f in report.findings
        ],
    }
    return dumps(document)


def _cited(finding: Finding, notes: Mapping[str, int]) -> str:
    value = github_text(page_value(finding.page))
    return f"{value}[^{notes[finding.page.url]}]" if finding.page else value


def _provider_table(findings: Sequence[Finding], notes: Mapping[str, int], field: str) -> list[str]:
    lines = [
        f"| Entry | Model | Finding | {markdown_cell(github_code(field))} now | The page says "
        "| Change |",
        "|---|---|---|---|---|---|",
    ]
    for f in findings:
        now = github_code(f.catalogue) if f.catalogue is not None else "none"
        change = f"set to `{f.fix}`" if f.fix else "-"
        model = github_code(f.model) if f.model else "-"
        lines.append(
            f"| {markdown_cell(github_code(f.key))} | {markdown_cell(model)} | "
            f"{KIND_TITLES[f.kind]} | {markdown_cell(now)} | {markdown_cell(_cited(f, notes))} "
            f"| {change} |"
        )
    return lines


def _group(finding: Finding) -> str:
    platform = PLATFORM_NAMES[finding.platform] if finding.platform else "unknown platform"
    return f"{finding.provider or 'no provider'} ({platform})"


def _footnotes(report: Report, notes: Mapping[str, int]) -> list[str]:
    seen = report.snapshot.seen
    lines = []
    for url, number in notes.items():
        stored = report.snapshot.pages.get(url)
        sha = f", page SHA-256 `{stored.sha256[:12]}`" if stored and stored.sha256 else ""
        day = f", last changed {seen}" if seen else ""
        link = safe_url(url)
        where = f"<{link}>" if link else github_text(url)
        models = github_code(report.snapshot.models)
        lines.append(f"[^{number}]: {where} (snapshot {models}{sha}{day})")
    return lines


def _verdict(fixes: int, findings: int) -> str:
    if not findings:
        return "Nothing to change: every entry checked agrees with the pages."
    if not fixes:
        return "No date to set from the pages: the findings below need a maintainer's look."
    return f"This change sets {fixes} date{'s' if fixes != 1 else ''} from the page."


def render_markdown(report: Report) -> str:
    """A pull-request body: what to change, a table per provider, every value cited."""
    problems = [f for f in report.findings if f.kind in PROBLEMS and f.kind != "unresolved"]
    unresolved = [f for f in report.findings if f.kind == "unresolved"]
    urls = sorted({f.page.url for f in problems if f.page})
    notes = {url: number for number, url in enumerate(urls, start=1)}
    field = report.catalogue.spec.date or report.catalogue.spec.status or "value"
    fixes = sum(1 for f in problems if f.fix)
    lines = [
        f"## Claude lifecycle dates in {github_text(_title(report.catalogue))}, "
        "checked against Anthropic's docs",
        "",
        github_text(summary_line(report)) + ".",
        _verdict(fixes, len(problems) + len(unresolved)),
        "",
        "The deprecations page's dates apply to the Claude API, Microsoft Foundry and Claude "
        "Platform on AWS. Amazon Bedrock and Vertex AI set their own schedules: for them only "
        "the status their own docs page shows is checked, and no date is copied from the API.",
    ]
    ordered = sorted(problems, key=lambda f: (_group(f), KINDS.index(f.kind), f.key))
    for group, items in groupby(ordered, key=_group):
        lines += [
            "",
            f"### {github_text(group)}",
            "",
            *_provider_table(list(items), notes, field),
        ]
    unconfirmed = [f for f in report.findings if f.kind == "unconfirmed"]
    lines += _listed("Dates the pages cannot confirm yet", unconfirmed)
    lines += _listed("Keys that name no model the pages list", unresolved)
    if notes:
        lines += ["", *_footnotes(report, notes)]
    return "\n".join(lines) + "\n"


def _listed(title: str, findings: Sequence[Finding]) -> list[str]:
    """A folded list of findings, each with its note."""
    if not findings:
        return []
    count = len(findings)
    lines = ["", f"### {title}", "", "<details>"]
    lines += [f"<summary>{count} key{'s' if count != 1 else ''}</summary>", ""]
    lines += [
        f"- {github_code(f.key)}: {github_text(f.note)}"
        for f in sorted(findings, key=lambda f: f.key)
    ]
    return [*lines, "", "</details>"]


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def pages_of(findings: Iterable[Finding]) -> set[str]:
    return {finding.page.url for finding in findings if finding.page}
