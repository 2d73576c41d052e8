"""The `run` job end to end: load → fetch → review → confirm → plan → publish → commit.

Fetching and the store are the only I/O; everything between is pure: `track` reads the pages
and decides what changed against what the log says, `publish` renders the files people read
from the result. A page whose changes would publish an event is fetched once more, asking
caches for a fresh copy, and reviewed again, so only a confirmed change is committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from scraper.errors import ExitCode
from scraper.fetch.forked import ForkedReader
from scraper.fetch.pages import FailedPage, FetchedPage, FetchProgress, FetchResult, SecondCopy
from scraper.fetch.saved import read_saved_pages
from scraper.fetch.sources import LOCALES, RELATED_BY_NAME, page_sources
from scraper.forking import spare_core
from scraper.publish.files import publish
from scraper.read.fingerprint import code_fingerprint, parser_fingerprint
from scraper.records import HttpValidators, ModelIndex, PageContent
from scraper.store import schemas
from scraper.store.snapshots import EVENTS_FILE, SnapshotStore, Writes
from scraper.track.clock import check_day, check_stated
from scraper.track.drift import DriftReport
from scraper.track.events import Event
from scraper.track.guard import Rejection
from scraper.track.options import RunOptions
from scraper.track.plan import Plan, confirm, plan_reviews
from scraper.track.review import Context, PageReview, review
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


def _validators(options: RunOptions, stored: Stored, locales: Sequence[str]) -> ValidatorMap:
    """The validators to send: none if the parser changed, none for a missing snapshot."""
    # Validators vouch for "same page, same records" only if the parser is the same.
    if stored.state.parser != parser_fingerprint():
        return {}
    # A page whose snapshot is missing is read again even if it is unchanged: rebuilt.
    present = {*stored.pages, *stored.related}
    missing = {
        source.url
        for locale in locales
        if locale not in present
        for source in page_sources(locale, options.base_url)
    }
    return {url: kept for url, kept in stored.state.urls.items() if url not in missing}


def _fetch(
    options: RunOptions,
    locales: Sequence[str],
    validators: ValidatorMap,
    progress: FetchProgress | None,
    again: SecondCopy,
    ahead: _Ahead,
    readers: int = 1,
) -> list[FetchResult]:
    """The pages, from the network or from --from's directory; each page `again` asks for
    is fetched twice (the second time fresh from the origin, within the same deadline)."""
    if options.from_dir is not None:
        return read_saved_pages(
            options.from_dir,
            locales,
            base_url=options.base_url,
            validators=validators,
            progress=progress,
            again=again,
        )
    # The network's client (httpx, its TLS, the retries) only for a run that fetches.
    import asyncio

    from scraper.fetch.http import fetch_pages

    pages = fetch_pages(
        locales,
        base_url=options.base_url,
        validators=validators,
        settings=options.settings,
        progress=progress,
        again=again,
        readers=readers,
        first_copies=ahead.confirming,
        started=ahead.start,
    )
    with _quick_hand_over():
        return asyncio.run(pages)


@contextlib.contextmanager
def _quick_hand_over() -> Iterator[None]:
    """While threads read pages and render files beside the fetch, the event loop gets the
    GIL back within half a millisecond when an answer arrives: at the default 5 ms a
    hand-over, the answers waited behind them (README, Performance)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.0005))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _requested(options: RunOptions) -> tuple[str, ...]:
    if options.locales:
        return options.locales
    return saved_locales(options.from_dir) if options.from_dir else (*LOCALES, *RELATED_BY_NAME)


class _Readers:
    """Pages reviewed as they arrive: in this process one at a time (the readers' lazy
    caches are never filled by two threads at once), and in a forked reader, if the run has
    one, while this process is busy with another page."""

    def __init__(self, context: Context, forked: ForkedReader[PageReview] | None) -> None:
        self.context = context
        self.forked = forked
        self.here = threading.Lock()
        self.there = threading.Lock()

    @property
    def count(self) -> int:
        """How many pages may be reviewed at once."""
        return 1 if self.forked is None else 2

    def review(self, page: FetchedPage) -> PageReview:
        if not self.here.acquire(blocking=self.forked is None):
            if (item := self.review_there(page)) is not None:
                return item
            self.here.acquire()  # the forked reader gave no answer: read here, in turn
        try:
            return review(page, self.context)
        finally:
            self.here.release()

    def review_there(self, page: FetchedPage) -> PageReview | None:
        assert self.forked is not None
        with self.there:
            return self.forked.read(page)


