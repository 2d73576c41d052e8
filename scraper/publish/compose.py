"""The publication view, computed once from the event log, the index, the drift report and the
stored pages (`publication`): the days and their entries (`entries`), every sentence in each
language and both text styles (`wording`), "Retiring soon" and where each translation stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from scraper.answers.standing import status_on, upcoming
from scraper.answers.window import Window
from scraper.fetch.sources import LOCALES, page_url
from scraper.ids import model_name
from scraper.publish.entries import Entry, by_day
from scraper.publish.i18n import N_, language_name
from scraper.publish.languages import CopyDates, languages
from scraper.publish.soon import NOTICE_DAYS, RETIRING_WINDOW, as_of, candidates, earliest
from scraper.publish.view import (
    Day,
    DriftItem,
    Edition,
    Item,
    Line,
    ModelFacts,
    PublicationView,
    Said,
    Soon,
    Standing,
    StandingLanguage,
)
from scraper.publish.wording import (
    Copies,
    DriftFact,
    Wording,
    copies_sentence,
    describe_locales,
    drift_facts,
    drift_sentence,
    fold_drift_dates,
    wording,
)
from scraper.records import REFERENCE_LOCALE, CanonicalModel, ModelIndex, PageContent
from scraper.sinks import MARKDOWN, PLAIN
from scraper.track.drift import DriftReport, subject_of
from scraper.track.events import Event
from scraper.track.index import canonical_models

CHANGELOG_FILE = "CHANGELOG.md"
TRANSLATIONS_FILE = "TRANSLATIONS.md"
ATOM_FILE = "feed.atom"
JSON_FEED_FILE = "feed.json"
TRANSLATIONS_FEED_FILE = "feed.translations.atom"
_GENERATED = N_("Generated from `events.json` by `deprecations run`; do not edit by hand.")


def locale_files(locale: str) -> tuple[str, str, str]:
    """A translation's changelog, Atom feed and JSON feed."""
    return f"CHANGELOG.{locale}.md", f"feed.{locale}.atom", f"feed.{locale}.json"


@dataclass(frozen=True, slots=True)
class _Words:
    """How one language tells events, in Markdown and in plain text."""

    markdown: Wording
    plain: Wording

    def headline(self, event: Event) -> Said:
        return Said(self.markdown.headline(event), self.plain.headline(event))

    def drift(self, fact: DriftFact) -> Said:
        return Said(drift_sentence(self.markdown, fact), drift_sentence(self.plain, fact))

    def details(self, event: Event, told: set[str]) -> tuple[Said, ...]:
        pairs = zip(
            self.markdown.details(event, told), self.plain.details(event, told), strict=True
        )
        return tuple(Said(markdown, plain) for markdown, plain in pairs)

    def join(self, parts: Sequence[Said]) -> Said:
        return Said(
            self.markdown.join([part.markdown for part in parts]),
            self.plain.join([part.plain for part in parts]),
        )

    def gettext(self, message: str, **values: object) -> str:
        return self.plain.writer.gettext(message, **values)


@dataclass(frozen=True, slots=True)
class _Inputs:
    events: tuple[Event, ...]
    models: ModelIndex | None
    drift: DriftReport | None
    pages: Mapping[str, PageContent]
    today: dt.date
    copies: CopyDates
    last_change: dt.date | None  # the newest day the log records a change (reminders aside)

    def english_dates(self, model: str) -> tuple[dt.date | None, dt.date | None]:
        found = {m.model: m for m in self.models.models} if self.models else {}
        record = found.get(model)
        return (record.deprecated_on, record.retires_on) if record else (None, None)

    def words(self, locale: str) -> _Words:
        page = self.pages.get(locale)

        def styled(style: object) -> Wording:
            return wording(
                locale,
                MARKDOWN if style is MARKDOWN else PLAIN,
                page_words=page.status_words if page else None,
                log=self.events,
                english_facts=self.english_dates,
            )

        return _Words(styled(MARKDOWN), styled(PLAIN))

    def translations(self) -> list[str]:
        """The languages with a stored page, but English, in the docs' order."""
        return [locale for locale in LOCALES if locale in self.pages and locale != REFERENCE_LOCALE]


# -- entries ---------------------------------------------------------------------------------


