"""What a run will write, decided from what was stored and what was fetched, before any write.

`plan` is pure: every page fetched is reviewed (`track.review`: read, checked by the guard and
the gate, compared with what was published of it), the pages whose changes would publish an
event are confirmed (`track.confirm`), and the changes of all languages (and their drift from
English) become the new events: exactly where the pages and what the log says disagree. The
canonical index, the drift report and the fetch state follow. What to publish from them is
publishing's to say, and writing them the store's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scraper.fetch.pages import FailedPage, FetchResult
from scraper.fetch.sources import RELATED_BY_NAME, page_url
from scraper.read.fingerprint import parser_fingerprint
from scraper.records import (
    REFERENCE_LOCALE,
    FetchState,
    ModelIndex,
    PageContent,
    RelatedPageContent,
    RunStamp,
    StoredPage,
)
from scraper.track.confirm import confirm_across_runs, confirm_with_copies
from scraper.track.drift import DriftReport, LocaleDrift, track_drift
from scraper.track.events import Change, Event, merge_changes, with_unique_ids
from scraper.track.fold import Facts
from scraper.track.guard import Rejection
from scraper.track.index import canonical_models
from scraper.track.options import RunOptions
from scraper.track.platforms import join_platforms, platform_changes, platform_events
from scraper.track.published import (
    published_disagreements,
    published_drift,
    published_index,
    published_page,
)
from scraper.track.reminders import reminder_events
from scraper.track.review import Context, PageReview, review
from scraper.track.stored import Stored


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
    # Pages whose changes wait for a second copy: fetch them again and plan once more with
    # `second_copies`.
    to_confirm: tuple[str, ...] = ()
    # No page was read (every one failed or was refused): nothing is to be written at all.
    read_nothing: bool = False


def plan(
    stored: Stored,
    fetched: Sequence[FetchResult],
    options: RunOptions,
    today: dt.date,
    second_copies: Mapping[str, FetchResult] | None = None,
) -> Plan:
    """The whole run's outcome, from what was stored and what was fetched (`second_copies`:
    the pages of an earlier plan's `to_confirm`, fetched again)."""
    context = Context.of(stored, options, today)
    reviews = tuple(review(result, context) for result in fetched)
    return plan_reviews(context, confirm(reviews, second_copies or {}, context))


def changed_pages(reviews: Sequence[PageReview]) -> tuple[str, ...]:
    """The pages whose changes would publish events: they wait for a confirming copy."""
    return tuple(item.locale for item in reviews if item.to_confirm)


def confirm(
    reviews: Sequence[PageReview], second_copies: Mapping[str, FetchResult], context: Context
) -> tuple[PageReview, ...]:
    """The reviews as their confirmation leaves them, the way the run was asked to confirm."""
    if context.options.confirm == "next-run":
        return confirm_across_runs(reviews, context.stored.state.pending)
    return confirm_with_copies(reviews, second_copies, context)


def plan_reviews(context: Context, reviews: Sequence[PageReview]) -> Plan:
    """The run's outcome from its reviewed and confirmed pages."""
    stored, today = context.stored, context.today
    accepted = {item.locale: item.page for item in reviews if item.page is not None}
    related = {item.locale: item.related for item in reviews if item.related}
    pages = {**stored.pages, **accepted}
    published = _published_pages(context, reviews)
    index = _index(pages, {**stored.related, **related}, today)
    previous_index = _published_index(context, published)
    if index is not None and previous_index is not None:
        index = _carried(index, previous_index, _unavailable(context, related))
    changes = {item.locale: list(item.changes) for item in reviews if item.changes}
    for locale, items in _drift_changes(published, pages, today, context.log.drift).items():
        changes.setdefault(locale, []).extend(items)
    new_events = _new_events(changes, context, index, previous_index, reviews)
    run = RunStamp(date=today, url=context.options.run_url)
    drift = _drift(context, published, pages, _unread(context, pages))
    state = _state(stored.state, reviews)
    return Plan(
        new_events=tuple(new_events),
        pages=_stamped_pages(reviews, stored, run),
        drift=drift,
        index=_stamped_index(index, stored, reviews, run),
        state=None if state == stored.state else state,
        log=(*new_events, *stored.events),
        models=index if index is not None else stored.index,
        current_pages=pages,
        failed=tuple(item.failed for item in reviews if item.failed),
        rejected=tuple(item.rejected for item in reviews if item.rejected),
        unchanged=tuple(item.locale for item in reviews if item.unchanged),
        notes=(
            *(note for item in reviews for note in item.notes),
            *(f"{key}: {_UNREAD}" for key in sorted(_unread(context, pages))),
        ),
        related=tuple(related.values()),
        to_confirm=tuple(item.locale for item in reviews if item.to_confirm and item.rejected),
        read_nothing=not any(_read(item) for item in reviews),
    )


