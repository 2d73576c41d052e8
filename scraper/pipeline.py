"""The `run` job end to end: load → fetch → read → plan → publish → commit.

Fetching and the store are the only I/O; everything between is pure: `track.plan` reads the
pages and decides what changed, `publish` renders the files people read from the result. A
page whose changes take something away is fetched once more and reviewed again, so only a
confirmed removal is committed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scraper.errors import ExitCode, InputError
from scraper.fetch.http import fetch_pages
from scraper.fetch.pages import FailedPage, FetchProgress, FetchResult
from scraper.fetch.saved import read_saved_pages
from scraper.fetch.sources import LOCALES, RELATED_BY_NAME, page_sources
from scraper.publish.files import publish
from scraper.read.fingerprint import parser_fingerprint
from scraper.records import HttpValidators
from scraper.store.snapshots import SnapshotStore, Writes
from scraper.track.events import Event
from scraper.track.guard import Rejection
from scraper.track.plan import Plan, RunOptions, confirm_removals, plan_reviews, review_all
from scraper.track.stored import Stored

ValidatorMap = Mapping[str, HttpValidators]


@dataclass(frozen=True, slots=True)
class RunResult:
    events: tuple[Event, ...]
    failed: tuple[FailedPage, ...]
    rejected: tuple[Rejection, ...]
    unchanged: tuple[str, ...]
    notes: tuple[str, ...]
    written: tuple[Path, ...]

    @property
    def changed(self) -> bool:
        return bool(self.events)

    def exit_code(self, *, exit_code_on_change: bool = False) -> ExitCode:
        if self.rejected:
            return ExitCode.REJECTED
        if self.failed:
            return ExitCode.FETCH_FAILED
        return ExitCode.CHANGES if exit_code_on_change and self.changed else ExitCode.OK


def saved_locales(directory: Path) -> tuple[str, ...]:
    """The pages saved in DIR (`<key>.md` or `<key>.html`): docs locales, then related pages
    (`models-overview.md`, `claude-on-vertex-ai.md`...)."""
    present = {path.stem for path in directory.iterdir() if path.suffix in (".md", ".html")}
    return tuple(key for key in (*LOCALES, *RELATED_BY_NAME) if key in present)


def _check_as_of(as_of: dt.date | None, history: tuple[Event, ...]) -> None:
    """A backfill goes oldest first: an earlier date would put history out of order."""
    newest = max((event.detected_at for event in history), default=None)
    if as_of is not None and newest is not None and as_of < newest:
        raise InputError(
            f"--as-of {as_of} is before {newest}, the newest date already recorded; "
            "backfill oldest first, into an empty snapshots directory"
        )


def _validators(options: RunOptions, stored: Stored, locales: Sequence[str]) -> ValidatorMap:
    """The validators to send: none if the parser changed, none for a missing snapshot."""
    # Validators vouch for "same page, same records" only if the parser is the same.
    if stored.state.parser != parser_fingerprint():
        return {}
    # A language whose snapshot is missing is read again even if its page is unchanged.
    missing = {
        source.url
        for locale in locales
        if locale in LOCALES and locale not in stored.pages
        for source in page_sources(locale, options.base_url)
    }
    return {url: kept for url, kept in stored.state.urls.items() if url not in missing}


def _fetch(
    options: RunOptions,
    locales: Sequence[str],
    validators: ValidatorMap,
    progress: FetchProgress | None,
    deadline: float | None,
) -> list[FetchResult]:
    """The pages, from the network or from --from's directory (`deadline`: seconds left)."""
    if options.from_dir is not None:
        return read_saved_pages(
            options.from_dir,
            locales,
            base_url=options.base_url,
            validators=validators,
            progress=progress,
        )
    pages = fetch_pages(
        locales,
        base_url=options.base_url,
        validators=validators,
        settings=replace(options.settings, deadline=deadline),
        progress=progress,
    )
    return asyncio.run(pages)


def _requested(options: RunOptions) -> tuple[str, ...]:
    if options.locales:
        return options.locales
    return saved_locales(options.from_dir) if options.from_dir else (*LOCALES, *RELATED_BY_NAME)


def _confirming_copies(
    options: RunOptions, locales: Sequence[str], progress: FetchProgress | None, started: float
) -> dict[str, FetchResult]:
    """Second copies of the pages whose changes take something away, fetched in full
    (no validators: a 304 would confirm nothing), within what is left of the deadline (which
    bounds fetching: saved pages are read whatever the time)."""
    deadline = options.settings.deadline
    left = None if deadline is None else deadline - (time.monotonic() - started)
    if left is not None and left <= 0 and options.from_dir is None:
        reason = f"not done by the run's deadline ({deadline:g} s)"
        return {locale: FailedPage(locale, reason) for locale in locales}
    if progress is not None:
        for locale in locales:
            progress.again(locale)
    copies = _fetch(options, locales, {}, progress, left)
    return {result.locale: result for result in copies}


def _plan(
    options: RunOptions, stored: Stored, today: dt.date, progress: FetchProgress | None
) -> Plan:
    """Fetch and review every page; fetch again the pages whose changes take something away,
    and plan with what their second copies confirm (each page is read once per copy)."""
    started = time.monotonic()
    locales = _requested(options)
    validators = _validators(options, stored, locales)
    fetched = _fetch(options, locales, validators, progress, options.settings.deadline)
    reviews = review_all(stored, fetched, options, today)
    pending = tuple(review.locale for review in reviews if review.taken_away)
    copies = _confirming_copies(options, pending, progress, started) if pending else {}
    confirmed = confirm_removals(reviews, copies, stored, options, today)
    return plan_reviews(stored, confirmed, options, today)


def _writes(planned: Plan, snapshots: Path, today: dt.date) -> Writes:
    """What the store keeps of a plan: its documents, and the files published from them."""
    published = publish(
        planned.log, planned.models, planned.drift, planned.current_pages, today, snapshots.name
    )
    return Writes(
        events=planned.log if planned.new_events else None,
        pages=planned.pages,
        related=planned.related,
        drift=planned.drift,
        index=planned.index,
        published=published,
        state=planned.state,
    )


def run(options: RunOptions, progress: FetchProgress | None = None) -> RunResult:
    """Run the whole job once. Raises SnapshotError/LockedError before writing anything."""
    store = SnapshotStore(options.snapshots)
    today = options.as_of or dt.datetime.now(dt.UTC).date()
    with store.locked(options.wait_for_lock):
        stored = store.load()
        _check_as_of(options.as_of, stored.events)
        planned = _plan(options, stored, today, progress)
        written = store.commit(_writes(planned, options.snapshots, today))
    return RunResult(
        events=planned.new_events,
        failed=planned.failed,
        rejected=planned.rejected,
        unchanged=planned.unchanged,
        notes=planned.notes,
        written=tuple(written),
    )
