"""The snapshots directory: every file the job keeps, read once per run and written atomically.

    model-deprecations/<locale>.json   the records of each language (PageContent)
    <related page>/en.json             the models overview and each platform page's model ids
                                       (RelatedPageContent; e.g. claude-on-vertex-ai/en.json)
    events.json                        every event, newest first (append-only)
    models.json, drift.json            the canonical index and the drift from English
    CHANGELOG.md, feed.atom, ...       what publishing rendered from them, handed over as bytes
    schema/<document>.schema.json      the JSON Schemas of those documents
    state.json                         per URL: ETag, Last-Modified, SHA-256; the parser's id

Only `SnapshotStore` names the documents (publishing names the files it renders). Every file is
rewritten only when its bytes change, so a run that finds nothing new leaves `git status` clean.
The store renders nothing and plans nothing: it keeps what it is handed (`Writes`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import BaseModel, ValidationError

from scraper.errors import LockedError as LockedError
from scraper.errors import SnapshotError as SnapshotError
from scraper.fetch.sources import PAGE, RELATED_BY_NAME, RELATED_LOCALE
from scraper.records import (
    FetchState,
    ModelIndex,
    PageContent,
    RelatedPageContent,
    StoredPage,
    dumps,
)
from scraper.store import MODELS_FILE as MODELS_FILE
from scraper.store.files import write_atomic, write_changed
from scraper.store.schemas import SCHEMAS, schema_json
from scraper.track.drift import DriftReport
from scraper.track.events import Event, EventLog
from scraper.track.stored import Stored

M = TypeVar("M", bound=BaseModel)
EVENTS_FILE = "events.json"
DRIFT_FILE = "drift.json"
STATE_FILE = "state.json"
LOCK_FILE = ".lock"
SCHEMA_DIR = "schema"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise SnapshotError(f"{path}: not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise SnapshotError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except OSError as error:
        raise SnapshotError(f"{path}: cannot be read ({error.strerror})") from None


def read_model(path: Path, model: type[M], *, ignore: set[str] | None = None) -> M:
    """Load and validate one stored document; a clear one-line error if it is damaged.

    `ignore`: top-level keys to drop first (a `parse` output read as a snapshot).
    """
    data = _read_json(path)
    if ignore and isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in ignore}
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise SnapshotError(f"{path}: {validation_problem(error)}") from None


def validation_problem(error: ValidationError) -> str:
    """A validation error in one line: where the first problem is, what it is, how many."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "document"
    return f"{where}: {first['msg']} ({error.error_count()} problem(s) in all)"


@dataclass(frozen=True, slots=True)
class Writes:
    """What the store is handed to keep: typed documents, and published files as bytes."""

    events: tuple[Event, ...] | None = None  # the whole log, newest first, when it grew
    pages: tuple[StoredPage, ...] = ()
    related: tuple[RelatedPageContent, ...] = ()
    drift: DriftReport | None = None
    index: ModelIndex | None = None
    published: Mapping[str, bytes] = field(default_factory=dict)  # by path in the directory
    state: FetchState | None = None


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


