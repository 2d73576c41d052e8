"""Every file written for people, by name: the changelogs and their feeds.

Layout (all in the snapshots directory):

    CHANGELOG.md, feed.atom, feed.json                   the page's changes, in English
    TRANSLATIONS.md, feed.translations.atom              where translations differ from English
    CHANGELOG.<locale>.md, feed.<locale>.atom/.json      one language's own events, in its words

An entry has the same anchor (`event-<id>`) in a changelog and in the feed that links to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from scraper.fetch.sources import page_url
from scraper.publish.changelogs import (
    CHANGELOG_FILE,
    TRANSLATIONS_FILE,
    Publication,
    locale_changelog_file,
    publication_wording,
    render_changelog,
    render_locale_changelog,
    render_translations,
)
from scraper.publish.entries import Entry, by_day
from scraper.publish.feeds import FeedInfo, FeedItem, render_atom, render_json_feed
from scraper.publish.wording import (
    DriftFact,
    Wording,
    describe_locales,
    drift_facts,
    drift_sentence,
    fold_drift_dates,
)
from scraper.records import REFERENCE_LOCALE
from scraper.sinks import PLAIN
from scraper.track.events import Event

ATOM_FILE = "feed.atom"
JSON_FEED_FILE = "feed.json"
TRANSLATIONS_FEED_FILE = "feed.translations.atom"


def locale_feed_files(locale: str) -> tuple[str, str]:
    return f"feed.{locale}.atom", f"feed.{locale}.json"


def _entry_item(entry: Entry, w: Wording, label: Callable[[Event], str]) -> FeedItem:
    told = {event.model for event in entry.beneath if event.model}
    lines = [*w.details(entry.head, told), *(w.headline(event) for event in entry.beneath)]
    return FeedItem(
        id=entry.head.id,
        anchor=entry.anchor,
        title=label(entry.head) + w.headline(entry.head),
        lines=tuple(lines),
        tags=tuple(dict.fromkeys(event.type for event in entry.events)) + entry.head.locales,
    )


def _drift_items(
    entries: Sequence[Entry], w: Wording, keep: Callable[[DriftFact], bool]
) -> list[FeedItem]:
    """One item per drift event, its sentences (one per language) as title and body."""
    facts = [(entry, fact) for entry in entries for fact in drift_facts(entry.head) if keep(fact)]
    # Folded across the day, as the changelog folds them, so every item has its anchor there.
    shown = fold_drift_dates([fact for _, fact in facts])
    items = []
    for entry in entries:
        sentences = [drift_sentence(w, f) for e, f in facts if e is entry and f in shown]
        if not sentences:
            continue  # told by the status line of the same model
        items.append(
            FeedItem(
                id=entry.head.id,
                anchor=entry.anchor,
                title=sentences[0] if len(sentences) == 1 else w.join(sentences),
                lines=tuple(sentences) if len(sentences) > 1 else (),
                tags=("locale_drift", *(f.language for e, f in facts if e is entry)),
            )
        )
    return items


def main_feed_days(publication: Publication) -> list[tuple[dt.date, list[FeedItem]]]:
    w = publication_wording(publication, REFERENCE_LOCALE, PLAIN)

    def label(event: Event) -> str:
        return f"[{describe_locales(event.locales)}] "

    return [
        (day, [_entry_item(entry, w, label) for entry in entries])
        for day, entries in by_day(publication.page_events())
    ]


def translations_feed_days(publication: Publication) -> list[tuple[dt.date, list[FeedItem]]]:
    w = publication_wording(publication, REFERENCE_LOCALE, PLAIN)
    days = [
        (day, _drift_items(entries, w, lambda fact: True))
        for day, entries in by_day(publication.drift_events())
    ]
    return [(day, items) for day, items in days if items]


def locale_feed_days(publication: Publication, locale: str) -> list[tuple[dt.date, list[FeedItem]]]:
    w = publication_wording(publication, locale, PLAIN)
    days = []
    for day, entries in by_day(publication.own_events(locale)):
        page = [e for e in entries if e.head.type != "locale_drift"]
        drift = [e for e in entries if e.head.type == "locale_drift"]
        items = [_entry_item(entry, w, lambda event: "") for entry in page]
        items += _drift_items(drift, w, lambda fact: fact.language == locale)
        if items:
            days.append((day, items))
    return days


def _feeds(
    info: FeedInfo,
    days: list[tuple[dt.date, list[FeedItem]]],
    atom: str,
    json_name: str | None,
    files_base: str,
) -> dict[str, str]:
    found = {atom: render_atom(replace(info, feed_url=f"{files_base}/{atom}"), days)}
    if json_name is not None:
        found[json_name] = render_json_feed(
            replace(info, feed_url=f"{files_base}/{json_name}"), days
        )
    return found


def render_outputs(publication: Publication, links_base: str, files_base: str) -> dict[str, str]:
    """File name → text of every changelog and feed.

    `links_base`: where people read the changelogs (entries link to their anchors there);
    `files_base`: where the feed files are served (their `self` links).
    """
    en = publication_wording(publication, REFERENCE_LOCALE, PLAIN).writer
    outputs = {
        CHANGELOG_FILE: render_changelog(publication),
        TRANSLATIONS_FILE: render_translations(publication),
    }
    main = FeedInfo(
        title=en.gettext("Claude model deprecations"),
        subtitle=en.gettext("Changes to Anthropic's Model deprecations page, in every language."),
        language="en",
        feed_url="",
        changelog_url=f"{links_base}/{CHANGELOG_FILE}",
        page_url=page_url("en"),
    )
    outputs |= _feeds(main, main_feed_days(publication), ATOM_FILE, JSON_FEED_FILE, files_base)
    translations = replace(
        main,
        title=en.gettext("Claude model deprecations: translations against English"),
        subtitle=en.gettext(
            "Where a translation of the page starts or stops differing from English."
        ),
        changelog_url=f"{links_base}/{TRANSLATIONS_FILE}",
    )
    outputs |= _feeds(
        translations, translations_feed_days(publication), TRANSLATIONS_FEED_FILE, None, files_base
    )
    for locale in publication.tracked_translations():
        outputs |= _locale_outputs(publication, locale, links_base, files_base)
    return outputs


def _locale_outputs(
    publication: Publication, locale: str, links_base: str, files_base: str
) -> dict[str, str]:
    writer = publication_wording(publication, locale, PLAIN).writer
    changelog = locale_changelog_file(locale)
    info = FeedInfo(
        title=writer.gettext("Claude model deprecations") + f" ({locale})",
        subtitle=writer.gettext(
            "Changes to the %(language)s version of Anthropic's Model deprecations page.",
            language=locale,
        ),
        language=locale,
        feed_url="",
        changelog_url=f"{links_base}/{changelog}",
        page_url=page_url(locale),
    )
    atom, json_name = locale_feed_files(locale)
    return {
        changelog: render_locale_changelog(publication, locale),
        **_feeds(info, locale_feed_days(publication, locale), atom, json_name, files_base),
    }
