"""The snapshots directory: every file the job keeps, read once per run and written atomically.

    model-deprecations/<locale>.json   the records of each language (PageContent)
    <related page>/en.json             the models overview and each platform page's model ids
                                       (RelatedPageContent; e.g. claude-on-vertex-ai/en.json)
    events.json                        every event, newest first (append-only)
    models.json, drift.json            the canonical index and the drift from English
    CHANGELOG.md, feed.atom, feed.json rendered from events.json by scraper.sinks
    schema/<document>.schema.json      the JSON Schemas of those documents
    state.json                         per URL: ETag, Last-Modified, SHA-256; the parser's id

Only `SnapshotStore` names these files. Every file is rewritten only when its bytes change, so a
run that finds nothing new leaves `git status` clean.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import BaseModel, ValidationError

from scraper import PROJECT_URL
from scraper.errors import DeprecationsError, ExitCode
from scraper.fetch.sources import PAGE, RELATED_BY_NAME, RELATED_LOCALE
from scraper.records import (
    FetchState,
    ModelIndex,
    PageContent,
    PageVersion,
    RelatedPageContent,
    StoredPage,
    dumps,
)
from scraper.store.schemas import SCHEMAS, schema_json
from scraper.track.drift import DriftReport
from scraper.track.events import Event, EventLog

if TYPE_CHECKING:  # light commands (`models`) load the store: no planning, no rendering
    from scraper.publish.changelogs import Publication
    from scraper.track.plan import Plan

M = TypeVar("M", bound=BaseModel)
EVENTS_FILE = "events.json"
MODELS_FILE = "models.json"
DRIFT_FILE = "drift.json"
STATE_FILE = "state.json"
LOCK_FILE = ".lock"


class SnapshotError(DeprecationsError):
    """A stored file is unreadable or was edited into something the tracker cannot trust."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE


class LockedError(DeprecationsError):
    """Another run holds the snapshots directory."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory, fsync, then rename over `path`.

    A run killed at any moment leaves either the old file or the new one, never a mix.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; published files are read by others (web servers, CI).
        os.fchmod(handle, 0o666 & ~_UMASK)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
    _fsync_directory(path.parent)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _umask()


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` atomically unless the file already holds exactly it. True if written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


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


def read_index(snapshots: Path) -> ModelIndex:
    """The stored models.json, for the commands that read it (models, upcoming, audit,
    catalog, site): a one-line SnapshotError when it is missing or damaged."""
    path = snapshots / MODELS_FILE
    if not path.is_file():
        raise SnapshotError(
            f"{path}: not there yet: `deprecations run` writes it (it needs the English page)"
        )
    return read_model(path, ModelIndex)


def validation_problem(error: ValidationError) -> str:
    """A validation error in one line: where the first problem is, what it is, how many."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "document"
    return f"{where}: {first['msg']} ({error.error_count()} problem(s) in all)"


@dataclass(frozen=True, slots=True)
class Stored:
    """The snapshots directory as a run finds it (loaded once, before fetching)."""

    pages: Mapping[str, PageContent]
    versions: Mapping[str, PageVersion] = field(default_factory=dict)  # of stamped snapshots
    events: tuple[Event, ...] = ()
    related: Mapping[str, RelatedPageContent] = field(default_factory=dict)
    index: ModelIndex | None = None
    drift: DriftReport | None = None
    state: FetchState = field(default_factory=FetchState)


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

    def commit(self, plan: Plan) -> list[Path]:
        """Write the plan; returns the files that changed.

        New events go first: a run killed after them and before the snapshots finds the same
        changes again on the next run (see `events.already_recorded`), while snapshots written
        first would hide them for ever. Everything else is derived and rewritten on every run;
        the fetch validators go last, so a page is only "unchanged" once it is stored.
        """
        outputs: list[tuple[Path, str]] = []
        if plan.new_events:
            log = EventLog(events=plan.publication.events)
            outputs.append((self.root / EVENTS_FILE, dumps(log)))
        outputs += [(self.page_path(page.locale), dumps(page)) for page in plan.pages]
        outputs += [(self.related_path(page.page), dumps(page)) for page in plan.related]
        if plan.drift is not None:
            outputs.append((self.root / DRIFT_FILE, dumps(plan.drift)))
        if plan.index is not None:
            outputs.append((self.root / MODELS_FILE, dumps(plan.index)))
        outputs += self._published(plan.publication)
        if plan.state is not None:
            outputs.append((self.root / STATE_FILE, dumps(plan.state)))
        return [path for path, text in outputs if write_if_changed(path, text)]

    def republish(self, publication: Publication) -> list[Path]:
        """Write an event log grown outside a run (a retraction), then every file rendered
        from it; events first, as in `commit`. Returns the files that changed."""
        outputs = [(self.root / EVENTS_FILE, dumps(EventLog(events=publication.events)))]
        outputs += self._published(publication)
        return [path for path, text in outputs if write_if_changed(path, text)]

    def _published(self, publication: Publication) -> list[tuple[Path, str]]:
        """The changelogs and feeds (named by `scraper.publish.files`), and the schemas.

        Pure, so idempotent: only "Retiring soon" depends on the day, and it changes only on
        the day a model enters or leaves its window.
        """
        from scraper.publish.files import render_outputs

        rendered = render_outputs(
            publication,
            links_base=f"{PROJECT_URL}/blob/main/{self.root.name}",
            files_base=f"{PROJECT_URL}/raw/main/{self.root.name}",
        )
        rendered |= {f"schema/{name}.schema.json": schema_json(name) for name in SCHEMAS}
        return [(self.root / name, text) for name, text in rendered.items()]

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
