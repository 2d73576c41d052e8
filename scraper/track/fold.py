"""The log as a fold: what events.json last said about each thing a page, a translation or a
platform shows.

Others act on events.json, so a run must never publish an event that repeats or contradicts
it. A run therefore compares what the pages say now with what the log says (this fold), not
with the newest event of a kind: a change is published exactly when the two disagree.

Each thing an event is about is a key with one value, in one of three scopes:

    page (per language)  ("listed", model) bool; ("status" | "deprecated_on" | "retires_on" |
                         "retires_on_qualifier", model); ("section", day) its title or None;
                         ("retired_on", day); ("entry", day, model) bool;
                         ("entry.retires_on" | "entry.replacement", day, model);
                         ("table", section) its TableFacts or None
    drift (per language) ("drift", model or "", field) its DriftValues or None
    platforms            ("platform-id", model, platform, id) bool;
                         ("platform-status", model, platform); ("aliases", model)

`page_facts`, `index_facts` and `drift_facts` give the same keys for the documents a run
stores. The log knows the keys its events touched; what a language's page said at its
baseline is in its snapshot, not in the log (a baseline event carries counts only), so the
published state is a stored document corrected by the fold (`track.published`). Retracted
events are left out of the fold, as the README tells consumers to do: a key only a
retracted event touched keeps the value that event found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import JsonValue

from scraper.records import CanonicalModel, ModelIndex, ModelStatus, PageContent, iso
from scraper.track.drift import Disagreement, DriftSubject
from scraper.track.events import Event
from scraper.track.payloads import (
    AnnouncementFacts,
    DriftValues,
    EntryFacts,
    RetirementContext,
    RowFacts,
    TableFacts,
    read,
)

Key = tuple[str, ...]
Facts = dict[Key, JsonValue]
Scope = Literal["page", "drift", "platforms"]
ROW_FIELDS = ("status", "deprecated_on", "retires_on", "retires_on_qualifier")
ENTRY_FIELDS = ("entry.retires_on", "entry.replacement")
# What a key's absence means: not listed, no section, no table, no disagreement.
PRESENCE = {"listed": False, "entry": False, "platform-id": False, "section": None}
PRESENCE |= {"table": None, "drift": None}
# The keys that mean nothing once the key they hang on says "gone" (a removed model's dates).
DEPENDENTS = {
    "listed": ROW_FIELDS,
    "section": ("retired_on", "entry", *ENTRY_FIELDS),
    "entry": ENTRY_FIELDS,
}


@dataclass(frozen=True, slots=True)
class Effect:
    """What one event says about one key: it was `before`, it is `after`."""

    scope: Scope
    key: Key
    before: JsonValue
    after: JsonValue


@dataclass(frozen=True, slots=True)
class Fold:
    """What the log last said: per language, per translation and for the platforms."""

    pages: Mapping[str, Facts]
    drift: Mapping[str, Facts]
    platforms: Facts
    recorded: frozenset[str]  # the languages whose first snapshot has a baseline event
    newest: dt.date | None  # the newest day in the log

    def page(self, locale: str) -> Facts:
        return self.pages.get(locale, {})


def fold(events: Sequence[Event]) -> Fold:
    """Fold a log (newest first, as events.json keeps it) into what it last said."""
    retracted = {
        str(event.context.get("retracts")) for event in events if event.type == "event_retracted"
    }
    pages: dict[str, Facts] = {}
    drift: dict[str, Facts] = {}
    platforms: Facts = {}
    for event in reversed(events):
        if event.type == "baseline_recorded":
            pages[event.locales[0]] = {}
            continue
        for effect in effects(event):
            for facts in _targets(effect.scope, event.locales, pages, drift, platforms):
                _apply(facts, effect, retracted=event.id in retracted)
    return Fold(
        pages=pages,
        drift=drift,
        platforms=platforms,
        recorded=frozenset(e.locales[0] for e in events if e.type == "baseline_recorded"),
        newest=max((event.detected_at for event in events), default=None),
    )


def _targets(
    scope: Scope,
    locales: Sequence[str],
    pages: dict[str, Facts],
    drift: dict[str, Facts],
    platforms: Facts,
) -> list[Facts]:
    if scope == "platforms":
        return [platforms]
    by_locale = pages if scope == "page" else drift
    return [by_locale.setdefault(locale, {}) for locale in locales]


def _apply(facts: Facts, effect: Effect, *, retracted: bool) -> None:
    """A retracted event leaves what it found; a key gone takes its dependents with it."""
    key = effect.key
    if retracted:
        facts.setdefault(key, effect.before)
        return
    facts[key] = effect.after
    if effect.after in (False, None) and key[0] in DEPENDENTS:
        for other in [k for k in facts if k[0] in DEPENDENTS[key[0]]]:
            if other[1 : len(key)] == key[1:]:
                del facts[other]


def effects(event: Event) -> Iterator[Effect]:
    """What an event says about each key it touches (none for reminders and retractions)."""
    if event.type in _SAY_NOTHING:
        return
    if event.type in _PLATFORM_TYPES:
        yield from _platform_effects(event)
    elif event.type == "locale_drift":
        key = ("drift", event.model or "", event.field or "")
        yield Effect("drift", key, event.before, event.after)
    elif event.announcement is not None or event.type == "table_changed":
        yield from _history_effects(event)
    else:
        yield from _row_effects(event)


# A reminder repeats a date the page gives; a retraction and a baseline change no key.
_SAY_NOTHING = frozenset({"retirement_reminder", "event_retracted", "baseline_recorded"})
_PLATFORM_TYPES = frozenset(
    {"platform_id_added", "platform_id_removed", "platform_status_changed", "alias_changed"}
)


def _row_effects(event: Event) -> Iterator[Effect]:
    model = event.model or ""
    if event.type == "model_added":
        yield Effect("page", ("listed", model), False, True)
        row = read(RowFacts, event.after).model_dump(mode="json")
        yield from (Effect("page", (field, model), None, row[field]) for field in ROW_FIELDS)
    elif event.type == "model_removed":
        yield Effect("page", ("listed", model), True, False)
    elif event.field in ROW_FIELDS:
        yield Effect("page", (event.field, model), event.before, event.after)
        if event.type == "retirement_date_changed" and event.field == "retires_on":
            context = read(RetirementContext, event.context)
            key = ("retires_on_qualifier", model)
            yield Effect("page", key, context.qualifier_before, context.qualifier_after)


def _history_effects(event: Event) -> Iterator[Effect]:
    day, model = iso(event.announcement) or "", event.model or ""
    if event.type == "announcement_added":
        yield from _section_added(day, read(AnnouncementFacts, event.after))
    elif event.type == "announcement_removed":
        title = read(AnnouncementFacts, event.before).title
        yield Effect("page", ("section", day), title, None)
    elif event.type == "announcement_changed" and event.field == "retired_on":
        yield Effect("page", ("retired_on", day), event.before, event.after)
    elif event.type == "announcement_changed" and event.after is not None:
        yield from _entry_added(day, model, read(EntryFacts, event.after))
    elif event.type == "announcement_changed":
        yield Effect("page", ("entry", day, model), True, False)
    elif event.type == "table_changed":
        yield from _table_effects(event.before, event.after)
    elif event.field is not None:  # a history row's retirement date or replacement
        yield Effect("page", (f"entry.{event.field}", day, model), event.before, event.after)


def _section_added(day: str, section: AnnouncementFacts) -> Iterator[Effect]:
    yield Effect("page", ("section", day), None, section.title)
    yield Effect("page", ("retired_on", day), None, iso(section.retired_on))
    for entry in section.entries:
        yield from _entry_added(day, entry.model, entry)


def _entry_added(day: str, model: str, entry: EntryFacts) -> Iterator[Effect]:
    yield Effect("page", ("entry", day, model), False, True)
    yield Effect("page", ("entry.retires_on", day, model), None, iso(entry.retires_on))
    yield Effect("page", ("entry.replacement", day, model), None, entry.replacement)


def _table_effects(before: JsonValue, after: JsonValue) -> Iterator[Effect]:
    """A table is known by its section; one that moved to another section leaves its old one."""
    old = read(TableFacts, before) if before is not None else None
    new = read(TableFacts, after) if after is not None else None
    if old is not None and (new is None or new.section != old.section):
        yield Effect("page", ("table", old.section), before, None)
    if new is not None:
        yield Effect("page", ("table", new.section), before, after)


def _platform_effects(event: Event) -> Iterator[Effect]:
    model, platform = event.model or "", event.field or ""
    if event.type == "alias_changed":
        yield Effect("platforms", ("aliases", model), event.before, event.after)
    elif event.type == "platform_status_changed":
        status: Key = ("platform-status", model, platform)
        yield Effect("platforms", status, event.before, event.after)
    else:
        added = event.type == "platform_id_added"
        platform_id = str(event.after if added else event.before)
        listed: Key = ("platform-id", model, platform, platform_id)
        yield Effect("platforms", listed, not added, added)


def row_facts(row: ModelStatus | CanonicalModel) -> Facts:
    """A status-table row: listed, with its status and dates."""
    values = RowFacts(
        status=row.status,
        deprecated_on=row.deprecated_on,
        retires_on=row.retires_on,
        retires_on_qualifier=row.retires_on_qualifier,
    ).model_dump(mode="json")
    return {("listed", row.model): True} | {(f, row.model): values[f] for f in ROW_FIELDS}


def page_facts(page: PageContent) -> Facts:
    """What a language's page says, by the keys of the fold."""
    facts: Facts = {}
    for row in page.models:
        facts |= row_facts(row)
    for section in page.announcements:
        day = section.announced_on.isoformat()
        facts[("section", day)] = section.title
        facts[("retired_on", day)] = iso(section.retired_on)
        for entry in section.entries:
            facts[("entry", day, entry.model)] = True
            facts[("entry.retires_on", day, entry.model)] = iso(entry.retires_on)
            facts[("entry.replacement", day, entry.model)] = entry.replacement
    for table in page.tables:
        facts[("table", table.section)] = TableFacts(
            section=table.section, header=table.header, rows=table.rows
        ).as_json()
    return facts


