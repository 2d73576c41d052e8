"""One page at a time: a fetch result read, checked by the guard and the plausibility gate,
and compared with what was published of it.

What was published of a page is what the log says (`track.fold`), over its stored snapshot
(`track.published`): after a run cut short between writing events.json and the snapshot, or
with a snapshot gone missing, the changes are still counted from what the log told people,
so an event is never published twice nor contradicted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.errors import PageParseError
from scraper.fetch.pages import FailedPage, FetchedPage, FetchResult, UnchangedPage
from scraper.fetch.sources import RELATED_BY_NAME, page_sources, page_url
from scraper.read.extract import read_page
from scraper.read.related import read_related_page
from scraper.records import (
    REFERENCE_LOCALE,
    HttpValidators,
    PageContent,
    PageVersion,
    RelatedPageContent,
)
from scraper.track.diff import diff_pages
from scraper.track.events import Change
from scraper.track.fold import Facts, Fold, drift_seed, fold, index_seed
from scraper.track.guard import Rejection, check_page, check_related_page
from scraper.track.options import RunOptions
from scraper.track.plausibility import hold, hold_related
from scraper.track.published import published_page
from scraper.track.stored import Stored


@dataclass(frozen=True, slots=True)
class PageReview:
    """One fetch result, read, checked by the guard and compared with what was published."""

    locale: str
    page: PageContent | None = None  # of an accepted page
    version: PageVersion | None = None  # of a page read now
    # What was published of the page (None: never), as its changes are counted from.
    previous: PageContent | None = None
    changes: tuple[Change, ...] = ()
    validators: tuple[str, HttpValidators] | None = None
    failed: FailedPage | None = None
    rejected: Rejection | None = None
    unchanged: bool = False
    notes: tuple[str, ...] = ()
    related: RelatedPageContent | None = None
    # Its changes would publish events: they stand only once another copy says the same.
    to_confirm: bool = False
    # The records waiting for the next run to see them again (`--confirm next-run`): a hash.
    awaiting: str | None = None
    # What the page says, read now, even if the guard or the gate refused it: the dates it
    # gives as past tell a run dated too early (`track.clock`).
    read: PageContent | None = None
    # The copy this review read, when its changes wait for another (`track.confirm`): a
    # second copy with the same bytes from the same address reads the same.
    reviewed: FetchedPage | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What every review compares with: the stored documents and the log's fold."""

    stored: Stored
    log: Fold
    options: RunOptions
    today: dt.date

    @classmethod
    def of(cls, stored: Stored, options: RunOptions, today: dt.date) -> Context:
        return cls(stored, fold(stored.events), options, today)

    def published(self, locale: str, page: PageContent) -> PageContent | None:
        """What was published of a language: its snapshot corrected by the log. A language
        whose snapshot went missing is its page corrected by the log (and, for English, by
        what models.json says of its status table); one never recorded has none."""
        known = self.log.page(locale)
        stored = self.stored.pages.get(locale)
        if stored is not None:
            return published_page(stored, known)
        if locale not in self.log.recorded:
            return None
        return published_page(page, self._seed(locale, page) | known)

    def _seed(self, locale: str, page: PageContent) -> Facts:
        """What the other stored documents say of a language whose snapshot went missing
        (`page`: what it says now): models.json of English, drift.json of a translation."""
        stored, english = self.stored, self.stored.pages.get(REFERENCE_LOCALE)
        if locale == REFERENCE_LOCALE:
            return index_seed(stored.index, page) if stored.index is not None else {}
        drift = stored.drift.locales.get(locale) if stored.drift is not None else None
        if drift is None or english is None:
            return {}
        return drift_seed(
            published_page(english, self.log.page(REFERENCE_LOCALE)), drift.disagreements, page
        )

    def rebuilt(self, key: str) -> bool:
        """A page whose snapshot is missing although an earlier run stored it."""
        if key in RELATED_BY_NAME:
            urls = {source.url for source in page_sources(key, self.options.base_url)}
            return key not in self.stored.related and bool(urls & self.stored.state.urls.keys())
        return key not in self.stored.pages and key in self.log.recorded


