"""Events grouped the way people read them: by day, an announcement with what it caused.

An announcement and the status changes of the models it lists, seen the same day, are one
entry with the changes beneath; the date changes a status change already tells are folded
into it. The same announcement seen the same day in several languages (each in its own words,
so as several events) is one entry listing them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from scraper.fetch.sources import LOCALES
from scraper.track.events import EVENT_ORDER, Event
from scraper.track.payloads import AnnouncementFacts, read

# Date changes a status line tells (see without_dates_told_by_status).
_TOLD_BY_STATUS = {"deprecation_date_changed", "retirement_date_changed"}
# What an announcement causes in the status table on the day it appears (a model leaving the
# table as the announcement retires it, too).
_CAUSED = {"status_changed", "deprecation_date_changed", "retirement_date_changed", "model_removed"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a changelog or feed: an event, and the events it explains."""

    head: Event
    beneath: tuple[Event, ...] = ()
    also: tuple[Event, ...] = ()  # the head's announcement in other languages' words

    @property
    def locales(self) -> tuple[str, ...]:
        """The languages the entry was seen in: the head's and those of `also`."""
        found = {locale for event in (self.head, *self.also) for locale in event.locales}
        return tuple(sorted(found, key=_locale_order))

    @property
    def day(self) -> dt.date:
        return self.head.detected_at

    @property
    def anchor(self) -> str:
        """The entry's id in every rendering (changelog, feeds, site): `event-<id>`."""
        return f"event-{self.head.id}"

    @property
    def events(self) -> tuple[Event, ...]:
        return (self.head, *self.also, *self.beneath)


def _locale_order(locale: str) -> tuple[int, str]:
    return (LOCALES.index(locale) if locale in LOCALES else len(LOCALES), locale)


def _order(event: Event) -> int:
    return EVENT_ORDER.index(event.type) if event.type in EVENT_ORDER else len(EVENT_ORDER)


def without_dates_told_by_status(events: Sequence[Event]) -> list[Event]:
    """One day's (or one run's) events but the status-table date changes that a status
    change of the same model, in the same languages, already tells."""
    status_keys = {(e.model, e.locales) for e in events if e.type == "status_changed"}
    return [
        event
        for event in events
        if not (
            event.type in _TOLD_BY_STATUS
            and event.announcement is None
            and (event.model, event.locales) in status_keys
        )
    ]


def _listed_models(announcement: Event) -> set[str]:
    """The models a new history section lists (its payload is checked when it is loaded)."""
    return {entry.model for entry in read(AnnouncementFacts, announcement.after).entries}


def day_entries(events: Sequence[Event]) -> list[Entry]:
    """The entries of one day's events, most important first."""
    shown = sorted(without_dates_told_by_status(events), key=_order)
    taken: set[str] = set()
    entries: list[Entry] = []
    for event in shown:
        if event.type != "announcement_added" or event.id in taken:
            continue
        also = tuple(
            other
            for other in shown
            if other.type == "announcement_added"
            and other.announcement == event.announcement
            and other.id != event.id
        )
        taken.update(other.id for other in also)
        models = _listed_models(event).union(*(_listed_models(other) for other in also))
        caused = tuple(
            other
            for other in shown
            if other.type in _CAUSED
            and other.announcement is None
            and other.model in models
            and other.id not in taken
        )
        taken.update(other.id for other in caused)
        taken.add(event.id)
        entries.append(Entry(event, caused, also))
    entries.extend(Entry(event) for event in shown if event.id not in taken)
    return sorted(entries, key=lambda entry: min(_order(event) for event in entry.events))


def by_day(events: Iterable[Event]) -> list[tuple[dt.date, list[Entry]]]:
    """Entries per day, newest day first."""
    ordered = sorted(events, key=lambda event: event.detected_at, reverse=True)
    return [
        (day, day_entries(list(group)))
        for day, group in groupby(ordered, key=lambda event: event.detected_at)
    ]
