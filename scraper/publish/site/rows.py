"""What each page of the site shows, as the template wants it: rows of the models table and
the chart, the cards of "retiring in the next 90 days", the list of recent changes. All of it is
read off the publication view; nothing here knows HTML (the template decides how these values
look, and escapes them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scraper.ids import Family, family_of
from scraper.publish.view import Edition, ModelFacts, PublicationView
from scraper.records import PLATFORMS, REFERENCE_LOCALE, STATUSES, CanonicalModel, Status
from scraper.sinks import safe_url

RECENT_CHANGES = 25
_ANCHOR_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def anchor_ids(model_ids: Iterable[str]) -> dict[str, str]:
    """A unique, valid HTML id per model id: readable where it can be, hashed where it must."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for model_id in model_ids:
        slug = _ANCHOR_UNSAFE.sub("-", model_id.lower()).strip("-") or "model"
        anchor = f"model-{slug}"
        if anchor in taken or slug != model_id:
            digest = hashlib.sha256(model_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            anchor = f"model-{slug}-{digest}"
        taken.add(anchor)
        anchors[model_id] = anchor
    return anchors


def page_href(locale: str) -> str:
    """The file of a language's page: index.html for English, `<locale>.html` for the others."""
    return "index.html" if locale == REFERENCE_LOCALE else f"{locale}.html"


@dataclass(frozen=True, slots=True)
class PlatformIds:
    """How one platform names a model and what status its own page gives it."""

    platform: str
    ids: tuple[str, ...]
    status: str | None
    url: str | None  # an http(s) URL (`safe_url`), or none: no `javascript:` link from data


def platform_ids(model: CanonicalModel) -> tuple[PlatformIds, ...]:
    """Each platform's ids and own status for the model, in the platforms' order."""
    return tuple(
        PlatformIds(
            platform=platform, ids=entry.ids, status=entry.status, url=safe_url(entry.page_url)
        )
        for platform in PLATFORMS
        if (entry := model.platforms.get(platform)) is not None
    )


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One model as the table and the chart show it."""

    model: str
    name: str
    anchor: str
    status: Status
    family: Family
    deprecated_on: dt.date | None
    retires_on: dt.date | None
    tentative: bool
    retired_on: dt.date | None
    days_left: int | None
    replacement: str | None
    replacement_anchor: str | None
    platforms: tuple[PlatformIds, ...]
    aliases: tuple[str, ...]
    first_seen: dt.date | None
    conflicts: tuple[str, ...]

    @property
    def start(self) -> dt.date | None:
        """Where its bar begins: first seen on the page, or its deprecation if earlier.

        Never after its end: a page can list a "not sooner than" date already passed when
        the tracker first saw it.
        """
        known = [day for day in (self.first_seen, self.deprecated_on, self.end) if day is not None]
        return min(known, default=None)

    @property
    def end(self) -> dt.date | None:
        """Its retirement: the day it was retired, else the day it retires (or not sooner)."""
        return self.retired_on or self.retires_on


def days_left(model: CanonicalModel, today: dt.date) -> int | None:
    """Days until retirement (0 once the date has passed); None when retired or undated."""
    if model.retires_on is None or model.status == "retired":
        return None
    return max((model.retires_on - today).days, 0)


def model_rows(models: Sequence[ModelFacts], today: dt.date) -> list[ModelRow]:
    """The canonical models, in the index's order (the page's order)."""
    anchors = anchor_ids(facts.model.model for facts in models)
    return [_row(facts, anchors, today) for facts in models]


def _row(facts: ModelFacts, anchors: Mapping[str, str], today: dt.date) -> ModelRow:
    model = facts.model
    return ModelRow(
        model=model.model,
        name=facts.name,
        anchor=anchors[model.model],
        status=model.status,
        family=family_of(model.model),
        deprecated_on=model.deprecated_on,
        retires_on=model.retires_on,
        tentative=model.retires_on_qualifier == "not_sooner_than",
        retired_on=model.retired_on,
        days_left=days_left(model, today),
        replacement=model.replacement,
        replacement_anchor=anchors.get(model.replacement or ""),
        platforms=platform_ids(model),
        aliases=model.aliases,
        first_seen=facts.first_seen,
        conflicts=facts.conflicts,
    )


@dataclass(frozen=True, slots=True)
class Soon:
    """The top of the page: what retires within the window, and dates to watch."""

    firm: tuple[ModelRow, ...]
    tentative: tuple[ModelRow, ...]  # "not sooner than" dates within the window or passed
    next_firm: ModelRow | None  # the next firm retirement after the window, if nothing is in it


def retiring_soon(view: PublicationView, rows: Sequence[ModelRow]) -> Soon:
    soon = view.main.soon
    if soon is None:
        return Soon((), (), None)
    by_id = {row.model: row for row in rows}
    return Soon(
        firm=tuple(by_id[model] for model in soon.firm),
        tentative=tuple(by_id[model] for model in soon.tentative),
        next_firm=by_id.get(soon.next_firm) if soon.next_firm else None,
    )


@dataclass(frozen=True, slots=True)
class ChangeItem:
    day: dt.date
    text: str
    locales: str


def recent_changes(edition: Edition, limit: int = RECENT_CHANGES) -> list[ChangeItem]:
    """The newest entries as the changelog words them, each followed by what it caused."""
    found = []
    for day in edition.days:
        for item in day.items:
            languages = item.head.languages or ""
            found.append(ChangeItem(day.date, item.head.text.plain, languages))
            found += [
                ChangeItem(day.date, line.text.plain, line.languages or languages)
                for line in item.beneath
            ]
    return found[:limit]


def status_counts(rows: Sequence[ModelRow]) -> Mapping[Status, int]:
    return {status: sum(row.status == status for row in rows) for status in STATUSES}