@contextlib.contextmanager
def _second_reader(context: Context) -> Iterator[ForkedReader[PageReview] | None]:
    """A reader process for a run that waits for the network, on a machine with a core to
    spare, forked now (before the run's other threads start, and before its requests go
    out, so the fork costs no time after the answers arrive); it ends with the fetch."""
    forked = ForkedReader.start(partial(review, context=context)) if spare_core() else None
    try:
        yield forked
    finally:
        if forked is not None:
            forked.close()


@dataclass(frozen=True, slots=True)
class _Sources:
    """All the published files are rendered from: publishing is a pure function of them."""

    log: tuple[Event, ...]
    models: ModelIndex | None
    drift: DriftReport | None
    pages: Mapping[str, PageContent]

    @classmethod
    def of(cls, planned: Plan) -> _Sources:
        return cls(planned.log, planned.models, planned.drift, planned.current_pages)

    def publish(self, today: dt.date, directory: str) -> dict[str, bytes]:
        return publish(self.log, self.models, self.drift, self.pages, today, directory)


@dataclass(frozen=True, slots=True)
class _Published:
    sources: _Sources
    files: dict[str, bytes]


def _publish_unchanged(context: Context, directory: str) -> _Published | None:
    """The files as published if no page changed (most runs), rendered while the pages are
    on their way: the plan of a run that read nothing new is the plan of no pages at all."""
    try:
        sources = _Sources.of(plan_reviews(context, ()))
        return _Published(sources, sources.publish(context.today, directory))
    except Exception:  # a guess that fails is not used: the run publishes from its plan
        return None


def _writes(planned: Plan, snapshots: Path, today: dt.date, guess: _Published | None) -> Writes:
    """What the store keeps of a plan: its documents, and the files published from them
    (`guess`'s, if they were rendered from the very same sources)."""
    sources = _Sources.of(planned)
    if guess is not None and guess.sources == sources:
        published = guess.files
    else:
        published = sources.publish(today, snapshots.name)
    return Writes(
        events=planned.log if planned.new_events else None,
        pages=planned.pages,
        related=planned.related,
        drift=planned.drift,
        index=planned.index,
        published=published,
        state=planned.state,
        schema_code=code_fingerprint(schemas.__name__),
    )


def _plan(
    context: Context,
    progress: FetchProgress | None,
    forked: ForkedReader[PageReview] | None,
    ahead: _Ahead,
) -> tuple[Plan, Writes]:
    """Fetch and review every page; a page whose changes would publish events is fetched
    again as soon as it is reviewed, and the plan made with what its second copy confirms
    (each page is read once per copy)."""
    options, day = context.options, context.today
    locales = _requested(options)
    readers = _Readers(context, forked)

    def again(page: FetchedPage) -> bool:
        ahead.reviews[page.locale] = item = readers.review(page)
        return options.confirm == "same-run" and item.to_confirm

    validators = _validators(options, context.stored, locales)
    fetched = _fetch(options, locales, validators, progress, again, ahead, readers.count)
    if forked is not None:
        forked.finish()  # it ends meanwhile, reaped once the run's files are rendered
    items = ahead.items(fetched)
    check_stated([item.read for item in items], day, option=options.as_of is not None)
    copies = {
        result.locale: result.second_copy
        for result in fetched
        if isinstance(result, FetchedPage) and result.second_copy is not None
    }
    return ahead.planned(confirm(items, copies, context))


@dataclass(frozen=True, slots=True)
class _Planned:
    """A plan, its writes, and the confirmed reviews it was made from."""

    confirmed: tuple[PageReview, ...]
    plan: Plan
    writes: Writes


