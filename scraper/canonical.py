"""One answer per model, and every translation checked against it.

The page answers "which models are going away, when, and what do I move to?" in two places
(the status table and the history) and in twelve languages that do not always agree. The
canonical index joins the English status table with the English history; where the two
disagree both values are kept as a conflict. Locale drift compares each language's records
with English, field by field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence

from pydantic import Field, JsonValue

from scraper.diff import Change, Event
from scraper.records import (
    REFERENCE_LOCALE,
    SCHEMA_VERSION,
    CanonicalModel,
    Conflict,
    ModelIndex,
    PageContent,
    Record,
    iso,
)

REMINDER_DAYS = (30, 7)


class Disagreement(Record):
    """One field on which a language differs from English."""

    model: str | None = Field(description="None for a whole announcement.")
    field: str
    english: JsonValue
    translated: JsonValue = Field(description="What the language's page says instead.")
    since: dt.date | None = Field(
        default=None, description="When the disagreement was first seen (from the events)."
    )
    days_behind: int | None = Field(
        default=None, description="Days from `since` to the report's `as_of`."
    )

    def identity(self) -> str:
        """A language stays behind on a field until it agrees, even if English moves on."""
        return json.dumps([self.model, self.field])


class LocaleDrift(Record):
    disagreements: tuple[Disagreement, ...]


class DriftReport(Record):
    """snapshots/drift.json: language → where it disagrees with English.

    `days_behind` counts to `as_of`, the last run that changed a disagreement, so the file is
    rewritten when the drift changes, not every day (a run that finds nothing new writes
    nothing); days behind today are `today - since`.
    """

    schema_version: int = SCHEMA_VERSION
    reference_locale: str = REFERENCE_LOCALE
    as_of: dt.date = Field(description="Date of the run that last changed the drift.")
    locales: dict[str, LocaleDrift]

    def same_disagreements(self, other: Mapping[str, Sequence[Disagreement]]) -> bool:
        def facts(items: Iterable[Disagreement]) -> set[tuple[str, str]]:
            return {(d.identity(), json.dumps([d.english, d.translated])) for d in items}

        mine = {locale: facts(drift.disagreements) for locale, drift in self.locales.items()}
        return mine == {locale: facts(items) for locale, items in other.items()}


def canonical_models(page: PageContent, today: dt.date | None = None) -> ModelIndex:
    """Join the status table with the history (both from the same page, normally English).

    A model only the history lists is retired once its retirement date has passed (on
    `today`, default the current UTC day), deprecated before: a model whose retirement is
    still ahead must stay in `upcoming` and the reminders.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    history = page.newest_entries()
    models: list[CanonicalModel] = []
    for row in page.models:
        found = history.get(row.model)
        sources = {
            "status": "status_table",
            "deprecated_on": "status_table",
            "retires_on": "status_table",
        }
        conflicts: list[Conflict] = []
        replacement = announced_on = retired_on = None
        if found is not None:
            announcement, entry = found
            where = f"history:{announcement.announced_on.isoformat()}"
            replacement, announced_on = entry.replacement, announcement.announced_on
            retired_on = announcement.retired_on
            sources |= {"replacement": where, "announced_on": where}
            if retired_on is not None:
                sources["retired_on"] = where
            for field, table_value, history_value in (
                ("retires_on", row.retires_on, entry.retires_on),
                ("deprecated_on", row.deprecated_on, announcement.announced_on),
            ):
                if table_value and history_value and table_value != history_value:
                    conflicts.append(
                        Conflict(
                            field=field,
                            status_table=table_value.isoformat(),
                            history=history_value.isoformat(),
                            announcement=announcement.announced_on,
                        )
                    )
        models.append(
            CanonicalModel(
                model=row.model,
                status=row.status,
                deprecated_on=row.deprecated_on,
                retires_on=row.retires_on,
                retires_on_qualifier=row.retires_on_qualifier,
                replacement=replacement,
                announced_on=announced_on,
                retired_on=retired_on,
                sources=sources,
                conflicts=tuple(conflicts),
            )
        )
    in_table = {row.model for row in page.models}
    for model_id, (announcement, entry) in history.items():
        if model_id in in_table:
            continue
        where = f"history:{announcement.announced_on.isoformat()}"
        retires = announcement.retired_on or entry.retires_on
        models.append(
            CanonicalModel(
                model=model_id,
                status="retired" if retires is None or retires <= today else "deprecated",
                deprecated_on=announcement.announced_on,
                retires_on=entry.retires_on,
                retires_on_qualifier=None,
                replacement=entry.replacement,
                announced_on=announcement.announced_on,
                retired_on=announcement.retired_on,
                sources={
                    "status": where,
                    "deprecated_on": where,
                    "retires_on": where,
                    "replacement": where,
                    "announced_on": where,
                    **({"retired_on": where} if announcement.retired_on else {}),
                },
            )
        )
    return ModelIndex(models=tuple(models))


def _model_facts(page: PageContent) -> dict[str, dict[str, JsonValue]]:
    """What a page says per model: its status row and its newest history row."""
    facts: dict[str, dict[str, JsonValue]] = {}
    for row in page.models:
        facts[row.model] = {
            "status": row.status,
            "deprecated_on": iso(row.deprecated_on),
            "retires_on": iso(row.retires_on),
            "retires_on_qualifier": row.retires_on_qualifier,
        }
    for model_id, (_, entry) in page.newest_entries().items():
        facts.setdefault(model_id, {})["replacement"] = entry.replacement
    return facts