def index_seed(index: ModelIndex, page: PageContent) -> Facts:
    """What models.json says of the English page published before, by the keys of the fold,
    should its snapshot go missing: its status table row by row, and which models and
    history sections it had at all (a model or a section of `page` it never names was not
    published: the page added it since)."""
    facts: Facts = {}
    for model in index.models:
        if model.sources.get("status") == "status_table":
            facts |= row_facts(model)
        else:
            facts[("listed", model.model)] = False
    known = {model.model for model in index.models}
    days = {
        source.removeprefix("history:")
        for model in index.models
        for source in model.sources.values()
        if source.startswith("history:")
    }
    for section in page.announcements:
        day = section.announced_on.isoformat()
        for entry in section.entries:
            if entry.model not in known and day in days:
                facts[("entry", day, entry.model)] = False
    return facts | _unheard_of(page, facts, days)


def drift_seed(
    english: PageContent, disagreements: Sequence[Disagreement], page: PageContent
) -> Facts:
    """What drift.json says a translation showed: English's status table and sections, but
    where it disagreed. As much of a translation's page published before as it tells, should
    its snapshot go missing; a model or a section of `page` neither names was not published."""
    facts = {key: value for key, value in page_facts(english).items() if key[0] in _DRIFTING}
    days = {key[1] for key, value in facts.items() if key[0] == "section" and value is not None}
    for item in disagreements:
        subject = DriftSubject.parse(item.field)
        if subject.announcement is None and item.model is not None:
            if subject.aspect in ("listed", *ROW_FIELDS):
                facts[(subject.aspect, item.model)] = item.translated
        elif subject.announcement is not None:
            day = subject.announcement.isoformat()
            if subject.aspect == "retired_on":
                facts[("retired_on", day)] = item.translated
            elif subject.aspect == "section" and item.translated is False:
                facts[("section", day)] = None
            elif subject.aspect == "section":
                days.add(day)  # only the translation has it
    return facts | _unheard_of(page, facts, days)


