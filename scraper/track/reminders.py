"""Retirement reminders: an event when a firm retirement is 30 and 7 days away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from scraper.records import REFERENCE_LOCALE, CanonicalModel, ModelIndex
from scraper.track.events import Event, stable_id
from scraper.track.payloads import ReminderContext

REMINDER_DAYS = (30, 7)


def reminder_events(
    index: ModelIndex, today: dt.date, page_url: str, known_ids: Iterable[str]
) -> list[Event]:
    """A reminder when a firm retirement is 30 and 7 days away, once each.

    The id comes from the model, its date and the threshold (not the run date), so reruns
    never repeat a reminder; a run that misses the exact day still sends it inside the window.
    """
    known = set(known_ids)
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
        event = _reminder(model, model.retires_on, today, days_left, min(due), page_url)
        if event.id not in known:
            events.append(event)
    return events


def _reminder(
    model: CanonicalModel,
    retires_on: dt.date,
    today: dt.date,
    days_left: int,
    threshold: int,
    page_url: str,
) -> Event:
    replacement = f" (replacement {model.replacement})" if model.replacement else ""
    return Event(
        id=stable_id("reminder", model.model, retires_on.isoformat(), str(threshold)),
        type="retirement_reminder",
        detected_at=today,
        locales=(REFERENCE_LOCALE,),
        page_url=page_url,
        model=model.model,
        field="retires_on",
        after=retires_on.isoformat(),
        context=ReminderContext(
            days_left=days_left,
            threshold=threshold,
            summary=(
                f"Reminder: {model.model} retires on {retires_on.isoformat()}, "
                f"in {days_left} day{'' if days_left == 1 else 's'}{replacement}"
            ),
        ).as_json(),
    )
