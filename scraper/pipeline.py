"""The `run` job end to end: fetch → parse → guard → diff → write snapshots → publish.

Only this module and the stages it calls at the edges (fetch, snapshot) touch the network or
the disk. Write order matters for a run killed midway: new events are appended (de-duplicated
by id) before the snapshots move on, so a rerun finds the same changes again instead of
losing them; derived files are re-rendered from events.json on every run; fetch validators
are stored last.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from scraper import PROJECT_URL
from scraper.canonical import (
    DriftReport,
    canonical_models,
    drift_changes,
    drift_report,
    locale_disagreements,
    reminder_events,
)
from scraper.changelogs import Publication
from scraper.diff import Change, Event, diff_pages, merge_changes
from scraper.errors import ExitCode, InputError, PageParseError
from scraper.extract import parser_fingerprint, read_page
from scraper.fetch import (
    FailedPage,
    FetchedPage,
    FetchProgress,
    FetchResult,
    FetchSettings,
    UnchangedPage,
    Validators,
    fetch_all,
    read_saved_pages,
)
from scraper.guard import Rejection, check_page
from scraper.jsonio import dumps
from scraper.outputs import render_outputs
from scraper.publish import parse_events, render_events
from scraper.records import REFERENCE_LOCALE, ModelIndex, PageContent, PageRecords
from scraper.schemas import SCHEMAS
from scraper.snapshot import FetchState, HttpValidators, SnapshotError, SnapshotStore, read_model
from scraper.sources import DOCS_BASE_URL, LOCALES, page_url

EVENTS_FILE = "events.json"
MODELS_FILE = "models.json"
DRIFT_FILE = "drift.json"


@dataclass(frozen=True, slots=True)
class RunOptions:
    snapshots: Path
    locales: tuple[str, ...] | None = None
    base_url: str = DOCS_BASE_URL
    from_dir: Path | None = None
    as_of: dt.date | None = None
    accept_shrink: bool = False
    wait_for_lock: float = 0.0
    settings: FetchSettings = field(default_factory=FetchSettings)


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
    """The docs locales that have a saved page in DIR (`<locale>.md` or `<locale>.html`)."""
    present = {path.stem for path in directory.iterdir() if path.suffix in (".md", ".html")}
    return tuple(locale for locale in LOCALES if locale in present)


def _load_events(store: SnapshotStore) -> list[Event]:
    path = store.root / EVENTS_FILE
    if not path.exists():
        return []
    try:
        return parse_events(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SnapshotError(f"{path}: not valid JSON ({error})") from None
    except (ValueError, ValidationError) as error:
        first = str(error).splitlines()[0]
        raise SnapshotError(f"{path}: not an events document ({first})") from None


def _to_fetch_validators(state: FetchState) -> dict[str, Validators]:
    return {
        url: Validators(etag=v.etag, last_modified=v.last_modified, sha256=v.sha256)
        for url, v in state.urls.items()
    }


def _from_fetch_validators(validators: Validators) -> HttpValidators:
    return HttpValidators(
        etag=validators.etag, last_modified=validators.last_modified, sha256=validators.sha256
    )


@dataclass(slots=True)
class _Outcome:
    """What the run learnt per locale, before anything is written."""

    pages: dict[str, PageContent] = field(default_factory=dict)
    changes: dict[str, list[Change]] = field(default_factory=dict)
    validators: dict[str, HttpValidators] = field(default_factory=dict)
    failed: list[FailedPage] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _examine(
    results: Sequence[FetchResult],
    previous: Mapping[str, PageContent],
    options: RunOptions,
) -> _Outcome:
    outcome = _Outcome()
    for result in results:
        if isinstance(result, FailedPage):
            outcome.failed.append(result)
        elif isinstance(result, UnchangedPage):
            outcome.unchanged.append(result.locale)
            outcome.validators[result.url] = _from_fetch_validators(result.validators)
        else:
            _examine_page(result, previous.get(result.locale), options, outcome)
    return outcome


def _examine_page(
    fetched: FetchedPage, previous: PageContent | None, options: RunOptions, outcome: _Outcome
) -> None:
    locale = fetched.locale
    try:
        records: PageRecords = read_page(
            fetched.content,
            page_format=fetched.format,
            locale=locale,
            url=page_url(locale, options.base_url),
            final_url=fetched.final_url,
        )
    except PageParseError as error:
        outcome.rejected.append(Rejection(locale, error.check, str(error)))
        return
    page = records.content()
    verdict = check_page(previous, page, accept_shrink=options.accept_shrink)
    if verdict.rejection is not None:
        outcome.rejected.append(verdict.rejection)
        return
    outcome.notes.extend(verdict.notes)
    outcome.pages[locale] = page
    # A page stored now is remembered by its validators; a rejected one is not, so the
    # next run fetches it again instead of hearing "304, unchanged".
    outcome.validators[fetched.url] = _from_fetch_validators(fetched.validators)
    changes = diff_pages(previous, page)
    if changes:
        outcome.changes[locale] = changes
    elif previous is not None and page == previous:
        outcome.unchanged.append(locale)


def _event_subject(event: Event) -> tuple[object, ...]:
    """What an event is about; a baseline is about its language."""
    scope = event.locales if event.type == "baseline_recorded" else ()
    return (event.type, event.model, event.announcement, event.field, scope)


def _already_recorded(event: Event, history: Sequence[Event]) -> bool:
    """The event, or the newest event about the same thing, is already in the log.

    Ids include the day, so after a run killed between writing events.json and the
    snapshots, a rerun on a later day finds the same changes under new ids. The newest
    event about the same field telling the same change in the same languages means it
    was published; a change that really happens again follows a different newest event.
    """
    subject = _event_subject(event)
    for earlier in history:  # newest first
        if earlier.id == event.id:
            return True
        if _event_subject(earlier) == subject:
            return (earlier.before, earlier.after) == (event.before, event.after) and set(
                event.locales
            ) <= set(earlier.locales)
    return False


def publish_all(store: SnapshotStore, publication: Publication) -> list[Path]:
    """Re-render every published file from the event log and the stored records.

    Pure, so idempotent: only "Retiring soon" depends on the day, and it changes only on
    the day a model enters or leaves its window.
    """
    outputs = render_outputs(
        publication,
        links_base=f"{PROJECT_URL}/blob/main/{store.root.name}",
        files_base=f"{PROJECT_URL}/raw/main/{store.root.name}",
    )
    outputs.update(_schemas())
    return [store.root / name for name, text in outputs.items() if store.write_text(name, text)]


def _schemas() -> dict[str, str]:
    return {
        f"schema/{name}.schema.json": json.dumps(
            model.model_json_schema(), indent=2, ensure_ascii=False
        )
        + "\n"
        for name, model in SCHEMAS.items()
    }


@dataclass(frozen=True, slots=True)
class _Drift:
    report: DriftReport | None
    changes: dict[str, list[Change]]


def _load_models(store: SnapshotStore) -> ModelIndex | None:
    path = store.root / MODELS_FILE
    return read_model(path, ModelIndex) if path.exists() else None


def _load_drift(store: SnapshotStore) -> DriftReport | None:
    path = store.root / DRIFT_FILE
    return read_model(path, DriftReport) if path.exists() else None


def _canonical(
    pages: Mapping[str, PageContent],
    previous_drift: DriftReport | None,
    *,
    baselined: set[str],
    today: dt.date,
) -> tuple[ModelIndex | None, _Drift]:
    """The canonical index and the drift of every language, from English, if it is stored.

    The first drift report is a baseline like the first snapshots: it raises no events,
    nor does a language seen for the first time.
    """
    reference = pages.get(REFERENCE_LOCALE)
    if reference is None:
        return None, _Drift(previous_drift, {})
    current = {
        locale: locale_disagreements(reference, page)
        for locale, page in pages.items()
        if locale != REFERENCE_LOCALE
    }
    changes = drift_changes(previous_drift, current) if previous_drift is not None else {}
    changes = {locale: items for locale, items in changes.items() if locale not in baselined}
    return canonical_models(reference, today), _Drift(
        drift_report(current, previous_drift, today), changes
    )


def _check_as_of(as_of: dt.date | None, history: Sequence[Event]) -> None:
    """A backfill goes oldest first: an earlier date would put history out of order."""
    newest = max((event.detected_at for event in history), default=None)
    if as_of is not None and newest is not None and as_of < newest:
        raise InputError(
            f"--as-of {as_of} is before {newest}, the newest date already recorded; "
            "backfill oldest first, into an empty snapshots directory"
        )


def run(options: RunOptions, progress: FetchProgress | None = None) -> RunResult:
    """Run the whole job once. Raises SnapshotError/LockedError before writing anything."""
    store = SnapshotStore(options.snapshots)
    today = options.as_of or dt.datetime.now(dt.UTC).date()
    with store.locked(options.wait_for_lock):
        locales = options.locales or (
            saved_locales(options.from_dir) if options.from_dir else LOCALES
        )
        state = store.load_state()
        previous = store.load_pages(locales)
        history = _load_events(store)
        _check_as_of(options.as_of, history)
        # Validators vouch for "same page, same records" only if the parser is the same.
        fingerprint = parser_fingerprint()
        validators = _to_fetch_validators(state) if state.parser == fingerprint else {}
        if options.from_dir is not None:
            results = read_saved_pages(
                options.from_dir,
                locales,
                base_url=options.base_url,
                validators=validators,
                progress=progress,
            )
        else:
            results = fetch_all(
                locales,
                base_url=options.base_url,
                validators=validators,
                settings=options.settings,
                progress=progress,
            )
        outcome = _examine(results, previous, options)
        stored = store.load_pages(store.stored_locales())
        previous_drift = _load_drift(store)
        pages = {**stored, **outcome.pages}
        index, drift = _canonical(
            pages,
            previous_drift,
            # Languages the drift report has not seen yet: their first drift is a baseline,
            # even on a rerun after a run that stored their snapshot and was then killed.
            baselined=set(pages) - set(previous_drift.locales if previous_drift else ()),
            today=today,
        )
        changes = {locale: list(items) for locale, items in outcome.changes.items()}
        for locale, items in drift.changes.items():
            changes.setdefault(locale, []).extend(items)
        urls = {locale: page_url(locale, options.base_url) for locale in {*locales, *changes}}
        events = merge_changes(changes, detected_at=today, page_urls=urls)
        known = {event.id for event in history}
        new_events = [event for event in events if not _already_recorded(event, history)]
        if index is not None:
            new_events += reminder_events(
                index, today, page_url(REFERENCE_LOCALE, options.base_url), known
            )
        written: list[Path] = []
        if new_events and store.write_text(EVENTS_FILE, render_events([*new_events, *history])):
            written.append(store.root / EVENTS_FILE)
        written.extend(
            store.page_path(page.locale) for page in outcome.pages.values() if store.save_page(page)
        )
        derived = {DRIFT_FILE: dumps(drift.report)} if drift.report else {}
        if index is not None:
            derived[MODELS_FILE] = dumps(index)
        written.extend(
            store.root / name for name, text in derived.items() if store.write_text(name, text)
        )
        written.extend(
            publish_all(
                store,
                Publication(
                    events=(*new_events, *history),
                    models=index if index is not None else _load_models(store),
                    drift=drift.report,
                    pages=pages,
                    today=today,
                ),
            )
        )
        new_state = FetchState(parser=fingerprint, urls={**state.urls, **outcome.validators})
        if new_state != state and store.save_state(new_state):
            written.append(store.root / "state.json")
    return RunResult(
        events=tuple(new_events),
        failed=tuple(outcome.failed),
        rejected=tuple(outcome.rejected),
        unchanged=tuple(outcome.unchanged),
        notes=tuple(outcome.notes),
        written=tuple(written),
    )
