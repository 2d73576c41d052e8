"""What each page of the site shows, as plain values: pure functions of the stored documents.

Nothing here knows HTML; the template decides how these values look, and escapes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import JsonValue

from scraper.answers.standing import status_names, upcoming
from scraper.answers.window import Window
from scraper.publish.entries import without_dates_told_by_status
from scraper.publish.wording import describe_locales, wording
from scraper.records import (
    PLATFORMS,
    REFERENCE_LOCALE,
    STATUSES,
    CanonicalModel,
    PageContent,
    Status,
)
from scraper.sinks import PLAIN
from scraper.track.drift import Disagreement, DriftReport, DriftSubject
from scraper.track.events import Event

Family = Literal["opus", "sonnet", "haiku", "other"]
FAMILIES: tuple[Family, ...] = ("opus", "sonnet", "haiku", "other")
SOON = Window(90, "d")
RECENT_CHANGES = 25
_FAMILY = re.compile(r"(?:^|[^a-z])(opus|sonnet|haiku)(?:$|[^a-z])")
_ANCHOR_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def family_of(model_id: str) -> Family:
    """Opus, Sonnet or Haiku when the id names one as a word (claude-3-5-haiku-…), else other."""
    match = _FAMILY.search(model_id.lower())
    if match is None:
        return "other"
    found: Family = "opus" if match[1] == "opus" else "sonnet" if match[1] == "sonnet" else "haiku"
    return found


def anchor_ids(model_ids: Iterable[str]) -> dict[str, str]:
    """A unique, valid HTML id per model id: readable where it can be, hashed where it must."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for model_id in model_ids:
        slug = _ANCHOR_UNSAFE.sub("-", model_id.lower()).strip("-") or "model"
        anchor = f"model-{slug}"
        if anchor in taken or slug != model_id:
            digest = hashlib.sha256(model_id.encode()).hexdigest()[:8]
            anchor = f"model-{slug}-{digest}"
        taken.add(anchor)
        anchors[model_id] = anchor
    return anchors


@dataclass(frozen=True, slots=True)
class PlatformIds:
    """How one platform names a model and what status its own page gives it."""

    platform: str
    ids: tuple[str, ...]
    status: str | None
    url: str | None


