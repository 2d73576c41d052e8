"""Findings as people and tools read them: text grouped by file, JSON, SARIF 2.1.0.

Each renderer is a pure function of the findings, so the same findings always give the same
bytes (golden-tested). File names come from the audited repository (a pull request's author
chooses them): the text goes through the terminal sink (a name cannot start a workflow command
in a CI log, nor move the cursor), SARIF and JSON through the JSON sink.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

import click

from scraper import PROJECT_URL, __version__
from scraper.answers.audit.findings import LEVELS, Finding, Level
from scraper.answers.audit.run import AuditResult
from scraper.answers.data import IndexSource, to_builtins
from scraper.fetch.sources import page_url
from scraper.sinks import json_text, markdown_cell, markdown_code, terminal_text, url_path
from scraper.terms import STATUSES, Status

_COLOURS: Mapping[Level, str] = {"error": "red", "warning": "yellow", "note": "cyan", "none": ""}
_LABELS: Mapping[Level, str] = {
    "error": "error",
    "warning": "warning",
    "note": "note",
    "none": "active",
}
_PLATFORM_NAMES = {
    "claude-api": "Claude API",
    "bedrock": "Amazon Bedrock",
    "bedrock-legacy": "Amazon Bedrock (legacy)",
    "vertex-ai": "Vertex AI",
    "foundry": "Microsoft Foundry",
    "aws-platform": "Claude Platform on AWS",
}


def _where(finding: Finding) -> str:
    cell = f" (cell {finding.cell})" if finding.cell is not None else ""
    return f"{finding.line}:{finding.column}{cell}"


def deadline(finding: Finding) -> str:
    """`retired`, `retires 2026-02-19 (in 84 days)`, `retires no sooner than …`."""
    if finding.status == "retired":
        return f"retired on {finding.retires_on.isoformat()}" if finding.retires_on else "retired"
    if finding.retires_on is None:
        return finding.status
    when = finding.retires_on.isoformat()
    if finding.retires_on_qualifier == "not_sooner_than":
        return f"{finding.status}, retires no sooner than {when}"
    days = finding.days_left or 0
    left = f"in {days} day{'' if days == 1 else 's'}" if days >= 0 else f"{-days} days ago"
    return f"{finding.status}, retires {when} ({left})"


def why(finding: Finding) -> str:
    """Where the status comes from, when it is not simply the Claude API's own schedule."""
    platform = _PLATFORM_NAMES[finding.platform]
    if finding.basis == "schedule":
        return "" if finding.platform == "claude-api" else ", on the Claude API's schedule"
    if finding.basis == "platform-page":
        differs = finding.api_status != finding.status
        api = f"; {finding.api_status} on the Claude API" if differs else ""
        return f", as marked on its {platform} page{api}"
    listed = "lists it without a status" if finding.basis == "unmarked" else "does not list it"
    return f", as on the Claude API (the {platform} page {listed})"


def message(finding: Finding) -> str:
    """One sentence: what the id is, on which platform, by when, why, and what to move to."""
    named = finding.model if finding.text == finding.model else f"{finding.text} ({finding.model})"
    move = f"; move to {finding.replacement}" if finding.replacement else ""
    where = _PLATFORM_NAMES[finding.platform] + (f" via {finding.via}" if finding.via else "")
    return f"{named} on {where}: {deadline(finding)}{why(finding)}{move}"


def render_text(findings: Sequence[Finding], *, colour: bool) -> str:
    """Findings grouped by file, one line each; colours only when asked for."""
    lines = []
    for path, group in groupby(findings, key=lambda f: f.path):
        found = list(group)
        width = max(len(_where(finding)) for finding in found)
        shown = terminal_text(path)
        lines.append(click.style(shown, bold=True) if colour else shown)
        for finding in found:
            label = f"{_LABELS[finding.level]:<7}"
            if colour and finding.level != "none":
                label = click.style(label, fg=_COLOURS[finding.level])
            told = terminal_text(message(finding))
            lines.append(f"  {_where(finding):<{width}}  {label}  {told}")
        lines.append("")
    return "\n".join(lines)


def summary(result: AuditResult, shown: Sequence[Finding]) -> str:
    """The closing line on stderr: counts by level, files read, skipped and left out."""
    counts = {level: sum(1 for f in shown if f.level == level) for level in LEVELS.values()}
    parts = [
        f"{n} {_LABELS[level]}" + ("" if n == 1 or level == "none" else "s")
        for level, n in counts.items()
        if n
    ]
    found = ", ".join(parts) if parts else "no findings"
    skipped = [f"{n} {reason}" for reason, n in sorted(result.skipped.items())]
    skipped += [f"{result.excluded} excluded"] if result.excluded else []
    files = f"{result.files_scanned} file{'' if result.files_scanned == 1 else 's'} scanned"
    quiet = f"; {result.suppressed} ignored" if result.suppressed else ""
    return f"{found}{quiet} in {files}" + (f" (skipped: {', '.join(skipped)})" if skipped else "")


