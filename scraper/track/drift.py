"""Locale drift: where each translation says something other than English, and since when.

Translation lag is real: a language may still show an older status, date or replacement (and
a translation may be newer than the English copy it is compared with). Each language's records
are compared with English field by field; a disagreement that appears or ends is a
`locale_drift` change, those a language has when it is first compared too, and drift.json dates
each disagreement from when it was first seen.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import Field, JsonValue

from scraper.records import REFERENCE_LOCALE, SCHEMA_VERSION, PageContent, Record, iso
from scraper.track.events import Change
from scraper.track.payloads import DriftContext, DriftValues


@dataclass(frozen=True, slots=True)
class DriftSubject:
    """What a disagreement is about: a model's field, whether a model is listed, or an
    announcement (the whole section, or its retirement note).

    Stored as one string in drift.json and events (`field`): `listed`, `status`, ...,
    `announcement:<date>` and `announcement:<date>:retired_on`.
    """

    aspect: str  # "listed", a model field, "section" or "retired_on"
    announcement: dt.date | None = None

    @classmethod
    def parse(cls, field: str) -> DriftSubject:
        kind, _, rest = field.partition(":")
        if kind != "announcement" or not rest:
            return cls(field)
        day, _, aspect = rest.partition(":")
        return cls(aspect or "section", dt.date.fromisoformat(day))

    def key(self) -> str:
        if self.announcement is None:
            return self.aspect
        section = f"announcement:{self.announcement.isoformat()}"
        return section if self.aspect == "section" else f"{section}:{self.aspect}"


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
    return [
        *_listing_disagreements(reference, page),
        *_model_disagreements(reference, page),
        *_announcement_disagreements(reference, page),
        *_table_disagreements(reference, page),
    ]


def _table_disagreements(reference: PageContent, page: PageContent) -> Iterable[Disagreement]:
    """Other tables (such as the deprecated API parameters) are in each language's words, so
    only how many there are compares."""
    if len(reference.tables) != len(page.tables):
        yield Disagreement(
            model=None, field=TABLES, english=len(reference.tables), translated=len(page.tables)
        )


TABLES = "tables"
# The drift field each kind of page change is about (see `subject_of`).
_MODEL_SUBJECTS = {
    "status_changed": "status",
    "model_added": "listed",
    "model_removed": "listed",
    "deprecation_date_changed": "deprecated_on",
    "replacement_changed": "replacement",
}


def subject_of(change: Change) -> tuple[str | None, str] | None:
    """The disagreement (model, field) a page change in a translation bears on, if drift
    compares it: a change after which that disagreement ended the same day caught up with
    English; one after which it appeared said something English does not (yet)."""
    day = change.announcement
    if change.type in _MODEL_SUBJECTS:
        return change.model, _MODEL_SUBJECTS[change.type]
    if change.type == "retirement_date_changed" and day is None:
        return change.model, change.field or "retires_on"
    if change.type in ("announcement_added", "announcement_removed") and day is not None:
        return None, DriftSubject("section", day).key()
    if change.type == "announcement_changed" and change.field == "retired_on" and day:
        return None, DriftSubject("retired_on", day).key()
    if change.type == "table_changed":
        return None, TABLES
    return None


def _listing_disagreements(reference: PageContent, page: PageContent) -> Iterable[Disagreement]:
    """Models in one status table and not the other."""
    in_english_table = {row.model for row in reference.models}
    in_local_table = {row.model for row in page.models}
    for row in reference.models:
        if row.model not in in_local_table:
            yield Disagreement(model=row.model, field="listed", english=True, translated=False)
    for row in page.models:
        if row.model not in in_english_table:
            yield Disagreement(model=row.model, field="listed", english=False, translated=True)


def _model_disagreements(reference: PageContent, page: PageContent) -> Iterable[Disagreement]:
    local = _model_facts(page)
    for model_id, facts in _model_facts(reference).items():
        other = local.get(model_id)
        if other is None:
            continue
        for field, value in facts.items():
            if field in other and other[field] != value:
                yield Disagreement(
                    model=model_id, field=field, english=value, translated=other[field]
                )


def _announcement_disagreements(
    reference: PageContent, page: PageContent
) -> Iterable[Disagreement]:
    english_sections = {a.announced_on: a for a in reference.announcements}
    local_sections = {a.announced_on: a for a in page.announcements}
    for day in sorted(english_sections.keys() | local_sections.keys(), reverse=True):
        mine, theirs = english_sections.get(day), local_sections.get(day)
        if mine is None or theirs is None:
            yield Disagreement(
                model=None,
                field=DriftSubject("section", day).key(),
                english=mine is not None,
                translated=theirs is not None,
            )
        elif mine.retired_on != theirs.retired_on:
            yield Disagreement(
                model=None,
                field=DriftSubject("retired_on", day).key(),
                english=iso(mine.retired_on),
                translated=iso(theirs.retired_on),
            )


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
    values = DriftValues(english=item.english, translated=item.translated).as_json()
    return Change(
        type="locale_drift",
        model=item.model,
        field=item.field,
        before=None if appeared else values,
        after=values if appeared else None,
        context=DriftContext(state="appeared" if appeared else "ended").as_json(),
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


def track_drift(
    pages: Mapping[str, PageContent], previous: DriftReport | None, today: dt.date
) -> tuple[DriftReport | None, dict[str, list[Change]]]:
    """The drift report and the drift changes of every stored language against English.

    Without an English page nothing can be compared: the previous report stands. A language
    compared for the first time (the report has not seen it) raises its disagreements then,
    so a translation's changelog starts with where it stood against English; a rerun after a
    run killed before it wrote the report finds them in the log already.
    """
    reference = pages.get(REFERENCE_LOCALE)
    if reference is None:
        return previous, {}
    current = {
        locale: locale_disagreements(reference, page)
        for locale, page in pages.items()
        if locale != REFERENCE_LOCALE
    }
    return drift_report(current, previous, today), drift_changes(previous, current)