def _page_of(locales: Sequence[str]) -> str:
    """The page an entry links to: English's when English says it, else its first language's."""
    shown = REFERENCE_LOCALE if REFERENCE_LOCALE in locales or not locales else locales[0]
    return page_url(shown)


def _item(entry: Entry, words: _Words, labelled: bool) -> Item:
    """An entry as a changelog line and a feed item; `labelled`: its languages are shown."""
    head = entry.head
    told = {event.model for event in entry.beneath if event.model}
    return Item(
        id=head.id,
        anchor=entry.anchor,
        page_url=_page_of(entry.locales),
        head=Line(words.headline(head), describe_locales(entry.locales) if labelled else None),
        details=words.details(head, told),
        beneath=tuple(
            Line(
                words.headline(event),
                describe_locales(event.locales)
                if labelled and event.locales != entry.locales
                else None,
            )
            for event in entry.beneath
        ),
        tags=tuple(dict.fromkeys(event.type for event in entry.events)) + entry.locales,
        locales=entry.locales,
    )


def _dated(fact: DriftFact, copies: CopyDates) -> DriftFact:
    """The fact with the dates of the two copies compared on its day, where the log has them."""
    english = copies.on(REFERENCE_LOCALE, fact.seen)
    translated = copies.on(fact.language, fact.seen)
    return replace(fact, copies=Copies(english, translated)) if english and translated else fact


def _fact_key(fact: DriftFact) -> tuple[object, ...]:
    """A fact as folding keeps it or drops it (it may come back with more to say)."""
    return (fact.language, fact.model, fact.field, fact.appeared, fact.seen)


def _drift_items(
    entries: Sequence[Entry], words: _Words, keep: Callable[[DriftFact], bool], copies: CopyDates
) -> tuple[DriftItem, ...]:
    """One item per drift event: a sentence per language it keeps, but those a status
    sentence of the same day tells already (folded across the day, as one list)."""
    facts = [
        (entry, _dated(fact, copies))
        for entry in entries
        for fact in drift_facts(entry.head)
        if keep(fact)
    ]
    shown = {_fact_key(fact): fact for fact in fold_drift_dates([fact for _, fact in facts])}
    items = []
    for entry in entries:
        own = [fact for e, fact in facts if e is entry]
        told = [shown[_fact_key(fact)] for fact in own if _fact_key(fact) in shown]
        sentences = tuple(words.drift(fact) for fact in told)
        items.append(
            DriftItem(
                id=entry.head.id,
                anchor=entry.anchor,
                page_url=_page_of([fact.language for fact in told or own]),
                sentences=sentences,
                joined=words.join(sentences),
                tags=("locale_drift", *(fact.language for fact in own)),
            )
        )
    return tuple(items)


def _days(
    events: Sequence[Event],
    words: _Words,
    heading: Callable[[dt.date], str],
    *,
    labelled: bool,
    keep: Callable[[DriftFact], bool],
    copies: CopyDates,
) -> tuple[Day, ...]:
    """The events by day, newest first: the page's entries, then the drift entries."""
    days = []
    for day, entries in by_day(events):
        page = [entry for entry in entries if entry.head.type != "locale_drift"]
        drift = [entry for entry in entries if entry.head.type == "locale_drift"]
        days.append(
            Day(
                date=day,
                heading=heading(day),
                items=tuple(_item(entry, words, labelled) for entry in page),
                drift=_drift_items(drift, words, keep, copies),
            )
        )
    return tuple(days)


# -- what stands above the days ----------------------------------------------------------------


def _soon_line(model: CanonicalModel, words: _Words) -> Said:
    def tell(w: Wording, bold: str) -> str:
        assert model.retires_on is not None  # candidates() keeps dated models only here
        when = (
            w.writer.gettext("not sooner than %(date)s (tentative)", date=w.date(model.retires_on))
            if model.retires_on_qualifier == "not_sooner_than"
            else w.writer.gettext("%(date)s (firm)", date=w.date(model.retires_on))
        )
        what = w.join([w.model(model.model), w.replacement(model.replacement)])
        return w.writer.gettext("%(when)s: %(what)s", when=f"{bold}{when}{bold}", what=what)

    return Said(tell(words.markdown, "**"), tell(words.plain, ""))