def data_facts(source: IndexSource) -> dict[str, Any]:
    """Which model data the audit judged by: where from, of which day, its SHA-256, and the
    version of the deprecations page it was joined from."""
    page = source.index.source
    return {
        "source": source.origin,
        "date": source.date.isoformat() if source.date else None,
        "sha256": source.sha256,
        "page": to_builtins(page) if page else None,
    }


def render_json(
    result: AuditResult, shown: Sequence[Finding], day: dt.date, source: IndexSource
) -> str:
    from scraper.records import dumps  # the one way JSON is written; a text report needs none

    return dumps(
        {
            "as_of": day.isoformat(),
            "data": data_facts(source),
            "files_scanned": result.files_scanned,
            "skipped": dict(sorted(result.skipped.items())),
            "excluded": result.excluded,
            "ignored": result.suppressed,
            "findings": [finding.as_json() for finding in shown],
        }
    )


# --- SARIF 2.1.0 -----------------------------------------------------------------------------

_RULES: Mapping[Status, tuple[str, str]] = {
    "retired": ("DEP001", "retired-model"),
    "deprecated": ("DEP002", "deprecated-model"),
    "legacy": ("DEP003", "legacy-model"),
    "active": ("DEP004", "active-model"),
}
_RULE_TEXT: Mapping[Status, str] = {
    "retired": "The model is retired: requests to it fail.",
    "deprecated": "The model is deprecated: it stops answering on its retirement date.",
    "legacy": "The model is legacy: still served, but due to be deprecated.",
    "active": "The model is active.",
}
_SARIF_LEVEL: Mapping[Level, str] = {
    "error": "error",
    "warning": "warning",
    "note": "note",
    "none": "none",
}


def _rule(status: Status, findings: Sequence[Finding]) -> dict[str, Any]:
    """One rule per status; its help lists each model found with it and its replacement."""
    rule_id, name = _RULES[status]
    rows = sorted({(f.model, f.platform, deadline(f), f.replacement or "-") for f in findings})
    text_rows = [f"- {m} ({_PLATFORM_NAMES[p]}): {d}; replacement: {r}" for m, p, d, r in rows]
    table = [
        "| model | platform | when | replacement |",
        "|---|---|---|---|",
        *(
            f"| {markdown_cell(markdown_code(m))} | {_PLATFORM_NAMES[p]} | {d} "
            f"| {markdown_cell(markdown_code(r))} |"
            for m, p, d, r in rows
        ),
    ]
    intro = f"{_RULE_TEXT[status]} Move to the replacement before the retirement date."
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": f"Calls a {status} Claude model"},
        "fullDescription": {"text": _RULE_TEXT[status]},
        "helpUri": page_url("en"),
        "help": {
            "text": "\n".join([intro, "", *text_rows]),
            "markdown": "\n".join([intro, "", *table]),
        },
        "defaultConfiguration": {"level": _SARIF_LEVEL[LEVELS[status]]},
        "properties": {"tags": ["deprecation", "claude", status]},
    }


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Stable across edits elsewhere in the file: path, text and which occurrence of it."""
    identity = json.dumps([finding.path, finding.text, finding.model, occurrence])
    return hashlib.sha256(identity.encode()).hexdigest()


def _results(findings: Sequence[Finding], rule_index: Mapping[Status, int]) -> list[Any]:
    seen: dict[tuple[str, str], int] = {}
    results = []
    for finding in findings:
        key = (finding.path, finding.text)
        seen[key] = occurrence = seen.get(key, 0) + 1
        region = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endColumn": finding.end_column,
        }
        results.append(
            {
                "ruleId": _RULES[finding.status][0],
                "ruleIndex": rule_index[finding.status],
                "level": _SARIF_LEVEL[finding.level],
                "message": {"text": message(finding)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(finding.path),
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"deprecationsAudit/v1": fingerprint(finding, occurrence)},
                "properties": {
                    key: value for key, value in finding.as_json().items() if key in _PROPERTIES
                },
            }
        )
    return results


_PROPERTIES = {"model", "platform", "status", "basis", "retires_on", "days_left", "replacement"}


def _artifact(path: str) -> dict[str, str]:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": url_path(path), "uriBaseId": "%SRCROOT%"}


def _directory_uri(path: Path) -> str:
    return path.as_uri().rstrip("/") + "/"


def render_sarif(shown: Sequence[Finding], source_root: Path, source: IndexSource) -> str:
    """A SARIF log GitHub code scanning reads: one run, rules per status, results inline."""
    statuses = [status for status in reversed(STATUSES) if any(f.status == status for f in shown)]
    by_status = {status: [f for f in shown if f.status == status] for status in statuses}
    rules = [_rule(status, by_status[status]) for status in statuses]
    rule_index = {status: index for index, status in enumerate(statuses)}
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "deprecations-audit",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"uri": source_root.as_uri().rstrip("/") + "/"}
                },
                "columnKind": "unicodeCodePoints",
                "results": _results(shown, rule_index),
                "properties": {"data": data_facts(source)},
            }
        ],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
