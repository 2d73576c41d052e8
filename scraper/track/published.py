"""What was published: a stored document corrected by the log (`track.fold`).

A run compares each confirmed page with what was published, and that is what the log says,
wherever the log says anything: after every complete run the log and the snapshots agree,
but a run cut short between writing events.json and a snapshot leaves the log ahead, and
a snapshot that went missing knows nothing at all. So the published page is the stored
snapshot (or, when it is missing, the page itself) with every key the log knows set to the
log's value; what the log never touched (a baseline's records) comes from the snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import JsonValue

from scraper.fetch.sources import RELATED_BY_NAME, page_url
from scraper.records import (
    PLATFORMS,
    REFERENCE_LOCALE,
    Announcement,
    CanonicalModel,
    GenericTable,
    ModelIndex,
    ModelStatus,
    PageContent,
    Platform,
    PlatformEntry,
    RetirementEntry,
    page_fields,
)
from scraper.track.drift import Disagreement, DriftReport, LocaleDrift, locale_disagreements
from scraper.track.events import Event
from scraper.track.fold import ROW_FIELDS, Facts
from scraper.track.payloads import DriftValues, TableFacts, read


def published_page(base: PageContent, known: Facts) -> PageContent:
    """`base` with every key the log knows (`known`, one language's fold) set as it says."""
    if not known:
        return base
    patched = PageContent(
        **page_fields(base)
        | {
            "models": _models(base.models, known),
            "announcements": _sections(base.announcements, known),
            "tables": _tables(base.tables, known),
        }
    )
    return base if patched == base else patched


def _date(value: JsonValue) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _mentioned(known: Facts, kinds: Iterable[str], prefix: tuple[str, ...] = ()) -> list[str]:
    """The subjects (a model, a day) of the known keys of these kinds, in key order."""
    size = len(prefix)
    found = [key[1 + size] for key in known if key[0] in kinds and key[1 : 1 + size] == prefix]
    return list(dict.fromkeys(found))


def _models(rows: tuple[ModelStatus, ...], known: Facts) -> tuple[ModelStatus, ...]:
    by_model = {row.model: row for row in rows}
    result = []
    for model in dict.fromkeys([*by_model, *_mentioned(known, ("listed", *ROW_FIELDS))]):
        if known.get(("listed", model), model in by_model) is not True:
            continue
        row = by_model.get(model) or _new_row(model, known)
        if row is not None:
            result.append(_row_as_known(row, known))
    return tuple(result)


def _new_row(model: str, known: Facts) -> ModelStatus | None:
    """A row the snapshot lacks and the log lists; its words are the log's values."""
    status = known.get(("status", model))
    if not isinstance(status, str):
        return None
    return ModelStatus.model_validate(
        {
            "model": model,
            "status": status,
            "status_text": status,
            "deprecated_on": None,
            "deprecated_on_text": "",
            "retires_on": None,
            "retires_on_text": "",
            "retires_on_qualifier": None,
        }
    )


def _row_as_known(row: ModelStatus, known: Facts) -> ModelStatus:
    update: dict[str, Any] = {}
    for field in ROW_FIELDS:
        key = (field, row.model)
        if key in known:
            value = known[key]
            update[field] = _date(value) if field in ("deprecated_on", "retires_on") else value
    if all(getattr(row, field) == value for field, value in update.items()):
        return row
    return ModelStatus.model_validate(row.model_dump() | update)


def _sections(sections: tuple[Announcement, ...], known: Facts) -> tuple[Announcement, ...]:
    by_day = {section.announced_on.isoformat(): section for section in sections}
    mentioned = _mentioned(known, ("section", "retired_on", "entry"))
    result = []
    for day in dict.fromkeys([*by_day, *mentioned]):
        title = known.get(("section", day), by_day[day].title if day in by_day else None)
        if title is None:
            continue
        section = by_day.get(day) or Announcement(
            announced_on=dt.date.fromisoformat(day),
            title=str(title),
            retired_on=None,
            retired_on_text=None,
            entries=(),
        )
        result.append(_section_as_known(section, day, known))
    return tuple(result)


def _section_as_known(section: Announcement, day: str, known: Facts) -> Announcement:
    retired_on = _date(known[("retired_on", day)]) if ("retired_on", day) in known else None
    by_model = {entry.model: entry for entry in section.entries}
    entries = []
    for model in dict.fromkeys([*by_model, *_mentioned(known, ("entry",), (day,))]):
        if known.get(("entry", day, model), model in by_model) is not True:
            continue
        entry = by_model.get(model) or RetirementEntry(
            model=model, retires_on=None, retires_on_text="", replacement=None
        )
        entries.append(_entry_as_known(entry, day, known))
    update: dict[str, Any] = {"entries": tuple(entries)}
    if ("retired_on", day) in known and retired_on != section.retired_on:
        update["retired_on"] = retired_on
    if update == {"entries": section.entries}:
        return section
    return Announcement.model_validate(section.model_dump() | update)


def _entry_as_known(entry: RetirementEntry, day: str, known: Facts) -> RetirementEntry:
    retires_on = ("entry.retires_on", day, entry.model)
    replacement = ("entry.replacement", day, entry.model)
    update: dict[str, Any] = {}
    if retires_on in known and _date(known[retires_on]) != entry.retires_on:
        update["retires_on"] = _date(known[retires_on])
    if replacement in known and known[replacement] != entry.replacement:
        update["replacement"] = known[replacement]
    return RetirementEntry.model_validate(entry.model_dump() | update) if update else entry


def _tables(tables: tuple[GenericTable, ...], known: Facts) -> tuple[GenericTable, ...]:
    """A table the log knows replaces the section's tables, unless one has its rows already
    (a re-worded header or moved rows are no change)."""
    result = list(tables)
    for section in _mentioned(known, ("table",)):
        value = known[("table", section)]
        of_section = [table for table in result if table.section == section]
        if value is None:
            result = [table for table in result if table not in of_section]
            continue
        facts = read(TableFacts, value)
        if any(set(table.rows) == set(facts.rows) for table in of_section):
            continue
        result = [table for table in result if table not in of_section]
        result.append(GenericTable(section=facts.section, header=facts.header, rows=facts.rows))
    return tuple(result)


def published_index(base: ModelIndex, known: Facts) -> ModelIndex:
    """`base` with the platforms' ids and statuses and the aliases the log knows (`known`:
    the fold's platforms) set as it says."""
    if not known:
        return base
    models = tuple(_model_as_known(model, known) for model in base.models)
    return base if models == base.models else base.model_copy(update={"models": models})


def _model_as_known(model: CanonicalModel, known: Facts) -> CanonicalModel:
    name = model.model
    platforms: dict[Platform, PlatformEntry] = dict(model.platforms)
    for platform in sorted(_platforms_of(known, name)):
        entry = _entry_of(platforms.get(platform), platform, name, known)
        if entry is None:
            platforms.pop(platform, None)
        else:
            platforms[platform] = entry
    update: dict[str, Any] = {}
    aliases = known.get(("aliases", name))
    if isinstance(aliases, list) and tuple(aliases) != model.aliases:
        update["aliases"] = tuple(str(alias) for alias in aliases)
    if platforms != model.platforms:
        update["platforms"] = platforms
    return model.model_copy(update=update) if update else model


def _platforms_of(known: Facts, model: str) -> set[Platform]:
    found = {key[2] for key in known if key[0].startswith("platform-") and key[1] == model}
    return {platform for platform in PLATFORMS if platform in found}


def _entry_of(
    entry: PlatformEntry | None, platform: Platform, model: str, known: Facts
) -> PlatformEntry | None:
    """The platform's entry as the log knows it; None once it lists no id of the model."""
    ids = list(entry.ids) if entry else []
    for key, listed in known.items():
        if key[:3] != ("platform-id", model, platform):
            continue
        if listed is True and key[3] not in ids:
            ids.append(key[3])
        elif listed is False and key[3] in ids:
            ids.remove(key[3])
    if not ids:
        return None
    status = known.get(("platform-status", model, platform), entry.status if entry else None)
    return PlatformEntry.model_validate(
        {
            "ids": tuple(ids),
            "status": status,
            "status_text": entry.status_text if entry else None,
            "page_url": entry.page_url if entry else _platform_page(platform),
        }
    )


def _platform_page(platform: str) -> str:
    """The page of a platform, for an entry only the log knows of."""
    return next(
        (page_url(name) for name, page in RELATED_BY_NAME.items() if page.platform == platform),
        "",
    )


def published_disagreements(
    english: PageContent, page: PageContent, known: Facts
) -> tuple[Disagreement, ...]:
    """Where a translation disagreed with English as published: as its published page and
    English's differ, with every disagreement the log knows (`known`, the language's drift
    fold) there or gone as it says. A run stopped after writing the log leaves disagreements
    the pages it stored do not show yet."""
    found = {(item.model or "", item.field): item for item in locale_disagreements(english, page)}
    for key, value in known.items():
        subject = (key[1], key[2])
        if value is None:
            found.pop(subject, None)
        elif subject not in found:
            values = read(DriftValues, value)
            found[subject] = Disagreement(
                model=key[1] or None,
                field=key[2],
                english=values.english,
                translated=values.translated,
            )
    return tuple(found.values())


def published_drift(
    pages: Mapping[str, PageContent], events: Sequence[Event], today: dt.date
) -> DriftReport | None:
    """drift.json as published, rebuilt from the published pages when it went missing: each
    disagreement dated by the event that said it appeared, else by the later of the two
    languages' first snapshots; the report by the newest day its drift changed."""
    english = pages.get(REFERENCE_LOCALE)
    if english is None:
        return None
    appeared = _appearances(events)
    first = {e.locales[0]: e.detected_at for e in events if e.type == "baseline_recorded"}
    days = [event.detected_at for event in events if event.type == "locale_drift"]
    found: dict[str, list[Disagreement]] = {}
    for locale, page in pages.items():
        if locale == REFERENCE_LOCALE:
            continue
        known = [day for day in (first.get(REFERENCE_LOCALE), first.get(locale)) if day]
        start = max(known, default=today)
        days.append(start)
        found[locale] = [
            item.model_copy(update={"since": appeared.get((locale, item.model, item.field), start)})
            for item in locale_disagreements(english, page)
        ]
    as_of = max(days, default=today)
    return DriftReport(
        as_of=as_of,
        locales={
            locale: LocaleDrift(disagreements=tuple(_behind(item, as_of) for item in items))
            for locale, items in sorted(found.items())
        },
    )


def _appearances(events: Sequence[Event]) -> dict[tuple[str, str | None, str], dt.date]:
    """Per language, model and field, the day the log last said a disagreement appeared."""
    appeared: dict[tuple[str, str | None, str], dt.date] = {}
    for event in reversed(events):  # oldest first: the latest appearance wins
        if event.type == "locale_drift" and event.after is not None:
            for locale in event.locales:
                appeared[(locale, event.model, event.field or "")] = event.detected_at
    return appeared


def _behind(item: Disagreement, as_of: dt.date) -> Disagreement:
    since = item.since or as_of
    return item.model_copy(update={"days_behind": (as_of - since).days})