def _unannounced_line(model: CanonicalModel, day: dt.date, words: _Words) -> Said:
    def tell(w: Wording, bold: str) -> str:
        when = w.writer.gettext("not before %(date)s", date=w.date(earliest(model, day)))
        what = w.join(
            [w.model(model.model), w.retirement(model.retires_on, model.retires_on_qualifier)]
        )
        return w.writer.gettext("%(when)s: %(what)s", when=f"{bold}{when}{bold}", what=what)

    return Said(tell(words.markdown, "**"), tell(words.plain, ""))


def _soon_lead(day: dt.date, listed: bool, words: _Words) -> str:
    writer = words.plain.writer
    if listed:
        return writer.ngettext(
            "As of %(date)s: retirement dates in the next %(count)d day, soonest first. A tentative date is the earliest day the model may retire.",
            "As of %(date)s: retirement dates in the next %(count)d days, soonest first. A tentative date is the earliest day the model may retire.",
            RETIRING_WINDOW.count,
            date=words.plain.date(day),
        )
    return writer.ngettext(
        "As of %(date)s: no retirement date in the next %(count)d day.",
        "As of %(date)s: no retirement date in the next %(count)d days.",
        RETIRING_WINDOW.count,
        date=words.plain.date(day),
    )


def _soon(
    models: Sequence[CanonicalModel],
    inputs: _Inputs,
    words: _Words,
    source: str | None = None,
) -> Soon:
    """What retires in the window, as of the first day it has been the same (see `soon`)."""
    today = inputs.today
    day = as_of(models, today, inputs.last_change)
    found = candidates(models, today, today)
    listed = sorted((*found.firm, *found.noticed), key=lambda m: (m.retires_on, m.model))
    apart = sorted(found.unannounced, key=lambda model: (earliest(model, day), model.model))
    tentative = [model for model in (*found.noticed, *found.unannounced) if model.retires_on]
    later = upcoming(models, today, Window(100, "y"), today=today)
    return Soon(
        heading=words.gettext("Retiring soon"),
        days=RETIRING_WINDOW.count,
        as_of=day,
        lead=_soon_lead(day, bool(listed), words),
        lines=tuple(_soon_line(model, words) for model in listed),
        unannounced_lead=words.plain.writer.ngettext(
            "No retirement announced yet: with the page's notice of at least %(count)d day, none of these retires before the day shown.",
            "No retirement announced yet: with the page's notice of at least %(count)d days, none of these retires before the day shown.",
            NOTICE_DAYS,
        ),
        unannounced_lines=tuple(_unannounced_line(model, day, words) for model in apart),
        source=source,
        firm=tuple(model.model for model in found.firm),
        tentative=tuple(
            model.model for model in sorted(tentative, key=lambda m: (m.retires_on, m.model))
        ),
        noticed=tuple(model.model for model in found.noticed),
        unannounced=tuple(model.model for model in apart),
        next_firm=None if found.firm or not later else later[0].model,
    )


def _edition_soon(inputs: _Inputs, locale: str, words: _Words) -> Soon | None:
    """A language's "Retiring soon" from its own page, unless that page is older than the
    English one and says otherwise: then from English, saying so and how far behind it is."""
    page = inputs.pages.get(locale)
    own = canonical_models(page, inputs.today).models if page is not None else ()
    if inputs.models is None:  # no English page to compare with: the page's own facts
        return _soon(own, inputs, words) if page is not None else None
    english = inputs.models.models
    english_copy = inputs.copies.on(REFERENCE_LOCALE, inputs.today)
    own_copy = inputs.copies.on(locale, inputs.today)
    same = candidates(own, inputs.today, inputs.today).facts() == (
        candidates(english, inputs.today, inputs.today).facts()
    )
    if page is not None and (same or not english_copy or not own_copy or own_copy >= english_copy):
        return _soon(own, inputs, words)
    behind = (english_copy - own_copy).days if english_copy and own_copy else 0
    source = words.plain.writer.ngettext(
        "These dates are the English page's: this page is %(count)d day behind it (its last change was on %(date)s).",
        "These dates are the English page's: this page is %(count)d days behind it (its last change was on %(date)s).",
        behind,
        date=words.plain.date(own_copy),
    )
    return _soon(english, inputs, words, source)