def _read(item: PageReview) -> bool:
    """The run learnt something of the page: its records, that it is unchanged, or (with
    `--confirm next-run`) what it says now."""
    return (
        item.page is not None or item.related is not None or item.unchanged or bool(item.awaiting)
    )


def _state(stored: FetchState, reviews: Sequence[PageReview]) -> FetchState:
    """Validators of the pages stored now; the records that wait for the next run."""
    urls = {**stored.urls, **dict(item.validators for item in reviews if item.validators)}
    settled = {item.locale for item in reviews if item.failed is None}
    pending = {key: value for key, value in stored.pending.items() if key not in settled}
    pending |= {item.locale: item.awaiting for item in reviews if item.awaiting}
    return FetchState(parser=parser_fingerprint(), urls=urls, pending=pending)


def _published_pages(context: Context, reviews: Sequence[PageReview]) -> dict[str, PageContent]:
    """Every language as published before this run (a missing snapshot as its review
    rebuilt it)."""
    found = {
        locale: published_page(page, context.log.page(locale))
        for locale, page in context.stored.pages.items()
    }
    for item in reviews:
        if item.previous is not None:
            found.setdefault(item.locale, item.previous)
    return found


_UNREAD = (
    "its snapshot is missing and its page was not read: nothing of it changes until a run reads it"
)


def _unread(context: Context, pages: Mapping[str, PageContent]) -> set[str]:
    """Languages recorded before whose snapshot is missing and whose page this run did not
    read: they cannot be rebuilt yet."""
    return {locale for locale in context.log.recorded if locale not in pages}


def _drift(
    context: Context,
    published: Mapping[str, PageContent],
    pages: Mapping[str, PageContent],
    unread: set[str],
) -> DriftReport | None:
    """drift.json: kept as it was where nothing changed (rebuilt from the pages and the log
    when missing), and for a language that could not be rebuilt, what it said of it."""
    stored, today = context.stored, context.today
    kept = stored.drift or published_drift(published, stored.events, today)
    drift, _ = track_drift(pages, kept, today)
    carried = {key: kept.locales[key] for key in unread if kept and key in kept.locales}
    if drift is None or kept is None or not carried:
        return drift
    merged = {**drift.locales, **carried}
    if kept.same_disagreements({key: item.disagreements for key, item in merged.items()}):
        return kept
    return drift.model_copy(update={"locales": dict(sorted(merged.items()))})


def _drift_changes(
    published: Mapping[str, PageContent],
    pages: Mapping[str, PageContent],
    today: dt.date,
    known: Mapping[str, Facts],
) -> dict[str, list[Change]]:
    """Drift that appeared or ended since what was published (`known`: the log's drift); a
    language compared for the first time (not published before, or any before English was)
    raises its disagreements."""
    english = published.get(REFERENCE_LOCALE)
    if english is None:
        return track_drift(pages, None, today)[1]
    before = DriftReport(
        as_of=today,
        locales={
            locale: LocaleDrift(
                disagreements=published_disagreements(english, page, known.get(locale, {}))
            )
            for locale, page in published.items()
            if locale != REFERENCE_LOCALE
        },
    )
    return track_drift(pages, before, today)[1]


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


