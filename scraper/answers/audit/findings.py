"""What a hit means for the user: status on their platform, deadline, replacement, severity.

Pure functions from hits and the canonical index to findings, and from findings to the exit
decision; reading files and printing are elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from scraper.answers.audit.scan import Hit
from scraper.answers.data import Model
from scraper.answers.standing import status_on
from scraper.answers.window import Window
from scraper.terms import Platform, Qualifier, Status

Level = Literal["error", "warning", "note", "none"]
LEVELS: Mapping[Status, Level] = {
    "retired": "error",
    "deprecated": "warning",
    "legacy": "note",
    "active": "none",
}
RANK: Mapping[Status, int] = {"active": 0, "legacy": 1, "deprecated": 2, "retired": 3}
FailOn = Literal["retired", "deprecated", "legacy", "never"]
# The deprecations page's dates are for the platforms Anthropic operates (Foundry follows the
# Claude API's schedule); Bedrock and Vertex AI set their own, which the page does not give.
ANTHROPIC_OPERATED: frozenset[Platform] = frozenset({"claude-api", "foundry", "aws-platform"})
# Where a finding's status comes from (see `Finding.basis`).
Basis = Literal["schedule", "platform-page", "unmarked", "unlisted"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One model id in one place of the user's code, and what it means for them.

    A plain value (audit starts without pydantic); the MCP tools' schema reads its attribute
    docstrings (`__pydantic_config__`, a plain dict pydantic looks for on dataclasses)."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"use_attribute_docstrings": True}

    path: str
    """The file, relative to the current directory when inside it."""
    line: int
    column: int
    """1-based, in characters."""
    end_column: int
    """1-based column just after the id."""
    cell: int | None
    """The notebook cell, counted from 1; null elsewhere."""
    text: str
    """The id as written."""
    model: str
    """The Claude API id it names; a family's name (`claude-3-5-sonnet`) when it names several
    models that agree on status, dates and replacement."""
    platform: Platform
    status: Status
    """On that platform, on the as-of day; `basis` says why."""
    basis: Basis
    """Where `status` comes from. `schedule`: the Claude API's dates, which apply on the
    platforms Anthropic operates (Claude API, Microsoft Foundry, Claude Platform on AWS);
    `platform-page`: the status mark of the platform's own page (Amazon Bedrock and Vertex AI
    set their own dates); `unmarked`: that page lists the model without a mark, `unlisted`: it
    does not list the model; both give the Claude API's status."""
    api_status: Status
    """The Claude API's status on the as-of day."""
    retires_on: dt.date | None
    """The Claude API's retirement date, on Anthropic-operated platforms only."""
    retires_on_qualifier: Qualifier | None
    days_left: int | None
    """From the as-of day to retires_on."""
    replacement: str | None
    level: Level
    via: str | None = None
    """The router or gateway the id goes through (OpenRouter, Databricks, ...), whose own
    schedule may differ; null for a platform's own id."""

    def as_json(self) -> dict[str, Any]:
        """Its fields as JSON's types (dates as ISO text), for the reports."""
        values = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        return {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in values.items()
        }


@dataclass(frozen=True, slots=True)
class Context:
    """What every finding of one run is judged against."""

    models: Mapping[str, Model]
    platform: Platform | None  # --platform: where ids that name no platform are called
    day: dt.date  # --as-of, else today: statuses and days left are those of this day
    today: dt.date


def standing(model: Model, platform: Platform, api_status: Status) -> tuple[Status, Basis]:
    """The model's status where it is called, and why: the Claude API's schedule on the
    platforms Anthropic operates, else the platform page's own mark, else the API's status."""
    if platform in ANTHROPIC_OPERATED:
        return api_status, "schedule"
    entry = model.platforms.get(platform)
    if entry is None:
        return api_status, "unlisted"
    if entry.status is None:
        return api_status, "unmarked"
    return entry.status, "platform-page"


def make_finding(path: str, hit: Hit, context: Context) -> Finding | None:
    """None when the index does not know the model the resolver named."""
    model = context.models.get(hit.resolution.facts)  # a family's models share their facts
    if model is None:
        return None
    platform = hit.resolution.platform
    if platform == "claude-api" and context.platform is not None:
        platform = context.platform  # the id says no platform; the user said which
    api_status = status_on(model, context.day, context.today)
    status, basis = standing(model, platform, api_status)
    dated = platform in ANTHROPIC_OPERATED
    retires_on = model.retires_on if dated else None
    return Finding(
        path=path,
        line=hit.line,
        column=hit.column,
        end_column=hit.column + len(hit.text),
        cell=hit.cell,
        text=hit.text,
        model=hit.resolution.model,
        platform=platform,
        via=hit.resolution.via,
        status=status,
        basis=basis,
        api_status=api_status,
        retires_on=retires_on,
        retires_on_qualifier=model.retires_on_qualifier if dated else None,
        days_left=(retires_on - context.day).days if retires_on else None,
        replacement=model.replacement,
        level=LEVELS[status],
    )


def reported(findings: Iterable[Finding], *, include_active: bool) -> list[Finding]:
    """Findings worth showing: active models only when asked for (`--all`)."""
    return [f for f in findings if include_active or f.level != "none"]


def fails(
    findings: Sequence[Finding], *, fail_on: FailOn, within: Window | None, today: dt.date
) -> bool:
    """Exit 1: a status at or above `fail_on`, or a firm retirement inside the window."""
    if fail_on != "never" and any(RANK[f.status] >= RANK[fail_on] for f in findings):
        return True
    if within is None:
        return False
    deadline = within.end(today)
    return any(
        f.retires_on is not None and f.retires_on_qualifier is None and f.retires_on <= deadline
        for f in findings
    )
