"""What a run will write, decided from what was stored and what was fetched, before any write.

`plan` is pure: every page fetched is read, checked by the guard and compared with its stored
snapshot; the changes of all languages (and their drift from English) become events, new ones
only; the canonical index, the drift report and the fetch state follow. What to publish from
them is publishing's to say, and writing them the store's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scraper.errors import PageParseError
from scraper.fetch.pages import FailedPage, FetchedPage, FetchResult, FetchSettings, UnchangedPage
from scraper.fetch.sources import DOCS_BASE_URL, RELATED_BY_NAME, page_url
from scraper.read.extract import read_page
from scraper.read.fingerprint import parser_fingerprint
from scraper.read.related import read_related_page
from scraper.records import (
    REFERENCE_LOCALE,
    FetchState,
    HttpValidators,
    ModelIndex,
    PageContent,
    PageVersion,
    RelatedPageContent,
    RunStamp,
    StoredPage,
)
from scraper.track.diff import diff_pages
from scraper.track.drift import DriftReport, track_drift
from scraper.track.events import Change, Event, already_recorded, merge_changes
from scraper.track.guard import Rejection, check_page, check_related_page, ids_gone, listed
from scraper.track.index import canonical_models
from scraper.track.platforms import join_platforms, platform_changes, platform_events
from scraper.track.plausibility import hold, taken_away
from scraper.track.reminders import reminder_events
from scraper.track.stored import Stored


@dataclass(frozen=True, slots=True)
class RunOptions:
    snapshots: Path
    locales: tuple[str, ...] | None = None
    base_url: str = DOCS_BASE_URL
    from_dir: Path | None = None
    as_of: dt.date | None = None
    accept_shrink: bool = False
    # Plausibility checks a person accepts for this run (scraper.track.plausibility.CHECKS).
    accept: frozenset[str] = frozenset()
    wait_for_lock: float = 0.0
    settings: FetchSettings = field(default_factory=FetchSettings)
    run_url: str | None = None  # the CI run doing this, stamped on what it changes


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a run writes and reports, before anything is written."""

    new_events: tuple[Event, ...]
    pages: tuple[StoredPage, ...]  # accepted pages whose records changed, in fetch order
    drift: DriftReport | None
    index: ModelIndex | None  # None: the stored index (if any) stands
    state: FetchState | None  # None: the stored state stands
    # What the published files are rendered from: the whole log (newest first), the index
    # (stored or new), every language's page as it now stands.
    log: tuple[Event, ...]
    models: ModelIndex | None
    current_pages: Mapping[str, PageContent]
    failed: tuple[FailedPage, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    unchanged: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    related: tuple[RelatedPageContent, ...] = ()  # accepted related pages (overview, platforms)
    # Languages whose changes take something away and wait for a second copy of the page:
    # fetch them again and plan once more with `second_copies`.
    to_confirm: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageReview:
    """One fetch result, read, checked by the guard and compared with its snapshot."""

    locale: str
    page: PageContent | None = None
    version: PageVersion | None = None  # of an accepted page
    changes: tuple[Change, ...] = ()
    validators: tuple[str, HttpValidators] | None = None
    failed: FailedPage | None = None
    rejected: Rejection | None = None
    unchanged: bool = False
    notes: tuple[str, ...] = ()
    related: RelatedPageContent | None = None
    taken_away: tuple[str, ...] = ()  # what the changes remove or move back (confirmed first)
    awaiting_confirmation: bool = False


def _review(
    result: FetchResult,
    stored: Stored,
    options: RunOptions,
    today: dt.date,
    recorded: frozenset[str],
) -> PageReview:
    """A related page (by its name) has its own reader and guard; the rest is shared."""
    key = result.locale
    if key in RELATED_BY_NAME and isinstance(result, FetchedPage):
        return _review_related(result, stored.related.get(key), options)
    return review_page(result, stored.pages.get(key), options, today, recorded)


def _review_related(
    fetched: FetchedPage, previous: RelatedPageContent | None, options: RunOptions
) -> PageReview:
    """A related page read with its own reader and checked by the guard (see
    `guard.check_related_page`)."""
    key = fetched.locale
    try:
        page = read_related_page(fetched.content, RELATED_BY_NAME[key], page_format=fetched.format)
    except PageParseError as error:
        return PageReview(key, rejected=Rejection(key, error.check, str(error)))
    verdict = check_related_page(previous, page, accept_shrink=options.accept_shrink, key=key)
    if verdict.rejection is not None:
        return PageReview(key, rejected=verdict.rejection)
    return PageReview(
        key,
        related=page,
        validators=(fetched.url, fetched.validators),
        unchanged=page == previous,
        notes=verdict.notes,
        taken_away=tuple(f"{model} gone" for model in ids_gone(previous, page)),
    )


def _index(
    pages: Mapping[str, PageContent],
    related: Mapping[str, RelatedPageContent],
    today: dt.date,
) -> ModelIndex | None:
    """The canonical index from English, joined with the related pages' ids and statuses."""
    english = pages.get(REFERENCE_LOCALE)
    if english is None:
        return None
    # The docs' own addresses, not --base-url's: models.json must not depend on the mirror.
    return join_platforms(
        canonical_models(english, today),
        related,
        scope_note=english.scope_note,
        deprecations_url=page_url(REFERENCE_LOCALE),
    )


def review_page(
    result: FetchResult,
    previous: PageContent | None,
    options: RunOptions,
    today: dt.date,
    recorded: frozenset[str] = frozenset(),
) -> PageReview:
    """`recorded`: the languages whose first snapshot was published (a baseline event)."""
    if isinstance(result, FailedPage):
        return PageReview(result.locale, failed=result)
    if isinstance(result, UnchangedPage):
        return PageReview(result.locale, validators=(result.url, result.validators), unchanged=True)
    return _review_fetched(result, previous, options, today, recorded)


def _review_fetched(
    fetched: FetchedPage,
    previous: PageContent | None,
    options: RunOptions,
    today: dt.date,
    recorded: frozenset[str],
) -> PageReview:
    locale = fetched.locale
    try:
        reading = read_page(
            fetched.content,
            page_format=fetched.format,
            locale=locale,
            url=page_url(locale, options.base_url),
            final_url=fetched.final_url,
        )
    except PageParseError as error:
        return PageReview(locale, rejected=Rejection(locale, error.check, str(error)))
    page = reading.content
    verdict = check_page(previous, page, accept_shrink=options.accept_shrink)
    if verdict.rejection is not None:
        return PageReview(locale, rejected=verdict.rejection)
    changes = diff_pages(previous, page)
    held = hold(previous, page, changes, options.accept)
    if held is not None:
        return PageReview(locale, rejected=Rejection(locale, held.check, held.detail))
    # Where the page's own words overrule the built-in ones: read as the page says, and said.
    notes = (*verdict.notes, *(f"{locale}: {warning}" for warning in reading.warnings))
    if previous is None and locale in recorded:
        # The snapshot went missing, not the language: rebuilt, and no second baseline.
        changes = []
        notes = (*notes, f"{locale}: the missing snapshot was rebuilt from the page")
    return PageReview(
        locale,
        page=page,
        # The docs' own address, as in models.json, whatever --base-url fetched from.
        version=PageVersion(url=page_url(locale), sha256=reading.source.sha256, date=today),
        changes=tuple(changes),
        # A page stored now is remembered by its validators; a rejected one is not, so the
        # next run fetches it again instead of hearing "304, unchanged".
        validators=(fetched.url, fetched.validators),
        unchanged=not changes and previous is not None and page == previous,
        notes=notes,
        taken_away=taken_away(changes),
    )


def _confirmed(
    review: PageReview,
    second: FetchResult | None,
    review_again: Callable[[FetchResult], PageReview],
) -> PageReview:
    """A review whose changes take something away stands only if a second copy of the page,
    fetched in the same run, gives the same records: a page cut short or a stale copy from
    one server of many would otherwise publish removals, and the next run their reverse."""
    if not review.taken_away:
        return review
    locale, what = review.locale, listed(review.taken_away, limit=3)
    if second is None:
        detail = f"{what}: waiting for a second copy of the page to confirm it"
        return PageReview(
            locale, rejected=Rejection(locale, "confirmation", detail), awaiting_confirmation=True
        )
    if isinstance(second, FailedPage):
        reason = f"a second copy, to confirm {what}, could not be fetched: {second.reason}"
        return PageReview(locale, failed=FailedPage(locale, reason))
    again = review_again(second)
    if again.rejected is None and (again.page, again.related) == (review.page, review.related):
        return review
    differs = f"was rejected ({again.rejected.detail})" if again.rejected else "says something else"
    detail = (
        f"{what}, but a second copy of the page {differs}, so nothing is published "
        "(the first may be cut short or stale); the next run fetches it again"
    )
    return PageReview(locale, rejected=Rejection(locale, "confirmation", detail))


def _recorded(stored: Stored) -> frozenset[str]:
    """The languages whose first snapshot was published (a baseline event)."""
    return frozenset(
        locale
        for event in stored.events
        if event.type == "baseline_recorded"
        for locale in event.locales
    )


def review_all(
    stored: Stored, fetched: Sequence[FetchResult], options: RunOptions, today: dt.date
) -> tuple[PageReview, ...]:
    """Each fetch result read, checked by the guard and compared with its snapshot."""
    recorded = _recorded(stored)
    return tuple(_review(result, stored, options, today, recorded) for result in fetched)


def confirm_removals(
    reviews: Sequence[PageReview],
    second_copies: Mapping[str, FetchResult],
    stored: Stored,
    options: RunOptions,
    today: dt.date,
) -> tuple[PageReview, ...]:
    """The reviews whose changes take something away, judged by their second copies (a
    review without one waits for it: `Plan.to_confirm`); the others as they are."""
    recorded = _recorded(stored)

    def review_again(result: FetchResult) -> PageReview:
        return _review(result, stored, options, today, recorded)

    return tuple(
        _confirmed(review, second_copies.get(review.locale), review_again) for review in reviews
    )


def plan(
    stored: Stored,
    fetched: Sequence[FetchResult],
    options: RunOptions,
    today: dt.date,
    second_copies: Mapping[str, FetchResult] | None = None,
) -> Plan:
    """The whole run's outcome, from what was stored and what was fetched (`second_copies`:
    the pages of an earlier plan's `to_confirm`, fetched again)."""
    reviews = review_all(stored, fetched, options, today)
    confirmed = confirm_removals(reviews, second_copies or {}, stored, options, today)
    return plan_reviews(stored, confirmed, options, today)


def plan_reviews(
    stored: Stored, reviews: Sequence[PageReview], options: RunOptions, today: dt.date
) -> Plan:
    """The run's outcome from its reviewed (and confirmed) pages."""
    accepted = {review.locale: review.page for review in reviews if review.page is not None}
    related = {review.locale: review.related for review in reviews if review.related}
    pages = {**stored.pages, **accepted}
    drift, drift_changes = track_drift(pages, stored.drift, today)
    index = _index(pages, {**stored.related, **related}, today)
    changes = {review.locale: list(review.changes) for review in reviews if review.changes}
    for locale, items in drift_changes.items():
        changes.setdefault(locale, []).extend(items)
    new_events = _new_events(changes, stored, index, options, today, reviews)
    urls = {**stored.state.urls, **dict(r.validators for r in reviews if r.validators)}
    state = FetchState(parser=parser_fingerprint(), urls=urls)
    run = RunStamp(date=today, url=options.run_url)
    return Plan(
        new_events=tuple(new_events),
        pages=_stamped_pages(reviews, stored, run),
        drift=drift,
        index=_stamped_index(index, stored, reviews, run),
        state=None if state == stored.state else state,
        log=(*new_events, *stored.events),
        models=index if index is not None else stored.index,
        current_pages=pages,
        failed=tuple(review.failed for review in reviews if review.failed),
        rejected=tuple(review.rejected for review in reviews if review.rejected),
        unchanged=tuple(review.locale for review in reviews if review.unchanged),
        notes=tuple(note for review in reviews for note in review.notes),
        related=tuple(related.values()),
        to_confirm=tuple(review.locale for review in reviews if review.awaiting_confirmation),
    )


def _stamped_pages(
    reviews: Sequence[PageReview], stored: Stored, run: RunStamp
) -> tuple[StoredPage, ...]:
    """The accepted pages whose records changed, stamped with their version and this run.

    A page whose records did not change is not rewritten: its snapshot keeps the version
    that first said it, and a run that changed nothing writes nothing.
    """
    return tuple(
        StoredPage.stamp(review.page, review.version, run)
        for review in reviews
        if review.page is not None and review.page != stored.pages.get(review.locale)
    )


def _stamped_index(
    index: ModelIndex | None, stored: Stored, reviews: Sequence[PageReview], run: RunStamp
) -> ModelIndex | None:
    """The index to write, stamped with the English version it is joined from; None when
    its records are those already stored."""
    if index is None or index.same_content(stored.index):
        return None
    fetched = {review.locale: review.version for review in reviews if review.version}
    source = fetched.get(REFERENCE_LOCALE) or stored.versions.get(REFERENCE_LOCALE)
    return index.model_copy(update={"source": source, "run": run})


def _new_events(
    changes: Mapping[str, Sequence[Change]],
    stored: Stored,
    index: ModelIndex | None,
    options: RunOptions,
    today: dt.date,
    reviews: Sequence[PageReview],
) -> list[Event]:
    """The run's events that the log does not hold yet, and the reminders now due."""
    locales = {*(review.locale for review in reviews), *changes}
    urls = {locale: page_url(locale, options.base_url) for locale in locales}
    events = merge_changes(changes, detected_at=today, page_urls=urls)
    new = [event for event in events if not already_recorded(event, stored.events)]
    if index is not None:
        english = page_url(REFERENCE_LOCALE, options.base_url)
        new += reminder_events(index, today, english, (event.id for event in stored.events))
        platform = platform_events(platform_changes(stored.index, index), today)
        new += [event for event in platform if not already_recorded(event, stored.events)]
    return new
