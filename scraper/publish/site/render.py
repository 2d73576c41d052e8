"""Render the site: one HTML page per stored language, the static files, and the data files.

Jinja2 with autoescaping on: every value from the page or the snapshots is escaped for where it
lands (text, attribute, SVG), after `finalize` replaced what HTML cannot carry: together, the
HTML sink of `scraper.sinks`. The pages reference only files next to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scraper.ids import FAMILIES
from scraper.publish.site.rows import (
    Change,
    IdFinder,
    ModelRow,
    Sentence,
    Soon,
    known_ids,
    model_rows,
    page_href,
    recent_changes,
    retiring_soon,
    status_counts,
)
from scraper.publish.site.timeline import Timeline, timeline
from scraper.publish.view import Edition, Language, PublicationView
from scraper.records import PLATFORMS, REFERENCE_LOCALE, STATUSES, Status
from scraper.sinks import html_value

STATIC_FILES = ("site.css", "site.js", "favicon.svg")
DATA_DIR = "data"
PLATFORM_NAMES = {
    "claude-api": "Claude API",
    "bedrock": "Bedrock",
    "bedrock-legacy": "Bedrock (legacy)",
    "vertex-ai": "Vertex AI",
    "foundry": "Foundry",
    "aws-platform": "Claude Platform on AWS",
}


@dataclass(frozen=True, slots=True)
class PageContext:
    """Everything one language's page shows."""

    language: Language
    languages: tuple[Language, ...]
    rows: tuple[ModelRow, ...]
    counts: Mapping[Status, int]
    soon: Soon
    chart: Timeline
    changes: tuple[Change, ...]  # in the page's language: its own edition's entries
    standing: tuple[Sentence, ...]  # where the language differs from English, in its words
    platforms: tuple[str, ...]  # the platforms any model has ids on, for the filter
    scope_note: str | None  # which platforms the page's dates apply to, in its words
    data_files: tuple[str, ...]  # published in data/, for every page
    language_files: tuple[str, ...]  # this language's own changelog and feeds, in data/
    checked_at: dt.datetime
    last_change: dt.date | None
    source_url: str

    @property
    def english(self) -> bool:
        return self.language.locale == REFERENCE_LOCALE


def _environment() -> Environment:
    """Autoescaped templates whose own words go through gettext (`{% trans %}`, `_()`): each
    page installs its language's catalog (`Language.catalog`) before it renders."""
    environment = Environment(
        loader=PackageLoader("scraper.publish.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=html_value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Before any template compiles: newstyle gettext escapes the values put in a sentence.
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    environment.globals.update(
        families=FAMILIES,
        statuses=STATUSES,
        status_order={status: index for index, status in enumerate(STATUSES)},
        platform_names=PLATFORM_NAMES,
        page_href=page_href,
    )
    return environment


def date_formatter(locale: str) -> Callable[[dt.date], str]:
    """Dates as the language writes them (CLDR medium format: 19 févr. 2026, 2026年2月19日)."""
    from babel import Locale
    from babel.dates import format_date

    chosen = Locale.parse(locale, sep="-")
    return lambda day: format_date(day, format="medium", locale=chosen)


def published_files(
    view: PublicationView, documents: Sequence[str]
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The files the site publishes in data/ (so its links to "the JSON" and the feeds stay on
    the site): the stored `documents` and the main changelogs and feeds, for every page; and
    per language, its own changelog and feeds."""
    main, translations = view.main, view.translations
    shared = (*documents, main.changelog, main.atom, *([main.json] if main.json else []))
    shared += (translations.changelog, translations.atom)
    own = {
        edition.locale: (edition.changelog, edition.atom, *([edition.json] if edition.json else []))
        for edition in view.editions
    }
    return shared, own


def _edition(view: PublicationView, locale: str) -> Edition:
    """The changelog a language's page follows: its own, English's for English."""
    return next((e for e in view.editions if e.locale == locale), view.main)


def page_contexts(
    view: PublicationView,
    checked_at: dt.datetime,
    data_files: Sequence[str],
    language_files: Mapping[str, Sequence[str]],
) -> list[PageContext]:
    """One context per language: English (the index is built from it) first."""
    rows = tuple(model_rows(view.models, checked_at.date()))
    finder = IdFinder.of(known_ids(view.models))
    english = PageContext(
        language=view.languages[0],
        languages=view.languages,
        rows=rows,
        counts=status_counts(rows),
        soon=retiring_soon(view, rows),
        chart=timeline(rows, checked_at.date()),
        changes=tuple(recent_changes(view.main, finder)),
        standing=(),
        platforms=tuple(
            platform
            for platform in PLATFORMS
            if any(item.platform == platform for row in rows for item in row.platforms)
        ),
        scope_note=view.scope_note,
        data_files=tuple(data_files),
        language_files=(),
        checked_at=checked_at,
        last_change=view.last_change,
        source_url=view.languages[0].page_url,
    )
    return [
        replace(
            english,
            language=language,
            changes=tuple(recent_changes(_edition(view, language.locale), finder)),
            standing=tuple(finder.sentence(said.plain) for said in language.standing),
            language_files=tuple(language_files.get(language.locale, ())),
            source_url=language.page_url,
        )
        for language in view.languages
    ]


def render_pages(contexts: Sequence[PageContext]) -> dict[str, str]:
    """File name → HTML, for every language's page, in its own words."""
    environment = _environment()
    template = environment.get_template("page.html.j2")
    pages = {}
    for context in contexts:
        environment.install_gettext_translations(context.language.catalog, newstyle=True)  # type: ignore[attr-defined]
        pages[page_href(context.language.locale)] = template.render(
            page=context, day=date_formatter(context.language.locale)
        )
    return pages


def render_site(
    view: PublicationView,
    checked_at: dt.datetime,
    data_files: Sequence[str],
    language_files: Mapping[str, Sequence[str]],
) -> dict[str, bytes]:
    """The site's pages and static files, by path in its directory (the data files they link
    to, `data/<name>`, are copied there by the caller)."""
    contexts = page_contexts(view, checked_at, data_files, language_files)
    pages = {name: html.encode("utf-8") for name, html in render_pages(contexts).items()}
    static = files("scraper.publish.site").joinpath("static")
    return pages | {name: static.joinpath(name).read_bytes() for name in STATIC_FILES}