def _disagreements(report: DriftReport, locale: str, words: _Words) -> tuple[Said, ...]:
    """Where one language disagrees with English now, in `words`."""
    drift = report.locales.get(locale)
    facts = [
        DriftFact(locale, item.model, item.field, item.english, item.translated, True, report.as_of)
        for item in (drift.disagreements if drift else ())
    ]
    return tuple(words.drift(fact) for fact in fold_drift_dates(facts))


def _standing(report: DriftReport, words: _Words, copies: CopyDates) -> Standing:
    """Where each language disagrees with English now, per language, and which page is newer."""
    languages = []
    for locale in report.locales:
        sentences = _disagreements(report, locale, words)
        if not sentences:
            continue
        english, translated = (
            copies.on(REFERENCE_LOCALE, report.as_of),
            copies.on(locale, report.as_of),
        )
        languages.append(
            StandingLanguage(
                locale=locale,
                copies=copies_sentence(words.plain, locale, Copies(english, translated))
                if english and translated
                else None,
                sentences=sentences,
            )
        )
    return Standing(
        heading=words.gettext("Where each language stands"),
        all_agree=words.gettext("Every translation agrees with English."),
        languages=tuple(languages),
    )


# -- the editions ------------------------------------------------------------------------------


Ended = frozenset[tuple[dt.date, str, str | None, str | None]]


def _ended(events: Sequence[Event]) -> Ended:
    """(day, language, model, field) of every disagreement with English that ended that day."""
    return frozenset(
        (event.detected_at, locale, event.model, event.field)
        for event in events
        if event.type == "locale_drift" and event.after is None
        for locale in event.locales
    )


def _catching_up(event: Event, ended: Ended) -> bool:
    """A translation's change after which it agreed with English again that day: old news of
    the page, told in its own changelog and in TRANSLATIONS.md, not in the main one."""
    subject = subject_of(event)
    if REFERENCE_LOCALE in event.locales or subject is None:
        return False
    return all((event.detected_at, locale, *subject) in ended for locale in event.locales)


def _main(inputs: _Inputs) -> Edition:
    words = inputs.words(REFERENCE_LOCALE)
    others = " · ".join(
        f"[{language_name(locale)}]({locale_files(locale)[0]})" for locale in inputs.translations()
    )
    intro = [
        words.gettext(
            "What changed on Anthropic's *Model deprecations* page, in every language, newest first."
        ),
        words.gettext(
            "Where the translations differ from English: [TRANSLATIONS.md](TRANSLATIONS.md)."
        ),
        *(
            [words.gettext("In each language's own words: %(links)s.", links=others)]
            if others
            else []
        ),
        words.gettext(_GENERATED),
    ]
    ended = _ended(inputs.events)
    events = [
        event
        for event in inputs.events
        if event.type != "locale_drift" and not _catching_up(event, ended)
    ]
    return Edition(
        locale=REFERENCE_LOCALE,
        changelog=CHANGELOG_FILE,
        atom=ATOM_FILE,
        json=JSON_FEED_FILE,
        title=words.gettext("Changelog: Claude model deprecations"),
        intro=tuple(intro),
        feed_title=words.gettext("Claude model deprecations"),
        feed_subtitle=words.gettext(
            "Changes to Anthropic's Model deprecations page, in every language."
        ),
        page_url=page_url(REFERENCE_LOCALE),
        nothing_yet=words.gettext("Nothing recorded yet."),
        soon=_soon(inputs.models.models, inputs, words) if inputs.models else None,
        standing=None,
        against_english=None,
        days=_english_days(inputs, events, words, labelled=True),
    )


def _english_days(
    inputs: _Inputs, events: Sequence[Event], words: _Words, *, labelled: bool
) -> tuple[Day, ...]:
    """The days of an English edition: ISO headings, every language's drift."""
    return _days(
        events,
        words,
        dt.date.isoformat,
        labelled=labelled,
        keep=lambda fact: True,
        copies=inputs.copies,
    )


