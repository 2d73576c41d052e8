"""Snapshots on disk: one JSON file per language, plus the fetch state, written atomically.

Layout under the snapshots directory (default `./snapshots`):

    model-deprecations/<locale>.json   the records of each language (PageContent)
    state.json                         per URL: ETag, Last-Modified, SHA-256 (conditional requests)
    events.json, CHANGELOG.md, feed.atom, feed.json    published by scraper.publish

Every file is rewritten only when its bytes change, so a run that finds nothing new leaves
`git status` clean.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import BaseModel, Field, ValidationError

from scraper.errors import DeprecationsError, ExitCode
from scraper.jsonio import dumps
from scraper.records import PageContent, Record
from scraper.sources import PAGE

M = TypeVar("M", bound=BaseModel)
STATE_FILE = "state.json"
LOCK_FILE = ".lock"


class SnapshotError(DeprecationsError):
    """A stored file is unreadable or was edited into something the tracker cannot trust."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE


class LockedError(DeprecationsError):
    """Another run holds the snapshots directory."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE


class HttpValidators(Record):
    """What is remembered of one URL between runs, for conditional requests."""

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None


class FetchState(Record):
    schema_version: int = 1
    parser: str | None = Field(
        default=None,
        description="Fingerprint of the parser that read these pages (see parser_fingerprint).",
    )
    urls: dict[str, HttpValidators] = Field(default_factory=dict)


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
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        raise SnapshotError(
            f"{path}: {where}: {first['msg']} ({error.error_count()} problem(s) in all)"
        ) from None


class SnapshotStore:
    """The snapshots directory: read the previous state, write the new one."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def page_path(self, locale: str) -> Path:
        return self.root / PAGE / f"{locale}.json"

    def load_page(self, locale: str) -> PageContent | None:
        path = self.page_path(locale)
        if not path.exists():
            return None
        page = read_model(path, PageContent)
        if page.locale != locale:
            raise SnapshotError(f"{path}: holds locale {page.locale!r}, expected {locale!r}")
        return page

    def load_pages(self, locales: list[str] | tuple[str, ...]) -> dict[str, PageContent]:
        pages = {}
        for locale in locales:
            page = self.load_page(locale)
            if page is not None:
                pages[locale] = page
        return pages

    def stored_locales(self) -> list[str]:
        directory = self.root / PAGE
        return sorted(path.stem for path in directory.glob("*.json")) if directory.is_dir() else []

    def save_page(self, page: PageContent) -> bool:
        return write_if_changed(self.page_path(page.locale), dumps(page))

    def load_state(self) -> FetchState:
        path = self.root / STATE_FILE
        return read_model(path, FetchState) if path.exists() else FetchState()

    def save_state(self, state: FetchState) -> bool:
        return write_if_changed(self.root / STATE_FILE, dumps(state))

    def write_text(self, name: str, text: str) -> bool:
        return write_if_changed(self.root / name, text)

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