def _unheard_of(page: PageContent, facts: Facts, days: set[str]) -> Facts:
    """The rows and history sections of `page` that what was published never mentions."""
    unheard: Facts = {
        ("listed", row.model): False for row in page.models if ("listed", row.model) not in facts
    }
    for section in page.announcements:
        if section.announced_on.isoformat() not in days:
            unheard[("section", section.announced_on.isoformat())] = None
    return unheard


# What drift compares besides the newest replacement (a history row's place may differ).
_DRIFTING = frozenset({"listed", *ROW_FIELDS, "section", "retired_on"})


def index_facts(index: ModelIndex) -> Facts:
    """What models.json says of the platforms and aliases, by the keys of the fold."""
    facts: Facts = {}
    for model in index.models:
        facts[("aliases", model.model)] = list(model.aliases)
        for platform, entry in model.platforms.items():
            if platform == "claude-api":
                continue  # the deprecations page's own events tell its status and id
            facts[("platform-status", model.model, platform)] = entry.status
            facts |= {("platform-id", model.model, platform, i): True for i in entry.ids}
    return facts


def drift_facts(disagreements: Mapping[str, Sequence[Disagreement]]) -> dict[str, Facts]:
    """Where each translation disagrees with English, by the keys of the fold."""
    return {
        locale: {
            ("drift", item.model or "", item.field): DriftValues(
                english=item.english, translated=item.translated
            ).as_json()
            for item in items
        }
        for locale, items in disagreements.items()
    }