def _published_index(context: Context, published: Mapping[str, PageContent]) -> ModelIndex | None:
    """The index as published before this run: models.json (rebuilt from the published
    pages when missing), its platforms and aliases as the log says."""
    stored = context.stored
    base = stored.index or _index(published, stored.related, context.today)
    return published_index(base, context.log.platforms) if base is not None else None


def _unavailable(context: Context, related: Mapping[str, RelatedPageContent]) -> set[str]:
    """Related pages stored before whose snapshot is missing and that were not read now."""
    return {key for key in RELATED_BY_NAME if context.rebuilt(key) and key not in related}


def _carried(index: ModelIndex, previous: ModelIndex, unavailable: set[str]) -> ModelIndex:
    """What a related page that can be neither read nor found stored said stays as published:
    its platform's entries (the overview: every platform's, and the aliases)."""
    if not unavailable:
        return index
    everything = "models-overview" in unavailable
    platforms = {RELATED_BY_NAME[key].platform for key in unavailable}
    before = {model.model: model for model in previous.models}
    models = []
    for model in index.models:
        old = before.get(model.model)
        if old is None:
            models.append(model)
            continue
        entries = {
            platform: entry
            for platform, entry in model.platforms.items()
            if platform == "claude-api" or not (everything or platform in platforms)
        }
        entries |= {
            platform: entry
            for platform, entry in old.platforms.items()
            if platform != "claude-api" and (everything or platform in platforms)
        }
        aliases = old.aliases if everything else model.aliases
        models.append(model.model_copy(update={"platforms": entries, "aliases": aliases}))
    notes = {**index.platform_notes}
    notes |= {key: note for key, note in previous.platform_notes.items() if key in platforms}
    return index.model_copy(update={"models": tuple(models), "platform_notes": notes})


def _new_events(
    changes: Mapping[str, Sequence[Change]],
    context: Context,
    index: ModelIndex | None,
    previous_index: ModelIndex | None,
    reviews: Sequence[PageReview],
) -> list[Event]:
    """The run's events (each change where the pages and the log disagree), the reminders
    now due, and the platforms' changes; ids unique in the log."""
    today, base_url = context.today, context.options.base_url
    locales = {*(item.locale for item in reviews), *changes}
    urls = {locale: page_url(locale, base_url) for locale in locales}
    events = merge_changes(changes, detected_at=today, page_urls=urls)
    known = [event.id for event in context.stored.events]
    if index is not None:
        english = page_url(REFERENCE_LOCALE, base_url)
        events += reminder_events(index, today, english, known)
        if previous_index is not None:
            events += platform_events(platform_changes(previous_index, index), today)
    return with_unique_ids(events, known)


def _stamped_pages(
    reviews: Sequence[PageReview], stored: Stored, run: RunStamp
) -> tuple[StoredPage, ...]:
    """The accepted pages whose records changed, stamped with their version and this run.

    A page whose records did not change is not rewritten: its snapshot keeps the version
    that first said it, and a run that changed nothing writes nothing.
    """
    return tuple(
        StoredPage.stamp(item.page, item.version, run)
        for item in reviews
        if item.page is not None and item.page != stored.pages.get(item.locale)
    )


def _stamped_index(
    index: ModelIndex | None, stored: Stored, reviews: Sequence[PageReview], run: RunStamp
) -> ModelIndex | None:
    """The index to write, stamped with the English version it is joined from; None when
    its records are those already stored."""
    if index is None or index.same_content(stored.index):
        return None
    fetched = {item.locale: item.version for item in reviews if item.version}
    source = fetched.get(REFERENCE_LOCALE) or stored.versions.get(REFERENCE_LOCALE)
    return index.model_copy(update={"source": source, "run": run})