def _translations(inputs: _Inputs) -> Edition:
    words = inputs.words(REFERENCE_LOCALE)
    events = [event for event in inputs.events if event.type == "locale_drift"]
    return Edition(
        locale=REFERENCE_LOCALE,
        changelog=TRANSLATIONS_FILE,
        atom=TRANSLATIONS_FEED_FILE,
        json=None,
        title=words.gettext("Translations against English"),
        intro=(
            words.gettext(
                "Where a translation of the page says something other than the English page, and when that started or ended, newest first."
            ),
            words.gettext(
                "Generated from `events.json` and `drift.json` by `deprecations run`; do not edit by hand."
            ),
        ),
        feed_title=words.gettext("Claude model deprecations: translations against English"),
        feed_subtitle=words.gettext(
            "Where a translation of the page starts or stops differing from English."
        ),
        page_url=page_url(REFERENCE_LOCALE),
        nothing_yet=words.gettext("Nothing recorded yet."),
        soon=None,
        standing=_standing(inputs.drift, words, inputs.copies)
        if inputs.drift is not None
        else None,
        against_english=None,
        days=_english_days(inputs, events, words, labelled=False),
    )


def _edition(inputs: _Inputs, locale: str) -> Edition:
    """CHANGELOG.<locale>.md: that language's own events, in its page's words and dates."""
    words = inputs.words(locale)
    changelog, atom, json = locale_files(locale)
    events = [event for event in inputs.events if locale in event.locales]
    return Edition(
        locale=locale,
        changelog=changelog,
        atom=atom,
        json=json,
        title=words.gettext("Changelog: Claude model deprecations") + f" ({locale})",
        intro=(
            words.gettext(
                "What changed on the %(language)s version of Anthropic's *Model deprecations* page, newest first, in the page's own words.",
                language=locale,
            ),
            words.gettext("In English, with every language: [CHANGELOG.md](CHANGELOG.md)."),
            words.gettext(_GENERATED),
        ),
        feed_title=words.gettext("Claude model deprecations") + f" ({locale})",
        feed_subtitle=words.gettext(
            "Changes to the %(language)s version of Anthropic's Model deprecations page.",
            language=locale,
        ),
        page_url=page_url(locale),
        nothing_yet=words.gettext("Nothing recorded yet."),
        soon=_edition_soon(inputs, locale, words),
        standing=None,
        against_english=words.gettext("Against the English page"),
        days=_days(
            events,
            words,
            words.plain.writer.date,
            labelled=False,
            keep=lambda fact: fact.language == locale,
            copies=inputs.copies,
        ),
    )


# -- the models ----------------------------------------------------------------------------------


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


def _models(
    models: Sequence[CanonicalModel], events: Sequence[Event], today: dt.date
) -> tuple[ModelFacts, ...]:
    seen = first_seen(events)
    earliest = min(seen.values(), default=None)
    return tuple(
        ModelFacts(
            model=model,
            name=model_name(model.model),
            status=status_on(model, today, today),
            first_seen=seen.get(model.model, earliest),
            conflicts=tuple(
                f"the status table says {conflict.field.replace('_', ' ')} "
                f"{conflict.status_table}, the {conflict.announcement.isoformat()} history "
                f"section says {conflict.history}"
                for conflict in model.conflicts
            ),
        )
        for model in models
    )


def publication(
    events: Sequence[Event],
    models: ModelIndex | None,
    drift: DriftReport | None,
    pages: Mapping[str, PageContent],
    today: dt.date,
) -> PublicationView:
    """Everything published from the log (newest first), as of `today`."""
    reminders_aside = [event for event in events if event.type != "retirement_reminder"]
    last_change = max((event.detected_at for event in reminders_aside), default=None)
    inputs = _Inputs(tuple(events), models, drift, pages, today, CopyDates.of(events), last_change)
    return PublicationView(
        today=today,
        main=_main(inputs),
        translations=_translations(inputs),
        editions=tuple(_edition(inputs, locale) for locale in inputs.translations()),
        models=_models(models.models, events, today) if models else (),
        scope_note=models.scope_note if models else None,
        last_change=last_change,
        languages=tuple(
            replace(
                language,
                standing=_disagreements(drift, language.locale, inputs.words(language.locale)),
            )
            if drift is not None and language.locale != REFERENCE_LOCALE
            else language
            for language in languages(pages, drift, today)
        ),
    )
