"""What a run will write, decided from what was stored and what was fetched, before any write.

`plan` is pure: every page fetched is read, checked by the guard and compared with its stored
snapshot; the changes of all languages (and their drift from English) become events, new ones
only; the canonical index, the drift report and the fetch state follow. `SnapshotStore.commit`
then writes the plan in the order that keeps a killed run safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scraper.changelogs import Publication
from scraper.diff import diff_pages
from scraper.drift import DriftReport, track_drift
from scraper.errors import PageParseError
from scraper.events import Change, Event, already_recorded, merge_changes
from scraper.extract import parser_fingerprint, read_page
from scraper.fetch import (
    FailedPage,
    FetchedPage,
    FetchResult,
    FetchSettings,
    UnchangedPage,
)
from scraper.guard import Rejection, check_page
from scraper.index import canonical_models
from scraper.plausibility import hold
from scraper.records import REFERENCE_LOCALE, FetchState, HttpValidators, ModelIndex, PageContent
from scraper.reminders import reminder_events
from scraper.snapshot import Stored
from scraper.sources import DOCS_BASE_URL, page_url


@dataclass(frozen=True, slots=True)
class RunOptions:
    snapshots: Path
    locales: tuple[str, ...] | None = None
    base_url: str = DOCS_BASE_URL
    from_dir: Path | None = None
    as_of: dt.date | None = None
    accept_shrink: bool = False
    # Plausibility checks a person accepts for this run (scraper.plausibility.CHECKS).
    accept: frozenset[str] = frozenset()
    wait_for_lock: float = 0.0
    settings: FetchSettings = field(default_factory=FetchSettings)


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a run writes and reports, before anything is written."""

    new_events: tuple[Event, ...]
    pages: tuple[PageContent, ...]  # accepted pages, in the order they were fetched
    drift: DriftReport | None
    index: ModelIndex | None  # None: no English page, the stored index (if any) stands
    state: FetchState | None  # None: the stored state stands
    publication: Publication  # what the changelogs and feeds are rendered from
    failed: tuple[FailedPage, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    unchanged: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageReview:
    """One fetch result, read, checked by the guard and compared with its snapshot."""

    locale: str
    page: PageContent | None = None
    changes: tuple[Change, ...] = ()
    validators: tuple[str, HttpValidators] | None = None
    failed: FailedPage | None = None
    rejected: Rejection | None = None
    unchanged: bool = False
    notes: tuple[str, ...] = ()


def review_page(
    result: FetchResult,
    previous: PageContent | None,
    options: RunOptions,
    recorded: frozenset[str] = frozenset(),
) -> PageReview:
    """`recorded`: the languages whose first snapshot was published (a baseline event)."""
    if isinstance(result, FailedPage):
        return PageReview(result.locale, failed=result)
    if isinstance(result, UnchangedPage):
        return PageReview(result.locale, validators=(result.url, result.validators), unchanged=True)
    return _review_fetched(result, previous, options, recorded)


def _review_fetched(
    fetched: FetchedPage,
    previous: PageContent | None,
    options: RunOptions,
    recorded: frozenset[str],
) -> PageReview:
    locale = fetched.locale
    try:
        records = read_page(
            fetched.content,
            page_format=fetched.format,
            locale=locale,
            url=page_url(locale, options.base_url),
            final_url=fetched.final_url,
        )
    except PageParseError as error:
        return PageReview(locale, rejected=Rejection(locale, error.check, str(error)))
    page = records.content()
    verdict = check_page(previous, page, accept_shrink=options.accept_shrink)
    if verdict.rejection is not None:
        return PageReview(locale, rejected=verdict.rejection)
    changes = diff_pages(previous, page)
    held = hold(previous, page, changes, options.accept)
    if held is not None:
        return PageReview(locale, rejected=Rejection(locale, held.check, held.detail))
    notes = verdict.notes
    if previous is None and locale in recorded:
        # The snapshot went missing, not the language: rebuilt, and no second baseline.
        changes = []
        notes = (*notes, f"{locale}: the missing snapshot was rebuilt from the page")
    return PageReview(
        locale,
        page=page,
        changes=tuple(changes),
        # A page stored now is remembered by its validators; a rejected one is not, so the
        # next run fetches it again instead of hearing "304, unchanged".
        validators=(fetched.url, fetched.validators),
        unchanged=not changes and previous is not None and page == previous,
        notes=notes,
    )


def plan(
    stored: Stored, fetched: Sequence[FetchResult], options: RunOptions, today: dt.date
) -> Plan:
    """The whole run's outcome, from what was stored and what was fetched."""
    recorded = frozenset(
        locale
        for event in stored.events
        if event.type == "baseline_recorded"
        for locale in event.locales
    )
    reviews = [review_page(r, stored.pages.get(r.locale), options, recorded) for r in fetched]
    accepted = {review.locale: review.page for review in reviews if review.page is not None}
    pages = {**stored.pages, **accepted}
    drift, drift_changes = track_drift(pages, stored.drift, today)
    index = canonical_models(pages[REFERENCE_LOCALE], today) if REFERENCE_LOCALE in pages else None
    changes = {review.locale: list(review.changes) for review in reviews if review.changes}
    for locale, items in drift_changes.items():
        changes.setdefault(locale, []).extend(items)
    new_events = _new_events(changes, stored, index, options, today, fetched)
    urls = {**stored.state.urls, **dict(r.validators for r in reviews if r.validators)}
    state = FetchState(parser=parser_fingerprint(), urls=urls)
    return Plan(
        new_events=tuple(new_events),
        pages=tuple(accepted.values()),
        drift=drift,
        index=index,
        state=None if state == stored.state else state,
        publication=Publication(
            events=(*new_events, *stored.events),
            models=index if index is not None else stored.index,
            drift=drift,
            pages=pages,
            today=today,
        ),
        failed=tuple(review.failed for review in reviews if review.failed),
        rejected=tuple(review.rejected for review in reviews if review.rejected),
        unchanged=tuple(review.locale for review in reviews if review.unchanged),
        notes=tuple(note for review in reviews for note in review.notes),
    )


def _new_events(
    changes: Mapping[str, Sequence[Change]],
    stored: Stored,
    index: ModelIndex | None,
    options: RunOptions,
    today: dt.date,
    fetched: Sequence[FetchResult],
) -> list[Event]:
    """The run's events that the log does not hold yet, and the reminders now due."""
    locales = {*(result.locale for result in fetched), *changes}
    urls = {locale: page_url(locale, options.base_url) for locale in locales}
    events = merge_changes(changes, detected_at=today, page_urls=urls)
    new = [event for event in events if not already_recorded(event, stored.events)]
    if index is not None:
        english = page_url(REFERENCE_LOCALE, options.base_url)
        new += reminder_events(index, today, english, (event.id for event in stored.events))
    return new
