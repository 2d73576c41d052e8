"""Events: what changed, as published in events.json, and how one run's changes become them.

A `Change` is one difference seen in one language (from `diff`, `drift`); the same change
seen in several languages is merged into one `Event` listing them, with an id that is stable
for the same change on the same day. `events.json` is append-only: what a run adds is what the
log does not say yet (scraper.track.fold), each event with an id of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, JsonValue, TypeAdapter

from scraper.fetch.sources import LOCALES
from scraper.records import Record
from scraper.track.payloads import payload_problem

EventType = Literal[
    "baseline_recorded",
    "model_added",
    "model_removed",
    "status_changed",
    "deprecation_date_changed",
    "retirement_date_changed",
    "replacement_changed",
    "announcement_added",
    "announcement_changed",
    "announcement_removed",
    "table_changed",
    "locale_drift",
    "retirement_reminder",
    "platform_status_changed",
    "platform_id_added",
    "platform_id_removed",
    "alias_changed",
    "event_retracted",
]
# The order a run's events are listed in: what users act on first.
EVENT_ORDER: tuple[EventType, ...] = (
    "event_retracted",
    "status_changed",
    "model_added",
    "model_removed",
    "retirement_date_changed",
    "deprecation_date_changed",
    "announcement_added",
    "announcement_changed",
    "announcement_removed",
    "replacement_changed",
    "table_changed",
    "platform_status_changed",
    "platform_id_added",
    "platform_id_removed",
    "alias_changed",
    "locale_drift",
    "retirement_reminder",
    "baseline_recorded",
)
EVENTS_SCHEMA_VERSION = 1


class Change(Record):
    """One difference seen in one language, before it is merged across languages."""

    type: EventType
    model: str | None = None
    announcement: dt.date | None = Field(
        default=None, description="announced_on of the history section the change is in."
    )
    field: str | None = None
    before: JsonValue = None
    after: JsonValue = None
    context: dict[str, JsonValue] = Field(
        default_factory=dict, description="Facts that help read the change (new dates...)."
    )

    def payload_problem(self) -> str | None:
        """What is wrong with its payloads, if they are not its type's shapes (`payloads`)."""
        parts = (self.before, self.after, self.context)
        return payload_problem(self.type, self.field, self.announcement is not None, parts)


class Event(Change):
    """A change as published: seen on a date, in one or more languages, with a stable id."""

    id: str = Field(description="Stable: the same change detected on the same day, same id.")
    detected_at: dt.date
    locales: tuple[str, ...]
    page_url: str


# A list of events as JSON: events.json, `diff --format json`, the run report.
EVENTS = TypeAdapter(list[Event])


class EventLog(Record):
    """events.json: every change ever detected, newest first."""

    schema_version: int = EVENTS_SCHEMA_VERSION
    events: tuple[Event, ...]

    @classmethod
    def from_json(cls, data: Any) -> EventLog:
        """Read a decoded events.json (raises ValueError, or pydantic's ValidationError)."""
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            raise ValueError("expected an object with an 'events' list")
        events = tuple(EVENTS.validate_python(data["events"]))
        for index, event in enumerate(events):
            if problem := event.payload_problem():
                raise ValueError(f"events.{index}.{problem} ({event.type} {event.id})")
        return cls(events=events)


def stable_id(*parts: str) -> str:
    """A short id that is the same whenever the same parts are given."""
    # surrogatepass: a lone surrogate (a JSON `\\ud800` in a snapshot given to `diff`) has an id too
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _identity(change: Change) -> str:
    return json.dumps(
        change.model_dump(
            mode="json", include={"type", "model", "announcement", "field", "before", "after"}
        ),
        sort_keys=True,
        ensure_ascii=False,
    )


def _locale_order(locale: str) -> tuple[int, str]:
    return (LOCALES.index(locale) if locale in LOCALES else len(LOCALES), locale)


def merge_changes(
    changes_by_locale: Mapping[str, Sequence[Change]],
    *,
    detected_at: dt.date,
    page_urls: Mapping[str, str],
) -> list[Event]:
    """One event per distinct change, listing every language it was seen in.

    A baseline stays one event per language (each records its own counts).
    """
    grouped: dict[str, tuple[Change, list[str]]] = {}
    for locale in sorted(changes_by_locale, key=_locale_order):
        for change in changes_by_locale[locale]:
            key = _identity(change)
            if change.type == "baseline_recorded":
                key += locale
            grouped.setdefault(key, (change, []))[1].append(locale)
    events = [
        Event(
            **change.model_dump(),
            id=event_id(change, detected_at, locales),
            detected_at=detected_at,
            locales=tuple(locales),
            page_url=page_urls[locales[0]],
        )
        for change, locales in grouped.values()
    ]
    return sorted(events, key=_event_order)


def event_id(change: Change, detected_at: dt.date, locales: Sequence[str]) -> str:
    scope = locales[0] if change.type == "baseline_recorded" else ""
    return stable_id(detected_at.isoformat(), scope, _identity(change))


def _event_order(event: Event) -> tuple[Any, ...]:
    return (
        EVENT_ORDER.index(event.type),
        -(event.announcement or dt.date.min).toordinal(),
        event.model or "",
        event.field or "",
        _locale_order(event.locales[0]),
    )


def with_unique_ids(events: Sequence[Event], taken: Iterable[str]) -> list[Event]:
    """The events, none with an id the log (`taken`) already holds.

    An id comes from the change and its day, so the same change seen again on the same day
    (in another language, or after the page went back and forth) would repeat one: such an
    event gets an id that also names its languages and a count, the same on every rerun.
    """
    seen = set(taken)
    unique = []
    for event in events:
        candidate, count = event.id, 0
        while candidate in seen:
            count += 1
            candidate = stable_id(event.id, ",".join(event.locales), str(count))
        seen.add(candidate)
        unique.append(
            event if candidate == event.id else event.model_copy(update={"id": candidate})
        )
    return unique