class SnapshotStore:
    """The snapshots directory: load what a run needs, commit what it planned."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def page_path(self, locale: str) -> Path:
        return self.root / PAGE / f"{locale}.json"

    def load_page(self, locale: str) -> PageContent | None:
        stored = self.load_stored_page(locale)
        return stored.content if stored is not None else None

    def load_stored_page(self, locale: str) -> StoredPage | None:
        """A language's snapshot with the page version and run it is stamped with."""
        path = self.page_path(locale)
        if not path.exists():
            return None
        page = read_model(path, StoredPage)
        if page.locale != locale:
            raise SnapshotError(f"{path}: holds locale {page.locale!r}, expected {locale!r}")
        return page

    def related_path(self, name: str) -> Path:
        return self.root / name / f"{RELATED_LOCALE}.json"

    def load_related(self) -> dict[str, RelatedPageContent]:
        """The related pages stored so far, by name."""
        found = {}
        for name in RELATED_BY_NAME:
            path = self.related_path(name)
            if path.exists():
                page = read_model(path, RelatedPageContent)
                if page.page != name:
                    raise SnapshotError(f"{path}: holds page {page.page!r}, expected {name!r}")
                found[name] = page
        return found

    def stored_locales(self) -> list[str]:
        directory = self.root / PAGE
        return sorted(path.stem for path in directory.glob("*.json")) if directory.is_dir() else []

    def load(self) -> Stored:
        """Everything a run reads, once; a damaged file stops it here, before any write."""
        stored = {locale: self.load_stored_page(locale) for locale in self.stored_locales()}
        pages = {locale: page for locale, page in stored.items() if page is not None}
        return Stored(
            pages={locale: page.content for locale, page in pages.items()},
            versions={locale: page.source for locale, page in pages.items() if page.source},
            events=self.load_events(),
            related=self.load_related(),
            index=self._load_optional(MODELS_FILE, ModelIndex),
            drift=self._load_optional(DRIFT_FILE, DriftReport),
            state=self.load_state(),
        )

    def load_for_writing(self) -> Stored:
        """What a run or a retraction starts from. Every other file can be rebuilt from the
        pages, but not the log of what was published: with events.json gone, a run would
        start history again, so nothing is done until it is restored."""
        stored = self.load()
        path = self.root / EVENTS_FILE
        if path.exists() or not (stored.pages or stored.related or stored.index or stored.drift):
            return stored
        raise SnapshotError(
            f"{path}: missing, beside other snapshots; the event log cannot be rebuilt from the "
            "pages: restore it (e.g. git checkout), or start over in an empty directory"
        )

    def load_state(self) -> FetchState:
        return self._load_optional(STATE_FILE, FetchState) or FetchState()

    def _load_optional(self, name: str, model: type[M]) -> M | None:
        path = self.root / name
        return read_model(path, model) if path.exists() else None

    def load_events(self) -> tuple[Event, ...]:
        path = self.root / EVENTS_FILE
        if not path.exists():
            return ()
        data = _read_json(path)
        try:
            return EventLog.from_json(data).events
        except ValueError as error:  # pydantic's ValidationError is one
            first = str(error).splitlines()[0]
            raise SnapshotError(f"{path}: not an events document ({first})") from None

    def commit(self, writes: Writes) -> list[Path]:
        """Write what a run (or a retraction) hands over; returns the files that changed.

        The event log goes first: a run stopped after it and before the snapshots is finished
        by the next, which counts changes from what the log says (`track.published`), while
        snapshots written first would hide their changes for ever. The published files and the
        schemas follow; the fetch validators go last, so a page is only "unchanged" once it is
        stored.
        """
        outputs: list[tuple[Path, str | bytes]] = []
        log = self.root / EVENTS_FILE
        if writes.events is not None or not log.exists():  # an empty log beside the first pages
            outputs.append((log, dumps(EventLog(events=writes.events or ()))))
        outputs += [(self.page_path(page.locale), dumps(page)) for page in writes.pages]
        outputs += [(self.related_path(page.page), dumps(page)) for page in writes.related]
        if writes.drift is not None:
            outputs.append((self.root / DRIFT_FILE, dumps(writes.drift)))
        if writes.index is not None:
            outputs.append((self.root / MODELS_FILE, dumps(writes.index)))
        outputs += [(self.root / name, data) for name, data in writes.published.items()]
        outputs += [
            (self.root / SCHEMA_DIR / f"{name}.schema.json", schema_json(name)) for name in SCHEMAS
        ]
        if writes.state is not None:
            outputs.append((self.root / STATE_FILE, dumps(writes.state)))
        # Two steps, each made durable at its end: the log's own, then all the rest.
        files = [(path, _bytes(data)) for path, data in outputs]
        log_first = 1 if files and files[0][0] == self.root / EVENTS_FILE else 0
        return write_changed(files[:log_first]) + write_changed(files[log_first:])

    @contextlib.contextmanager
    def locked(self, wait_seconds: float = 0) -> Iterator[None]:
        """Hold the directory's lock; a second run waits up to `wait_seconds`, then fails."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / LOCK_FILE)
        try:
            lock.acquire(timeout=wait_seconds)
        except Timeout:
            raise LockedError(
                f"{self.root}: another run is using this snapshots directory "
                f"(lock {self.root / LOCK_FILE}); try again when it has finished"
            ) from None
        try:
            self._remove_temporary_files()
            self._ignore_lock_file()
            yield
        finally:
            lock.release()

    def _remove_temporary_files(self) -> None:
        """Delete what a run killed mid-write left: its temporary files (see `write_atomic`).

        Only the holder of the lock writes here, so no temporary file is in use now; one that
        cannot be removed is only clutter (ignored by git), never a reason to stop the run.
        """
        for path in self.root.rglob(".*.tmp"):
            with contextlib.suppress(OSError):
                path.unlink()

    def _ignore_lock_file(self) -> None:
        """Keep the lock file out of commits of the snapshots directory."""
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            write_atomic(ignore, f"{LOCK_FILE}\n.*.tmp\n".encode())
