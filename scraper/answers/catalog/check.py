"""Each catalogue entry against what the pages say: one finding per entry.

The deprecations page's dates apply to the platforms Anthropic operates (Claude API, Microsoft
Foundry, Claude Platform on AWS). Bedrock and Vertex AI set their own schedules: for them only
the status their own page shows is checked, and no date is ever taken from the API's schedule.
A catalogue's date is the day the model stops serving (LiteLLM's convention), so it is compared
with the retirement date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal, Protocol, get_args

from scraper.answers.catalog.catalogue import CatalogEntry, FormatSpec
from scraper.answers.catalog.keys import CatalogKey, split_key
from scraper.answers.data import Index, Model
from scraper.answers.resolve import Resolution, Unanswered
from scraper.fetch.sources import page_url
from scraper.ids.normalise import BEDROCK_PLATFORMS
from scraper.terms import Platform, Status

FindingKind = Literal[
    "unresolved",
    "retired_still_listed",
    "date_mismatch",
    "missing_date",
    "status_mismatch",
    "unconfirmed",
    "unchecked",
    "consistent",
]
# In order of severity; the first five make the check exit 1.
KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
PROBLEMS: frozenset[FindingKind] = frozenset(KINDS[:5])
ANTHROPIC_OPERATED: frozenset[Platform] = frozenset({"claude-api", "foundry", "aws-platform"})
PLATFORM_NAMES: dict[Platform, str] = {
    "claude-api": "Claude API",
    "foundry": "Microsoft Foundry",
    "aws-platform": "Claude Platform on AWS",
    "bedrock": "Claude in Amazon Bedrock",
    "bedrock-legacy": "Amazon Bedrock InvokeModel/Converse",
    "vertex-ai": "Vertex AI",
}
Lifecycle = Literal["available", "deprecated", "retired"]
_RETIRED_WORDS = {
    "retired",
    "sunset",
    "shutdown",
    "shut down",
    "removed",
    "discontinued",
    "unavailable",
    "eol",
    "end of life",
}


class ModelResolver(Protocol):
    def explain(self, text: str) -> Resolution | Unanswered: ...


@dataclass(frozen=True, slots=True)
class PageFact:
    """What a page says about one model on one platform."""

    platform: Platform
    status: Status | None  # None: the platform's page marks nothing (the model is offered)
    stops_on: dt.date | None  # a firm retirement date (Anthropic-operated platforms only)
    not_before: dt.date | None  # a "not sooner than" date: no retirement before it
    url: str
    deprecated_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    key: str
    kind: FindingKind
    provider: str | None
    platform: Platform | None
    model: str | None  # the Claude API id the key names
    catalogue: str | None  # the catalogue's date or status, as written
    page: PageFact | None
    fix: dt.date | None  # the date a patch writes (only a date the page gives)
    note: str


def lifecycle(word: str | None) -> Lifecycle:
    """A catalogue's status word, roughly: models.dev writes `deprecated`, others `retired`."""
    folded = (word or "").strip().lower().replace("_", " ").replace("-", " ")
    if folded in _RETIRED_WORDS:
        return "retired"
    return "deprecated" if folded == "deprecated" else "available"


def page_lifecycle(status: Status | None) -> Lifecycle:
    if status == "retired" or status == "deprecated":
        return status
    return "available"


def api_fact(model: Model, platform: Platform) -> PageFact:
    firm = model.retires_on if model.retires_on_qualifier is None else None
    return PageFact(
        platform=platform,
        status=model.status,
        stops_on=model.retired_on or firm,
        not_before=model.retires_on if model.retires_on_qualifier else None,
        url=page_url("en"),
        deprecated_on=model.deprecated_on,
    )


def partner_fact(model: Model, platform: Platform) -> PageFact | None:
    """The platform's own status from its page; the other Bedrock page if this one is silent."""
    order = [platform]
    if platform in BEDROCK_PLATFORMS:
        order += sorted(BEDROCK_PLATFORMS - {platform})
    for name in order:
        record = model.platforms.get(name)
        if record is not None:
            return PageFact(name, record.status, None, None, record.page_url)
    return None


def _platform(key: CatalogKey, resolution: Resolution) -> Platform:
    if key.platform is None:
        return resolution.platform
    if key.platform in BEDROCK_PLATFORMS and resolution.platform in BEDROCK_PLATFORMS:
        return resolution.platform
    return key.platform