def locale_disagreements(reference: PageContent, page: PageContent) -> list[Disagreement]:
    """Every field where `page` says something other than the reference (English) page."""
    found: list[Disagreement] = []
    english, local = _model_facts(reference), _model_facts(page)
    in_english_table = {row.model for row in reference.models}
    in_local_table = {row.model for row in page.models}
    for model_id in [row.model for row in reference.models]:
        if model_id not in in_local_table:
            found.append(
                Disagreement(model=model_id, field="listed", english=True, translated=False)
            )
    for model_id in [row.model for row in page.models]:
        if model_id not in in_english_table:
            found.append(
                Disagreement(model=model_id, field="listed", english=False, translated=True)
            )
    for model_id, facts in english.items():
        other = local.get(model_id)
        if other is None:
            continue
        for field, value in facts.items():
            if field in other and other[field] != value:
                found.append(
                    Disagreement(
                        model=model_id, field=field, english=value, translated=other[field]
                    )
                )
    english_sections = {a.announced_on: a for a in reference.announcements}
    local_sections = {a.announced_on: a for a in page.announcements}
    for day in sorted(english_sections.keys() | local_sections.keys(), reverse=True):
        mine, theirs = english_sections.get(day), local_sections.get(day)
        field = f"announcement:{day.isoformat()}"
        if mine is None or theirs is None:
            found.append(
                Disagreement(
                    model=None,
                    field=field,
                    english=mine is not None,
                    translated=theirs is not None,
                )
            )
        elif mine.retired_on != theirs.retired_on:
            found.append(
                Disagreement(
                    model=None,
                    field=f"{field}:retired_on",
                    english=iso(mine.retired_on),
                    translated=iso(theirs.retired_on),
                )
            )
    return found


def drift_changes(
    previous: DriftReport | None, current: Mapping[str, Sequence[Disagreement]]
) -> dict[str, list[Change]]:
    """locale_drift changes: a disagreement that appeared, or one that ended."""
    changes: dict[str, list[Change]] = {}
    before = previous.locales if previous else {}
    for locale in sorted(before.keys() | current.keys()):
        old = {d.identity(): d for d in before[locale].disagreements} if locale in before else {}
        new = {d.identity(): d for d in current.get(locale, ())}
        appeared = [_drift_change(new[key], appeared=True) for key in new.keys() - old.keys()]
        ended = [_drift_change(old[key], appeared=False) for key in old.keys() - new.keys()]
        if appeared or ended:
            changes[locale] = sorted(
                [*appeared, *ended], key=lambda change: (change.model or "", change.field or "")
            )
    return changes


def _drift_change(item: Disagreement, *, appeared: bool) -> Change:
    values: dict[str, JsonValue] = {"english": item.english, "translated": item.translated}
    return Change(
        type="locale_drift",
        model=item.model,
        field=item.field,
        before=None if appeared else values,
        after=values if appeared else None,
        context={"state": "appeared" if appeared else "ended"},
    )


def drift_report(
    current: Mapping[str, Sequence[Disagreement]],
    previous: DriftReport | None,
    today: dt.date,
) -> DriftReport:
    """The drift document, each disagreement dated from when it was first seen.

    Unchanged disagreements keep the previous document as it was (see `DriftReport`).
    """
    if previous is not None and previous.same_disagreements(current):
        return previous
    locales: dict[str, LocaleDrift] = {}
    for locale, items in sorted(current.items()):
        before = previous.locales.get(locale) if previous else None
        first_seen = {d.identity(): d.since for d in before.disagreements} if before else {}
        dated = []
        for item in items:
            since = first_seen.get(item.identity()) or today
            dated.append(
                item.model_copy(update={"since": since, "days_behind": (today - since).days})
            )
        locales[locale] = LocaleDrift(disagreements=tuple(dated))
    return DriftReport(as_of=today, locales=locales)


def reminder_events(
    index: ModelIndex, today: dt.date, page_url: str, known_ids: set[str]
) -> list[Event]:
    """A reminder when a firm retirement is 30 and 7 days away, once each.

    The id comes from the model, its date and the threshold (not the run date), so reruns
    never repeat a reminder; a run that misses the exact day still sends it inside the window.
    """
    events = []
    for model in index.models:
        if model.retires_on is None or model.retires_on_qualifier is not None:
            continue
        if model.status == "retired":
            continue
        days_left = (model.retires_on - today).days
        due = [days for days in REMINDER_DAYS if 0 <= days_left <= days]
        if not due:
            continue
        threshold = min(due)
        identity = f"reminder|{model.model}|{model.retires_on.isoformat()}|{threshold}"
        event_id = hashlib.sha256(identity.encode()).hexdigest()[:16]
        if event_id in known_ids:
            continue
        replacement = f" (replacement {model.replacement})" if model.replacement else ""
        events.append(
            Event(
                id=event_id,
                type="retirement_reminder",
                detected_at=today,
                locales=(REFERENCE_LOCALE,),
                page_url=page_url,
                model=model.model,
                field="retires_on",
                after=model.retires_on.isoformat(),
                context={
                    "days_left": days_left,
                    "threshold": threshold,
                    "summary": (
                        f"Reminder: {model.model} retires on {model.retires_on.isoformat()}, "
                        f"in {days_left} day{'' if days_left == 1 else 's'}{replacement}"
                    ),
                },
            )
        )
    return events
