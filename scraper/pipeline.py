"""The `run` job end to end: load the snapshots, fetch, plan, commit.

Fetching and the store are the only I/O; everything between is the pure `scraper.plan.plan`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from scraper.errors import ExitCode, InputError
from scraper.events import Event
from scraper.fetch import FailedPage, FetchProgress, FetchResult, fetch_pages, read_saved_pages
from scraper.fingerprint import parser_fingerprint
from scraper.guard import Rejection
from scraper.plan import RunOptions, plan
from scraper.snapshot import SnapshotStore, Stored
from scraper.sources import LOCALES, RELATED_BY_NAME, page_sources


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


def _fetch(
    options: RunOptions, stored: Stored, progress: FetchProgress | None
) -> list[FetchResult]:
    every_page = (*LOCALES, *RELATED_BY_NAME)
    locales = options.locales or (
        saved_locales(options.from_dir) if options.from_dir else every_page
    )
    # Validators vouch for "same page, same records" only if the parser is the same.
    same_parser = stored.state.parser == parser_fingerprint()
    validators = dict(stored.state.urls) if same_parser else {}
    # A language whose snapshot is missing is read again even if its page is unchanged.
    missing = {
        source.url
        for locale in locales
        if locale in LOCALES and locale not in stored.pages
        for source in page_sources(locale, options.base_url)
    }
    validators = {url: kept for url, kept in validators.items() if url not in missing}
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
        settings=options.settings,
        progress=progress,
    )
    return asyncio.run(pages)


def run(options: RunOptions, progress: FetchProgress | None = None) -> RunResult:
    """Run the whole job once. Raises SnapshotError/LockedError before writing anything."""
    store = SnapshotStore(options.snapshots)
    today = options.as_of or dt.datetime.now(dt.UTC).date()
    with store.locked(options.wait_for_lock):
        stored = store.load()
        _check_as_of(options.as_of, stored.events)
        planned = plan(stored, _fetch(options, stored, progress), options, today)
        written = store.commit(planned)
    return RunResult(
        events=planned.new_events,
        failed=planned.failed,
        rejected=planned.rejected,
        unchanged=planned.unchanged,
        notes=planned.notes,
        written=tuple(written),
    )