class _Ahead:
    """What a network run works out while it waits, in one thread: the files of "nothing
    changed" while its pages are on their way (once its requests are out: before, it took
    turns for the GIL with making the client and sending them); then, once every first
    copy is read and some wait for a second, the plan and files of "every second copy is
    the first again" (what a second copy with the same bytes confirms), used if that is
    what came."""

    def __init__(self, context: Context, executor: ThreadPoolExecutor | None) -> None:
        self.context = context
        self.executor = executor
        self.reviews: dict[str, PageReview] = {}
        self.unchanged: Future[_Published | None] | None = None
        self.confirmed: Future[_Planned | None] | None = None

    def start(self) -> None:
        """Told on the event loop, so only handed over: the requests are on their way."""
        if self.executor is not None:
            directory = self.context.options.snapshots.name
            self.unchanged = self.executor.submit(_publish_unchanged, self.context, directory)

    def items(self, fetched: Sequence[FetchResult]) -> tuple[PageReview, ...]:
        """Each page's review: read as it came, or of what came instead of a page."""
        return tuple(
            self.reviews[result.locale]
            if isinstance(result, FetchedPage)
            else review(result, self.context)
            for result in fetched
        )

    def confirming(self, firsts: list[FetchResult]) -> None:
        """Told on the event loop, so only handed over: every first copy is read."""
        waiting = any(item.to_confirm for item in self.reviews.values())
        if self.executor is not None and waiting and self.context.options.confirm == "same-run":
            self.confirmed = self.executor.submit(self.plan_confirmed, firsts)

    def plan_confirmed(self, firsts: list[FetchResult]) -> _Planned | None:
        try:
            items = self.items(firsts)
            copies: dict[str, FetchResult] = {
                item.locale: item.reviewed for item in items if item.reviewed is not None
            }
            return self.plan(confirm(items, copies, self.context))
        except Exception:  # not used: the run plans from what came
            return None

    def plan(self, confirmed: tuple[PageReview, ...]) -> _Planned:
        planned = plan_reviews(self.context, confirmed)
        unchanged = self.unchanged.result() if self.unchanged else None
        options = self.context.options
        writes = _writes(planned, options.snapshots, self.context.today, unchanged)
        return _Planned(confirmed, planned, writes)

    def planned(self, confirmed: tuple[PageReview, ...]) -> tuple[Plan, Writes]:
        early = self.confirmed.result() if self.confirmed else None
        done = early if early is not None and early.confirmed == confirmed else self.plan(confirmed)
        return done.plan, done.writes


def _planned_writes(context: Context, progress: FetchProgress | None) -> tuple[Plan, Writes]:
    """The plan and its writes; a run that waits for the network works ahead meanwhile, in
    a thread (`_Ahead`), and reads in two processes (saved pages leave no wait to fill)."""
    if context.options.from_dir is not None:
        return _plan(context, progress, None, _Ahead(context, None))
    with (
        _second_reader(context) as forked,
        ThreadPoolExecutor(1, thread_name_prefix="ahead") as executor,
    ):
        return _plan(context, progress, forked, _Ahead(context, executor))


def run(options: RunOptions, progress: FetchProgress | None = None) -> RunResult:
    """Run the whole job once. Raises SnapshotError/LockedError, or InputError/ClockError for
    a day the log or the pages rule out, before writing anything. A run that read no page
    (every one failed or was refused) writes nothing."""
    store = SnapshotStore(options.snapshots)
    clock = dt.datetime.now(dt.UTC).date()
    today = options.as_of or clock
    with store.locked(options.wait_for_lock):
        stored = store.load_for_writing()
        newest = max((event.detected_at for event in stored.events), default=None)
        log = store.root / EVENTS_FILE
        check_day(today, today=clock, newest=newest, option=options.as_of is not None, log=str(log))
        planned, writes = _planned_writes(Context.of(stored, options, today), progress)
        written = store.commit(writes) if not planned.read_nothing else []
    return RunResult(
        events=planned.new_events,
        failed=planned.failed,
        rejected=planned.rejected,
        unchanged=planned.unchanged,
        notes=planned.notes,
        written=tuple(written),
    )
