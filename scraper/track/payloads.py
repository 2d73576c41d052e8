"""What an event carries in `before`, `after` and `context`: one small model per shape.

Events store their payloads as plain JSON (events.json is append-only, so its shape never
changes); these models are how the code builds and reads them. A payload is built once from
a model (`as_json`), and every event, built or loaded, is checked against its type's shapes
(`check_payloads`), so a reader can rely on them (`read`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import JsonValue, TypeAdapter, ValidationError

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


class HistoryRow(Payload):
    """Where the page's history leaves a model that left the status table (model_removed): its
    row in the newest section listing it, and that section's "were retired" note. Empty when
    no section lists it."""

    announced_on: dt.date | None = None
    retires_on: dt.date | None = None
    retired_on: dt.date | None = None
    replacement: str | None = None

    def retired_by(self, day: dt.date) -> dt.date | None:
        """The day the history says the model retired, if that is `day` or earlier: its
        section's note, else its row's date once passed."""
        retired = self.retired_on or self.retires_on
        return retired if retired is not None and retired <= day else None


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
    """The payload models of one event type; or, where `before` and `after` are plain values
    (a date, a status, an id), the type of those values (`plain`, a TypeAdapter)."""

    before: type[Payload] | None = None
    after: type[Payload] | None = None
    context: type[Payload] | None = None
    plain: TypeAdapter[Any] | None = None


_DATE = TypeAdapter(dt.date)
_STATUS = TypeAdapter(Status)
_ID = TypeAdapter(str)


_SHAPES: Mapping[str, Shapes] = {
    "baseline_recorded": Shapes(context=BaselineCounts),
    "model_added": Shapes(after=RowFacts, context=StatusContext),
    "model_removed": Shapes(before=RowFacts, context=HistoryRow),
    "status_changed": Shapes(context=StatusContext, plain=_STATUS),
    "deprecation_date_changed": Shapes(plain=_DATE),
    "replacement_changed": Shapes(plain=_ID),
    "alias_changed": Shapes(plain=TypeAdapter(tuple[str, ...])),
    "announcement_added": Shapes(after=AnnouncementFacts),
    "announcement_removed": Shapes(before=AnnouncementFacts),
    "table_changed": Shapes(before=TableFacts, after=TableFacts),
    "locale_drift": Shapes(before=DriftValues, after=DriftValues, context=DriftContext),
    "retirement_reminder": Shapes(context=ReminderContext, plain=_DATE),
    "platform_status_changed": Shapes(context=PlatformContext, plain=_STATUS),
    "platform_id_added": Shapes(context=PlatformContext, plain=_ID),
    "platform_id_removed": Shapes(context=PlatformContext, plain=_ID),
    "event_retracted": Shapes(context=RetractionContext),
}
# Types whose shape depends on the field: a status-table date or a history row.
_BY_FIELD: Mapping[tuple[str, str], Shapes] = {
    ("retirement_date_changed", "retires_on"): Shapes(context=RetirementContext, plain=_DATE),
    ("retirement_date_changed", "retires_on_qualifier"): Shapes(
        context=RetirementContext, plain=TypeAdapter(Qualifier)
    ),
    ("announcement_changed", "retired_on"): Shapes(context=TitleContext, plain=_DATE),
    ("announcement_changed", "entries"): Shapes(EntryFacts, EntryFacts, TitleContext),
}


def shapes(event_type: str, field: str | None, *, in_history: bool) -> Shapes:
    if in_history and event_type == "retirement_date_changed":
        return Shapes(plain=_DATE)  # a history row's date: no context
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
    checks: list[tuple[str, Callable[[Any], object], JsonValue | Mapping[str, JsonValue]]] = []
    for name, model, value in (
        ("before", expected.before, before),
        ("after", expected.after, after),
        ("context", expected.context, context),
    ):
        if value is None:
            continue
        if model is not None:
            checks.append((name, model.model_validate, value))
        elif name != "context" and expected.plain is not None:
            checks.append((name, expected.plain.validate_python, value))
    return next((problem for check in checks if (problem := _problem(*check))), None)


def _problem(
    name: str, validate: Callable[[Any], object], value: JsonValue | Mapping[str, JsonValue]
) -> str | None:
    try:
        validate(value)
    except ValidationError as error:
        first = error.errors()[0]
        return f"{'.'.join(str(part) for part in (name, *first['loc']))}: {first['msg']}"
    return None


def read(model: type[P], value: JsonValue | Mapping[str, JsonValue]) -> P:
    """A payload of an event (checked when the event was made, so this does not fail)."""
    return model.model_validate(value)
