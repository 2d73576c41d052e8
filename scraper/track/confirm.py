"""Every change confirmed before it is published.

One stale response from a CDN (an older copy of the page), or a page cut short in a way that
still parses, looks exactly like news: a date moving back, a model dropped or re-added, a
platform's mark gone. What is published is forever, and the next good run would publish the
reverse. So a page whose changes would publish an event stands only once another copy of it
gives the same records: a second copy fetched in the same run, bypassing caches (`same-run`,
the default), or the same records seen again by the next run (`next-run`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from scraper.fetch.pages import FailedPage, FetchedPage, FetchResult
from scraper.records import dumps
from scraper.track.guard import Rejection, listed
from scraper.track.plausibility import summary
from scraper.track.review import Context, PageReview, review


def _what(item: PageReview) -> str:
    if item.related is not None:
        return "its platform ids or marks changed"
    described = summary(item.changes)
    count = len(described)
    return f"{count} change{'' if count == 1 else 's'} ({listed(described, limit=3)})"


def _same_copy(first: FetchedPage | None, second: FetchedPage) -> bool:
    """The second copy is what the first review read: the same bytes, in the same format,
    from the same address. A review is a pure function of these (and of the run's context),
    so reading it again would only repeat the first reading."""
    return first is not None and (first.content, first.format, first.final_url) == (
        second.content,
        second.format,
        second.final_url,
    )


def _second_copy(
    item: PageReview, second: FetchResult | None, review_again: Callable[[FetchResult], PageReview]
) -> PageReview:
    """A review whose changes would publish events stands only if a second copy of the page,
    fetched in the same run, gives the same records."""
    locale, what = item.locale, _what(item)
    if second is None:
        detail = f"{what}: waiting for a second copy of the page to confirm it"
        return PageReview(
            locale, rejected=Rejection(locale, "confirmation", detail), to_confirm=True
        )
    if isinstance(second, FailedPage):
        reason = f"a second copy, to confirm {what}, could not be fetched: {second.reason}"
        return PageReview(locale, failed=FailedPage(locale, reason))
    if isinstance(second, FetchedPage) and _same_copy(item.reviewed, second):
        return item
    again = review_again(second)
    if again.rejected is None and (again.page, again.related) == (item.page, item.related):
        return item
    differs = f"was rejected ({again.rejected.detail})" if again.rejected else "says something else"
    detail = (
        f"{what}, but a second copy of the page {differs}, so nothing is published "
        "(the first may be stale or cut short); the next run fetches it again"
    )
    return PageReview(locale, rejected=Rejection(locale, "confirmation", detail))


def confirm_with_copies(
    reviews: Sequence[PageReview], copies: Mapping[str, FetchResult], context: Context
) -> tuple[PageReview, ...]:
    """The reviews whose changes would publish events, judged by second copies of their pages
    (one without a copy waits for it, rejected); the others as they are."""
    return tuple(
        _second_copy(item, copies.get(item.locale), lambda result: review(result, context))
        if item.to_confirm
        else item
        for item in reviews
    )


def records_hash(item: PageReview) -> str:
    """What the next run must see again: the records, whatever bytes carried them."""
    records = item.page if item.page is not None else item.related
    return hashlib.sha256(dumps(records).encode()).hexdigest()


def confirm_across_runs(
    reviews: Sequence[PageReview], pending: Mapping[str, str]
) -> tuple[PageReview, ...]:
    """`--confirm next-run`: a change is published the second time a run sees it; the first
    time, nothing of the page is written but what it said (`awaiting`, kept in state.json)."""
    confirmed = []
    for item in reviews:
        if not item.to_confirm or pending.get(item.locale) == records_hash(item):
            confirmed.append(item)
            continue
        note = (
            f"{item.locale}: {_what(item)} seen once; published when the next run sees the "
            "same (--confirm next-run)"
        )
        confirmed.append(PageReview(item.locale, notes=(note,), awaiting=records_hash(item)))
    return tuple(confirmed)
