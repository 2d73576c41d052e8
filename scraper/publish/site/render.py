"""Render the site: one HTML page per stored language, the static files, and the data files.

Jinja2 with autoescaping on: every value from the page or the snapshots is escaped for where it
lands (text, attribute, SVG). The pages reference only files next to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scraper.fetch.sources import page_url
from scraper.publish.changelogs import CHANGELOG_FILE, TRANSLATIONS_FILE, locale_changelog_file
from scraper.publish.files import (
    ATOM_FILE,
    JSON_FEED_FILE,
    TRANSLATIONS_FEED_FILE,
    locale_feed_files,
)
from scraper.publish.site.inputs import SiteInputs, read_inputs
from scraper.publish.site.timeline import Timeline, timeline
from scraper.publish.site.view import (
    FAMILIES,
    ChangeItem,
    Language,
    ModelRow,
    Soon,
    languages,
    model_rows,
    recent_changes,
    retiring_soon,
    status_counts,
)
from scraper.records import PLATFORMS, REFERENCE_LOCALE, STATUSES, Status
from scraper.store.snapshots import DRIFT_FILE, EVENTS_FILE, MODELS_FILE, write_if_changed

STATIC_FILES = ("site.css", "site.js", "favicon.svg")
DATA_DIR = "data"
# Published next to the pages, so the links to "the JSON" and the feeds stay on the site.
DATA_FILES = (
    MODELS_FILE,
    EVENTS_FILE,
    DRIFT_FILE,
    CHANGELOG_FILE,
    ATOM_FILE,
    JSON_FEED_FILE,
    TRANSLATIONS_FILE,
    TRANSLATIONS_FEED_FILE,
)
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
    changes: tuple[ChangeItem, ...]
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


def language_files(locale: str) -> tuple[str, ...]:
    """A translation's own changelog and feeds, in its words (none for English: the main ones)."""
    if locale == REFERENCE_LOCALE:
        return ()
    return (locale_changelog_file(locale), *locale_feed_files(locale))


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("scraper.publish.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(
        families=FAMILIES,
        statuses=STATUSES,
        status_order={status: index for index, status in enumerate(STATUSES)},
        platform_names=PLATFORM_NAMES,
    )
    return environment


def date_formatter(locale: str) -> Callable[[dt.date], str]:
    """Dates as the language writes them (CLDR medium format: 19 févr. 2026, 2026年2月19日)."""
    from babel import Locale
    from babel.dates import format_date

    chosen = Locale.parse(locale, sep="-")
    return lambda day: format_date(day, format="medium", locale=chosen)


def page_contexts(inputs: SiteInputs, checked_at: dt.datetime) -> list[PageContext]:
    """One context per language: English (the index is built from it) first."""
    today = checked_at.date()
    rows = tuple(model_rows(inputs.index.models, inputs.events, today))
    found = tuple(languages(inputs.pages, inputs.drift, today))
    page_events = [event for event in inputs.events if event.type != "retirement_reminder"]
    english = PageContext(
        language=found[0],
        languages=found,
        rows=rows,
        counts=status_counts(rows),
        soon=retiring_soon(inputs.index.models, rows, today),
        chart=timeline(rows, today),
        changes=tuple(recent_changes(inputs.events)),
        platforms=tuple(
            platform
            for platform in PLATFORMS
            if any(item.platform == platform for row in rows for item in row.platforms)
        ),
        scope_note=inputs.index.scope_note,
        data_files=(),
        language_files=(),
        checked_at=checked_at,
        last_change=max((event.detected_at for event in page_events), default=None),
        source_url=page_url(REFERENCE_LOCALE),
    )
    return [
        replace(english, language=language, source_url=page_url(language.locale))
        for language in found
    ]


def render_pages(contexts: Sequence[PageContext]) -> dict[str, str]:
    """File name → HTML, for every language's page."""
    template = _environment().get_template("page.html.j2")
    return {
        context.language.href: template.render(
            page=context, day=date_formatter(context.language.locale)
        )
        for context in contexts
    }


def build_site(snapshots: Path, out_dir: Path, checked_at: dt.datetime) -> list[Path]:
    """Write the site into `out_dir`; returns the files whose content changed.

    Only the site's own files are written; anything else in `out_dir` is left alone.
    """
    inputs = read_inputs(snapshots)

    def present(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name for name in names if (snapshots / name).is_file())

    contexts = [
        replace(
            context,
            data_files=present(DATA_FILES),
            language_files=present(language_files(context.language.locale)),
        )
        for context in page_contexts(inputs, checked_at)
    ]
    published = {name for page in contexts for name in (*page.data_files, *page.language_files)}
    outputs = {out_dir / name: html for name, html in render_pages(contexts).items()}
    static = files("scraper.publish.site").joinpath("static")
    for name in STATIC_FILES:
        outputs[out_dir / name] = static.joinpath(name).read_text(encoding="utf-8")
    for name in sorted(published):
        outputs[out_dir / DATA_DIR / name] = (snapshots / name).read_text(encoding="utf-8")
    return [path for path, text in outputs.items() if write_if_changed(path, text)]
