"""What an event carries in `before`, `after` and `context`: one small model per shape.

Events store their payloads as plain JSON (events.json is append-only, so its shape never
changes); these models are how the code builds and reads them. A payload is built once from
a model (`as_json`), and every event, built or loaded, is checked against its type's shapes
(`check_payloads`), so a reader can rely on them (`read`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import JsonValue, ValidationError

from scraper.records import Qualifier, Record, Status


class Payload(Record):
    def as_json(self) -> dict[str, JsonValue]:
        """The JSON object; optional fields left unset are left out, as they always were."""
        return self.model_dump(mode="json", exclude_unset=True)


class RowFacts(Payload):
    """A status-table row, as far as it is news (model_added, model_removed)."""

    status: Status
    deprecated_on: dt.date | None
    retires_on: dt.date | None
    retires_on_qualifier: Qualifier | None


class StatusContext(Payload):
    """A model's dates beside its status change, and its newest history row if it has one."""

    deprecated_on: dt.date | None
    retires_on: dt.date | None
    retires_on_qualifier: Qualifier | None
    replacement: str | None = None
    announced_on: dt.date | None = None


class RetirementContext(Payload):
    """A status-table retirement date change: the date now, and the qualifier either side."""

    retires_on: dt.date | None
    qualifier_before: Qualifier | None
    qualifier_after: Qualifier | None


class EntryFacts(Payload):
    """A history row of one announcement (announcement_changed on `entries`)."""

    retires_on: dt.date | None
    replacement: str | None


class ListedEntry(EntryFacts):
    model: str


class AnnouncementFacts(Payload):
    """A whole history section (announcement_added, announcement_removed)."""

    title: str
    retired_on: dt.date | None
    entries: tuple[ListedEntry, ...]


class TitleContext(Payload):
    title: str


class TableFacts(Payload):
    section: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class BaselineCounts(Payload):
    models: int
    announcements: int
    tables: int


class DriftValues(Payload):
    english: JsonValue
    translated: JsonValue


class DriftContext(Payload):
    state: Literal["appeared", "ended"]


class ReminderContext(Payload):
    days_left: int
    threshold: int
    summary: str


class PlatformContext(Payload):
    platform: str
    page_url: str | None = None
    status_text: str | None = None


class RetractionContext(Payload):
    """Which event a correction retracts, and why (event_retracted)."""

    retracts: str
    reason: str


P = TypeVar("P", bound=Payload)


@dataclass(frozen=True, slots=True)
class Shapes:
    """The payload models of one event type; None: a plain value (a date, a status, an id)."""

    before: type[Payload] | None = None
    after: type[Payload] | None = None
    context: type[Payload] | None = None


_SHAPES: Mapping[str, Shapes] = {
    "baseline_recorded": Shapes(context=BaselineCounts),
    "model_added": Shapes(after=RowFacts, context=StatusContext),
    "model_removed": Shapes(before=RowFacts),
    "status_changed": Shapes(context=StatusContext),
    "announcement_added": Shapes(after=AnnouncementFacts),
    "announcement_removed": Shapes(before=AnnouncementFacts),
    "table_changed": Shapes(before=TableFacts, after=TableFacts),
    "locale_drift": Shapes(before=DriftValues, after=DriftValues, context=DriftContext),
    "retirement_reminder": Shapes(context=ReminderContext),
    "platform_status_changed": Shapes(context=PlatformContext),
    "platform_id_added": Shapes(context=PlatformContext),
    "platform_id_removed": Shapes(context=PlatformContext),
    "event_retracted": Shapes(context=RetractionContext),
}
# Types whose shape depends on the field: a status-table date or a history row.
_BY_FIELD: Mapping[tuple[str, str], Shapes] = {
    ("retirement_date_changed", "retires_on"): Shapes(context=RetirementContext),
    ("retirement_date_changed", "retires_on_qualifier"): Shapes(context=RetirementContext),
    ("announcement_changed", "retired_on"): Shapes(context=TitleContext),
    ("announcement_changed", "entries"): Shapes(EntryFacts, EntryFacts, TitleContext),
}


def shapes(event_type: str, field: str | None, *, in_history: bool) -> Shapes:
    if in_history and event_type == "retirement_date_changed":
        return Shapes()  # a history row's date: plain values, no context
    return _BY_FIELD.get((event_type, field or ""), _SHAPES.get(event_type, Shapes()))


def payload_problem(
    event_type: str,
    field: str | None,
    in_history: bool,
    parts: tuple[JsonValue, JsonValue, Mapping[str, JsonValue]],
) -> str | None:
    """What is wrong with an event's payloads, if they are not its type's shapes."""
    expected = shapes(event_type, field, in_history=in_history)
    before, after, context = parts
    checks = [
        (name, model, value)
        for name, model, value in (
            ("before", expected.before, before),
            ("after", expected.after, after),
            ("context", expected.context, context),
        )
        if model is not None and value is not None
    ]
    for name, model, value in checks:
        try:
            model.model_validate(value)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in (name, *first["loc"]))
            return f"{where}: {first['msg']}"
    return None


def read(model: type[P], value: JsonValue | Mapping[str, JsonValue]) -> P:
    """A payload of an event (checked when the event was made, so this does not fail)."""
    return model.model_validate(value)
