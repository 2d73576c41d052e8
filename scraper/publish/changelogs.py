"""The changelogs people read: CHANGELOG.md, TRANSLATIONS.md and CHANGELOG.<locale>.md.

Pure functions of the event log, the canonical models, the drift report and the stored pages
(for each language's own words), plus the day for "Retiring soon". Every entry carries the
anchor `event-<id>` that the feeds link to and a site can reuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from scraper.answers.standing import upcoming
from scraper.answers.window import Window
from scraper.fetch.sources import LOCALES
from scraper.publish.entries import Entry, by_day
from scraper.publish.i18n import language_name
from scraper.publish.wording import (
    DriftFact,
    Wording,
    describe_locales,
    drift_facts,
    drift_sentence,
    fold_drift_dates,
    wording,
)
from scraper.records import REFERENCE_LOCALE, CanonicalModel, ModelIndex, PageContent
from scraper.sinks import MARKDOWN, TextStyle
from scraper.track.drift import DriftReport
from scraper.track.events import Event

RETIRING_WINDOW = Window(90, "d")
CHANGELOG_FILE = "CHANGELOG.md"
TRANSLATIONS_FILE = "TRANSLATIONS.md"


def locale_changelog_file(locale: str) -> str:
    return f"CHANGELOG.{locale}.md"


@dataclass(frozen=True, slots=True)
class Publication:
    """Everything the changelogs and feeds are rendered from."""

    events: tuple[Event, ...]
    models: ModelIndex | None
    drift: DriftReport | None
    pages: Mapping[str, PageContent]
    today: dt.date

    def page_events(self) -> list[Event]:
        return [event for event in self.events if event.type != "locale_drift"]

    def drift_events(self) -> list[Event]:
        return [event for event in self.events if event.type == "locale_drift"]

    def own_events(self, locale: str) -> list[Event]:
        """The events a language's page caused, and its drift against English."""
        return [event for event in self.events if locale in event.locales]

    def tracked_translations(self) -> list[str]:
        """The languages with a stored page, but English, in the docs' order."""
        return [locale for locale in LOCALES if locale in self.pages and locale != REFERENCE_LOCALE]

    def english_facts(self, model: str) -> tuple[dt.date | None, dt.date | None]:
        found = {m.model: m for m in self.models.models} if self.models else {}
        record = found.get(model)
        return (record.deprecated_on, record.retires_on) if record else (None, None)


def publication_wording(publication: Publication, locale: str, style: TextStyle) -> Wording:
    """How `locale`'s changelog and feeds tell the publication's events (`wording.wording`)."""
    page = publication.pages.get(locale)
    return wording(
        locale,
        style,
        page_words=page.status_words if page else None,
        log=publication.events,
        english_facts=publication.english_facts,
    )


def _anchor(entry: Entry) -> str:
    return f'<a id="{entry.anchor}"></a>'


def entry_lines(entry: Entry, w: Wording, label: Callable[[Event], str]) -> list[str]:
    """A list item for the entry, its details and the changes it caused indented beneath."""
    lines = [f"- {_anchor(entry)}{label(entry.head)}{w.headline(entry.head)}"]
    told = {event.model for event in entry.beneath if event.model}
    lines.extend(f"  - {detail}" for detail in w.details(entry.head, told))
    for event in entry.beneath:
        shown = "" if event.locales == entry.head.locales else label(event)
        lines.append(f"  - {shown}{w.headline(event)}")
    return lines


def _languages(event: Event) -> str:
    return f"**{describe_locales(event.locales)}**: "


def _nothing(event: Event) -> str:
    return ""


def retiring_lines(models: Iterable[CanonicalModel], today: dt.date, w: Wording) -> list[str]:
    """The "Retiring soon" block: changes only when a model enters or leaves the window."""
    soon = upcoming(list(models), today, RETIRING_WINDOW, today=today, include_tentative=True)
    lines = ["## " + w.writer.gettext("Retiring soon"), ""]
    if not soon:
        lines.append(
            w.writer.ngettext(
                "No model retires in the next %(count)d day.",
                "No model retires in the next %(count)d days.",
                RETIRING_WINDOW.count,
            )
        )
        return [*lines, ""]
    lines.append(
        w.writer.ngettext(
            "Retirement dates in the next %(count)d day, soonest first. A tentative date is the earliest day the model may retire.",
            "Retirement dates in the next %(count)d days, soonest first. A tentative date is the earliest day the model may retire.",
            RETIRING_WINDOW.count,
        )
    )
    lines.append("")
    for model in soon:
        assert model.retires_on is not None  # upcoming() keeps dated models only
        when = (
            w.writer.gettext("not sooner than %(date)s (tentative)", date=w.date(model.retires_on))
            if model.retires_on_qualifier == "not_sooner_than"
            else w.writer.gettext("%(date)s (firm)", date=w.date(model.retires_on))
        )
        lines.append(
            "- "
            + w.writer.gettext(
                "%(when)s: %(what)s",
                when=f"**{when}**",
                what=w.join([w.model(model.model), w.replacement(model.replacement)]),
            )
        )
    return [*lines, ""]


def _days(
    events: Sequence[Event],
    w: Wording,
    label: Callable[[Event], str],
    heading: Callable[[dt.date], str],
) -> list[str]:
    lines: list[str] = []
    for day, entries in by_day(events):
        lines.extend([f"## {heading(day)}", ""])
        for entry in entries:
            lines.extend(entry_lines(entry, w, label))
        lines.append("")
    return lines


def _head(title: str, intro: Sequence[str]) -> list[str]:
    return [f"# {title}", "", *intro, ""]