def platform_ids(model: CanonicalModel) -> tuple[PlatformIds, ...]:
    """Each platform's ids and own status for the model, in the platforms' order."""
    return tuple(
        PlatformIds(
            platform=platform,
            ids=entry.ids,
            status=entry.status,
            url=entry.page_url,
        )
        for platform in PLATFORMS
        if (entry := model.platforms.get(platform)) is not None
    )


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One model as the table and the chart show it."""

    model: str
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


def first_seen(events: Sequence[Event]) -> dict[str, dt.date]:
    """When each model first appeared on the English page, as far as the events know.

    A model whose first English event is `model_added` appeared then; any other model was on
    the page when tracking began (the English baseline), or at least at its first event.
    """
    english = sorted(
        (event for event in events if REFERENCE_LOCALE in event.locales),
        key=lambda event: event.detected_at,
    )
    baseline = next((e.detected_at for e in english if e.type == "baseline_recorded"), None)
    seen: dict[str, dt.date] = {}
    for event in english:
        if event.model is None or event.model in seen:
            continue
        if event.type == "model_added" or baseline is None:
            seen[event.model] = event.detected_at
        else:
            seen[event.model] = min(baseline, event.detected_at)
    return seen


def model_rows(
    models: Sequence[CanonicalModel], events: Sequence[Event], today: dt.date
) -> list[ModelRow]:
    """The canonical models, in the index's order (the page's order)."""
    anchors = anchor_ids(model.model for model in models)
    seen = first_seen(events)
    baseline = min(seen.values(), default=None)
    return [
        ModelRow(
            model=model.model,
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
            first_seen=seen.get(model.model, baseline),
            conflicts=tuple(
                f"the status table says {conflict.field.replace('_', ' ')} "
                f"{conflict.status_table}, the {conflict.announcement.isoformat()} history "
                f"section says {conflict.history}"
                for conflict in model.conflicts
            ),
        )
        for model in models
    ]


@dataclass(frozen=True, slots=True)
class Soon:
    """The top of the page: what retires within the window, and dates to watch."""

    firm: tuple[ModelRow, ...]
    tentative: tuple[ModelRow, ...]  # "not sooner than" dates within the window or passed
    next_firm: ModelRow | None  # the next firm retirement after the window, if nothing is in it


def retiring_soon(
    models: Sequence[CanonicalModel], rows: Sequence[ModelRow], today: dt.date
) -> Soon:
    by_id = {row.model: row for row in rows}
    firm = [by_id[model.model] for model in upcoming(models, today, SOON, today=today)]
    later = upcoming(models, today, Window(100, "y"), today=today)
    tentative = sorted(
        (
            row
            for row in rows
            if row.tentative
            and row.status != "retired"
            and row.retires_on is not None
            and row.retires_on <= SOON.end(today)
        ),
        key=lambda row: (row.retires_on, row.model),
    )
    return Soon(
        firm=tuple(firm),
        tentative=tuple(tentative),
        next_firm=None if firm or not later else by_id[later[0].model],
    )


@dataclass(frozen=True, slots=True)
class ChangeItem:
    day: dt.date
    text: str
    locales: str


def recent_changes(events: Sequence[Event], limit: int = RECENT_CHANGES) -> list[ChangeItem]:
    """The newest events, as the changelog words them; translation drift has its own section."""
    newest = sorted(
        (event for event in events if event.type != "locale_drift"),
        key=lambda event: event.detected_at,
        reverse=True,
    )
    w = wording(REFERENCE_LOCALE, PLAIN, log=events)
    return [
        ChangeItem(
            day=event.detected_at,
            text=w.headline(event),
            locales=describe_locales(event.locales),
        )
        for event in without_dates_told_by_status(newest)[:limit]
    ]


DifferenceKind = Literal["missing", "extra", "value"]


@dataclass(frozen=True, slots=True)
class Difference:
    """Where a language says something other than English, and since when.

    `missing`: English has the model (or announcement) and this language does not yet;
    `extra`: the reverse; `value`: both have it and `field` differs.
    """

    kind: DifferenceKind
    model: str | None
    field: str  # status, retires_on, announcement:2025-12-19, …
    english: str
    translated: str
    since: dt.date | None
    days_behind: int | None

    @property
    def label(self) -> str:
        """The field as people read it: "retires on", "the 2025-12-19 announcement"."""
        subject = DriftSubject.parse(self.field)
        if subject.announcement is not None:
            tail = "" if subject.aspect == "section" else f"’s {subject.aspect.replace('_', ' ')}"
            return f"the {subject.announcement.isoformat()} announcement{tail}"
        return self.field.replace("_", " ")


def _shown(value: JsonValue) -> str:
    return "—" if value is None else str(value)


def _kind(item: Disagreement) -> DifferenceKind:
    if isinstance(item.english, bool) and isinstance(item.translated, bool):
        return "missing" if item.english else "extra"
    return "value"


def differences(items: Iterable[Disagreement], today: dt.date) -> tuple[Difference, ...]:
    return tuple(
        Difference(
            kind=_kind(item),
            model=item.model,
            field=item.field,
            english=_shown(item.english),
            translated=_shown(item.translated),
            since=item.since,
            days_behind=(today - item.since).days if item.since else None,
        )
        for item in items
    )


@dataclass(frozen=True, slots=True)
class LocaleRow:
    """One row of a translation's status table, as written, with what differs from English."""

    model: str
    status_text: str
    deprecated_on_text: str
    retires_on_text: str
    differs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Language:
    locale: str
    name: str  # in its own language, e.g. 繁體中文
    href: str
    status_words: Mapping[Status, str]
    differences: tuple[Difference, ...]
    rows: tuple[LocaleRow, ...]

    @property
    def oldest(self) -> Difference | None:
        dated = [item for item in self.differences if item.since is not None]
        return min(dated, key=lambda item: item.since or dt.date.max, default=None)


def page_href(locale: str) -> str:
    return "index.html" if locale == REFERENCE_LOCALE else f"{locale}.html"


def languages(
    pages: Mapping[str, PageContent], drift: DriftReport | None, today: dt.date
) -> list[Language]:
    """English first, then every stored language, with its words and its drift from English."""
    ordered = [REFERENCE_LOCALE, *(locale for locale in pages if locale != REFERENCE_LOCALE)]
    found = []
    for locale in ordered:
        page = pages.get(locale)
        items = drift.locales[locale].disagreements if drift and locale in drift.locales else ()
        diff = differences(items, today)
        found.append(
            Language(
                locale=locale,
                name=_own_name(locale),
                href=page_href(locale),
                status_words=status_names(locale, page.status_words if page else None),
                differences=diff,
                rows=_locale_rows(page, diff) if page else (),
            )
        )
    return found


def _own_name(locale: str) -> str:
    """The language's name in itself (Deutsch, 中文 (繁體)), as a language switch shows it.

    Chinese is told apart by its script, as readers choose it, not by its country.
    """
    from babel import Locale

    parsed = Locale.parse(locale, sep="-")
    if parsed.script:
        parsed = Locale(parsed.language, script=parsed.script)
    name = parsed.get_display_name() or locale
    return name[:1].upper() + name[1:]


def _locale_rows(page: PageContent, diff: Sequence[Difference]) -> tuple[LocaleRow, ...]:
    fields_by_model: dict[str, set[str]] = {}
    for item in diff:
        if item.model is not None:
            fields_by_model.setdefault(item.model, set()).add(item.field)
    return tuple(
        LocaleRow(
            model=row.model,
            status_text=row.status_text,
            deprecated_on_text=row.deprecated_on_text,
            retires_on_text=row.retires_on_text,
            differs=frozenset(fields_by_model.get(row.model, ())),
        )
        for row in page.models
    )


def status_counts(rows: Sequence[ModelRow]) -> dict[Status, int]:
    return {status: sum(row.status == status for row in rows) for status in STATUSES}
