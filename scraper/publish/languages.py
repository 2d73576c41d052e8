"""Each stored language as people compare it with English: its name in itself, its status
words, its status table as written, and where it differs from English and since when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import JsonValue

from scraper.fetch.sources import LOCALES, page_url
from scraper.publish.i18n import translations
from scraper.publish.view import Difference, DifferenceKind, Language, LocaleRow
from scraper.read.vocabulary import status_names
from scraper.records import REFERENCE_LOCALE, PageContent
from scraper.track.drift import Disagreement, DriftReport, DriftSubject
from scraper.track.events import Event

# Events that tell nothing about what a language's page says (the drift between two pages, the
# reminders, the corrections, and, with every `platform_*` type, the related pages' ids).
_NOT_OF_THE_PAGE = frozenset(
    {"locale_drift", "retirement_reminder", "event_retracted", "alias_changed"}
)


def _of_the_page(event: Event) -> bool:
    return event.type not in _NOT_OF_THE_PAGE and not event.type.startswith("platform_")


@dataclass(frozen=True, slots=True)
class CopyDates:
    """The days each language's page was first read or changed, from the log: a copy of the
    page as the tracker holds it on a day is the one of the last such day (its date)."""

    days: Mapping[str, tuple[dt.date, ...]]

    @classmethod
    def of(cls, events: Iterable[Event]) -> CopyDates:
        found: dict[str, set[dt.date]] = {}
        for event in events:
            if _of_the_page(event):
                for locale in event.locales:
                    found.setdefault(locale, set()).add(event.detected_at)
        return cls({locale: tuple(sorted(days)) for locale, days in found.items()})

    def on(self, locale: str, day: dt.date) -> dt.date | None:
        """The date of the copy of `locale`'s page held on `day` (None before the first)."""
        return max((seen for seen in self.days.get(locale, ()) if seen <= day), default=None)


def _label(field: str) -> str:
    """The field as people read it: "retires on", "the 2025-12-19 announcement"."""
    subject = DriftSubject.parse(field)
    if subject.announcement is not None:
        tail = "" if subject.aspect == "section" else f"’s {subject.aspect.replace('_', ' ')}"
        return f"the {subject.announcement.isoformat()} announcement{tail}"
    return field.replace("_", " ")


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
            label=_label(item.field),
            english=_shown(item.english),
            translated=_shown(item.translated),
            since=item.since,
            days_behind=(today - item.since).days if item.since else None,
        )
        for item in items
    )


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


def languages(
    pages: Mapping[str, PageContent], drift: DriftReport | None, today: dt.date
) -> tuple[Language, ...]:
    """English first, then every stored language, with its words and its drift from English."""
    ordered = [
        REFERENCE_LOCALE,
        *(locale for locale in LOCALES if locale in pages and locale != REFERENCE_LOCALE),
        *(locale for locale in pages if locale not in LOCALES),
    ]
    found = []
    for locale in ordered:
        page = pages.get(locale)
        items = drift.locales[locale].disagreements if drift and locale in drift.locales else ()
        diff = differences(items, today)
        found.append(
            Language(
                locale=locale,
                name=_own_name(locale),
                status_words=status_names(locale, page.status_words if page else None),
                differences=diff,
                rows=_locale_rows(page, diff) if page else (),
                page_url=page_url(locale),
                catalog=translations(locale),
            )
        )
    return tuple(found)