def _retiring(publication: Publication, w: Wording) -> list[str]:
    if publication.models is None:
        return []
    return retiring_lines(publication.models.models, publication.today, w)


def _document(
    w: Wording, head: list[str], top: list[str], events: Sequence[Event], days: list[str]
) -> str:
    """A changelog: its head, what stands above the days, then the days, newest first."""
    empty = [] if events else [w.writer.gettext("Nothing recorded yet.")]
    return "\n".join([*head, *top, *empty, *days]).rstrip("\n") + "\n"


def render_changelog(publication: Publication) -> str:
    """CHANGELOG.md: "Retiring soon", then what changed on the page, newest day first."""
    w = publication_wording(publication, REFERENCE_LOCALE, MARKDOWN)
    others = " · ".join(
        f"[{language_name(locale)}]({locale_changelog_file(locale)})"
        for locale in publication.tracked_translations()
    )
    intro = [
        w.writer.gettext(
            "What changed on Anthropic's *Model deprecations* page, in every language, newest first."
        ),
        w.writer.gettext(
            "Where the translations differ from English: [TRANSLATIONS.md](TRANSLATIONS.md)."
        ),
        *(
            [w.writer.gettext("In each language's own words: %(links)s.", links=others)]
            if others
            else []
        ),
        w.writer.gettext(
            "Generated from `events.json` by `deprecations run`; do not edit by hand."
        ),
    ]
    head = _head(w.writer.gettext("Changelog: Claude model deprecations"), intro)
    events = publication.page_events()
    days = _days(events, w, _languages, lambda day: day.isoformat())
    return _document(w, head, _retiring(publication, w), events, days)


def _standing(report: DriftReport, w: Wording) -> list[str]:
    """Where each language disagrees with English now, per language."""
    lines = ["## " + w.writer.gettext("Where each language stands"), ""]
    behind = {
        locale: drift.disagreements
        for locale, drift in report.locales.items()
        if drift.disagreements
    }
    if not behind:
        return [*lines, w.writer.gettext("Every translation agrees with English."), ""]
    for locale, items in behind.items():
        facts = [
            DriftFact(
                locale, item.model, item.field, item.english, item.translated, True, report.as_of
            )
            for item in items
        ]
        lines.extend([f"### {locale}", ""])
        lines.extend(f"- {drift_sentence(w, fact)}" for fact in fold_drift_dates(facts))
        lines.append("")
    return lines


def _drift_lines(
    entries: Sequence[Entry], w: Wording, keep: Callable[[DriftFact], bool]
) -> list[str]:
    """One line per language and disagreement; the first line of an event holds its anchor."""
    facts = [(entry, fact) for entry in entries for fact in drift_facts(entry.head) if keep(fact)]
    shown = fold_drift_dates([fact for _, fact in facts])
    lines: list[str] = []
    anchored: set[str] = set()
    for entry, fact in facts:
        if fact not in shown:
            continue
        anchor = "" if entry.anchor in anchored else _anchor(entry)
        anchored.add(entry.anchor)
        lines.append(f"- {anchor}{drift_sentence(w, fact)}")
    return lines


def _translation_days(events: Sequence[Event], w: Wording) -> list[str]:
    lines: list[str] = []
    for day, entries in by_day(events):
        lines.extend([f"## {day.isoformat()}", ""])
        lines.extend(_drift_lines(entries, w, lambda fact: True))
        lines.append("")
    return lines


def render_translations(publication: Publication) -> str:
    """TRANSLATIONS.md: where each translation stands against English, then changes by day."""
    w = publication_wording(publication, REFERENCE_LOCALE, MARKDOWN)
    intro = [
        w.writer.gettext(
            "Where a translation of the page says something other than the English page, and when that started or ended, newest first."
        ),
        w.writer.gettext(
            "Generated from `events.json` and `drift.json` by `deprecations run`; do not edit by hand."
        ),
    ]
    head = _head(w.writer.gettext("Translations against English"), intro)
    top = _standing(publication.drift, w) if publication.drift is not None else []
    events = publication.drift_events()
    return _document(w, head, top, events, _translation_days(events, w))


def _locale_days(events: Sequence[Event], locale: str, w: Wording) -> list[str]:
    """A language's days: its page's changes, then where it started or stopped differing."""
    lines: list[str] = []
    for day, entries in by_day(events):
        lines.extend([f"## {w.writer.date(day)}", ""])
        page = [entry for entry in entries if entry.head.type != "locale_drift"]
        drift = [entry for entry in entries if entry.head.type == "locale_drift"]
        for entry in page:
            lines.extend(entry_lines(entry, w, _nothing))
        if drift:
            lines.extend(
                [*([""] if page else []), "### " + w.writer.gettext("Against the English page"), ""]
            )
        lines.extend(_drift_lines(drift, w, lambda fact: fact.language == locale))
        lines.append("")
    return lines


def render_locale_changelog(publication: Publication, locale: str) -> str:
    """CHANGELOG.<locale>.md: that language's own events, in its page's words and dates."""
    w = publication_wording(publication, locale, MARKDOWN)
    intro = [
        w.writer.gettext(
            "What changed on the %(language)s version of Anthropic's *Model deprecations* page, newest first, in the page's own words.",
            language=locale,
        ),
        w.writer.gettext("In English, with every language: [CHANGELOG.md](CHANGELOG.md)."),
        w.writer.gettext(
            "Generated from `events.json` by `deprecations run`; do not edit by hand."
        ),
    ]
    head = _head(w.writer.gettext("Changelog: Claude model deprecations") + f" ({locale})", intro)
    events = publication.own_events(locale)
    return _document(w, head, _retiring(publication, w), events, _locale_days(events, locale, w))