def review(result: FetchResult, context: Context) -> PageReview:
    """A fetch result read, checked and compared (a related page by its own reader)."""
    key = result.locale
    if isinstance(result, FailedPage):
        return PageReview(key, failed=result)
    if key in RELATED_BY_NAME:
        return _review_related(result, context)
    if isinstance(result, UnchangedPage):
        return _review_unchanged(result, context)
    return _review_fetched(result, context)


def review_all(
    stored: Stored, fetched: Sequence[FetchResult], options: RunOptions, today: dt.date
) -> tuple[PageReview, ...]:
    """Each fetch result read, checked by the guard and compared with what was published."""
    context = Context.of(stored, options, today)
    return tuple(review(result, context) for result in fetched)


def _review_unchanged(result: UnchangedPage, context: Context) -> PageReview:
    """Unchanged since it was stored: the snapshot is the page, compared with what the log
    says (they differ only when a run stopped after writing the log, and the page went back)."""
    locale, stored = result.locale, context.stored.pages.get(result.locale)
    validators = (result.url, result.validators)
    previous = context.published(locale, stored) if stored is not None else None
    if stored is None or previous == stored:
        return PageReview(locale, validators=validators, unchanged=True)
    return PageReview(
        locale,
        page=stored,
        previous=previous,
        changes=tuple(diff_pages(previous, stored)),
        validators=validators,
    )


def _review_related(result: FetchedPage | UnchangedPage, context: Context) -> PageReview:
    """A related page read with its own reader, checked by the guard and the gate; its
    changes show as platform events once the index is joined."""
    key, options = result.locale, context.options
    previous = context.stored.related.get(key)
    if isinstance(result, UnchangedPage):
        return PageReview(key, validators=(result.url, result.validators), unchanged=True)
    try:
        page = read_related_page(result.content, RELATED_BY_NAME[key], page_format=result.format)
    except PageParseError as error:
        return PageReview(key, rejected=Rejection(key, error.check, str(error)))
    verdict = check_related_page(previous, page, accept_shrink=options.accept_shrink, key=key)
    held = hold_related(previous, page, options.accept)
    rejection = verdict.rejection
    if rejection is None and held is not None:
        rejection = Rejection(key, held.check, held.detail)
    if rejection is not None:
        return PageReview(key, rejected=rejection)
    return PageReview(
        key,
        related=page,
        validators=(result.url, result.validators),
        unchanged=page == previous,
        notes=(*verdict.notes, *_rebuilt_note(key, context.rebuilt(key))),
        to_confirm=page != previous,
        reviewed=result if page != previous else None,
    )


def _rebuilt_note(key: str, rebuilt: bool) -> tuple[str, ...]:
    return (f"{key}: the missing snapshot was rebuilt from the page",) if rebuilt else ()


def _review_fetched(fetched: FetchedPage, context: Context) -> PageReview:
    locale, options = fetched.locale, context.options
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
    previous = context.published(locale, page)
    verdict = check_page(previous, page, accept_shrink=options.accept_shrink)
    if verdict.rejection is not None:
        return PageReview(locale, rejected=verdict.rejection, read=page)
    changes = diff_pages(previous, page)
    held = hold(previous, page, changes, context.today, options.accept)
    if held is not None:
        return PageReview(locale, rejected=Rejection(locale, held.check, held.detail), read=page)
    return PageReview(
        locale,
        page=page,
        # The docs' own address, as in models.json, whatever --base-url fetched from.
        version=PageVersion(url=page_url(locale), sha256=reading.source.sha256, date=context.today),
        previous=previous,
        changes=tuple(changes),
        # A page stored now is remembered by its validators; a rejected one is not, so the
        # next run fetches it again instead of hearing "304, unchanged".
        validators=(fetched.url, fetched.validators),
        unchanged=not changes and page == context.stored.pages.get(locale),
        # Where the page's own words overrule the built-in ones: read as the page says, and said.
        notes=(
            *verdict.notes,
            *(f"{locale}: {warning}" for warning in reading.warnings),
            *_rebuilt_note(locale, context.rebuilt(locale)),
        ),
        to_confirm=bool(changes),
        read=page,
        reviewed=fetched if changes else None,
    )