def _date_finding(entry: CatalogEntry, fact: PageFact) -> tuple[FindingKind, dt.date | None, str]:
    """An Anthropic-operated platform: the catalogue's date against the page's."""
    stops, floor, has_date = fact.stops_on, fact.not_before, entry.date_text is not None
    if not has_date:
        if stops is None:
            return "consistent", None, "no date on either side"
        if fact.status == "retired":
            return "retired_still_listed", stops, f"retired on {stops}; listed without a date"
        return "missing_date", stops, f"retires on {stops}; the catalogue has no date"
    if entry.date is None:
        return "date_mismatch", stops, f"{entry.date_text!r} is not a date"
    if stops is not None:
        if entry.date == stops:
            return "consistent", None, f"retires on {stops}"
        return "date_mismatch", stops, f"the page says {stops}"
    if floor is not None:
        if entry.date < floor:
            return "date_mismatch", None, f"the page says not sooner than {floor}"
        return "unconfirmed", None, f"the page says only: not sooner than {floor}"
    if entry.date == fact.deprecated_on:
        return "date_mismatch", None, "that is the deprecation date; no retirement date yet"
    return "unconfirmed", None, "the page gives no retirement date yet"


def _status_finding(entry: CatalogEntry, fact: PageFact) -> tuple[FindingKind, str] | None:
    said, page = lifecycle(entry.status), page_lifecycle(fact.status)
    if said == page:
        return None
    if page == "retired" and said == "available" and entry.date_text is None:
        return "retired_still_listed", "listed as available"
    return "status_mismatch", f"the catalogue says {entry.status or 'nothing'}; the page: {page}"


def _partner_finding(
    entry: CatalogEntry, fact: PageFact, spec: FormatSpec
) -> tuple[FindingKind, str]:
    """Bedrock or Vertex AI: only the platform's own status; its dates are not on the page."""
    name = PLATFORM_NAMES[fact.platform]
    undated = entry.date_text is None and lifecycle(entry.status) == "available"
    if fact.status == "retired" and undated:
        return "retired_still_listed", f"{name}'s page marks it retired; listed without a date"
    if fact.status == "deprecated" and undated and spec.date and not spec.status:
        return "missing_date", f"{name}'s page marks it deprecated; its date is not on the page"
    if spec.status and (found := _status_finding(entry, fact)):
        return found
    said = f"{name}'s page: {fact.status or 'offered'}"
    if spec.date and entry.date_text is not None:
        return "unconfirmed", f"{said}; it gives no dates to confirm {entry.date_text!r}"
    return "consistent", f"{said}; dates not on the page"


def _judge(
    entry: CatalogEntry, spec: FormatSpec, model: Model, platform: Platform, base: Finding
) -> Finding:
    """A resolved entry of a covered provider: the right page's facts, then the verdict."""
    if platform not in ANTHROPIC_OPERATED:
        fact = partner_fact(model, platform)
        if fact is None:
            return replace(base, note=f"{PLATFORM_NAMES[platform]}'s page does not list it")
        kind, note = _partner_finding(entry, fact, spec)
        return replace(base, kind=kind, note=note, page=fact)
    fact = api_fact(model, platform)
    if spec.date:
        kind, fix, note = _date_finding(entry, fact)
        if kind != "consistent" or not spec.status:
            return replace(base, kind=kind, note=note, page=fact, fix=fix)
    status = _status_finding(entry, fact)
    if status is not None:
        fix = fact.stops_on if spec.date else None
        return replace(base, kind=status[0], note=status[1], page=fact, fix=fix)
    return replace(base, kind="consistent", note=f"the page: {fact.status}", page=fact)


def check_entry(
    entry: CatalogEntry,
    spec: FormatSpec,
    resolver: ModelResolver,
    models: Mapping[str, Model],
) -> Finding:
    """One entry's finding: unresolved, unchecked (alias, uncovered provider) or a verdict."""
    key = split_key(entry.key, entry.provider)
    value = entry.date_text if spec.date else entry.status
    base = Finding(entry.key, "unchecked", key.provider, None, None, value, None, None, "")
    if entry.alias_of is not None:
        return replace(base, note=f"alias of {entry.alias_of}, checked there")
    resolution = resolver.explain(key.model_text)
    if not isinstance(resolution, Resolution) or resolution.facts not in models:
        note = resolution.reason if not isinstance(resolution, Resolution) else "not in the index"
        return replace(base, kind="unresolved", note=note)
    model = models[resolution.facts]
    platform = _platform(key, resolution)
    base = replace(base, model=resolution.model, platform=platform)
    if not key.covered:
        return replace(base, note=f"{key.provider}: a provider the pages do not cover")
    return _judge(entry, spec, model, platform, base)


def check_catalogue(
    entries: Iterable[CatalogEntry], spec: FormatSpec, resolver: ModelResolver, index: Index
) -> tuple[Finding, ...]:
    models = {model.model: model for model in index.models}
    return tuple(check_entry(entry, spec, resolver, models) for entry in entries)
