"""Where the MCP server's data comes from: `--data URL`, `--snapshots DIR` or the packaged
copy, read as every read command reads them (scraper/answers/data.py, remote.py), with a version
that changes when the data does and the changelog that goes with it.

A long-running server must not answer from data a `deprecations run` has since replaced: a
snapshots directory is read again when its models.json changes, and a URL asked again (a
conditional request, usually a 304) once an hour.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urljoin

from scraper.answers import data
from scraper.answers.data import IndexSource
from scraper.errors import DeprecationsError, InputError
from scraper.store.snapshots import MODELS_FILE

CHANGELOG_FILE = "CHANGELOG.md"
_URL_REFRESH_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class Origin:
    """How to load models.json, a cheap token that changes when it does, and the changelog
    published beside it. Each raises a DeprecationsError with a one-line reason."""

    load: Callable[[], IndexSource]
    version: Callable[[], Hashable]
    changelog: Callable[[], str]


def packaged() -> Origin:
    """The copy installed with the package, which changes only with the package."""
    return Origin(
        load=data.packaged,
        version=lambda: "packaged",
        changelog=lambda: _read_text(resources.files("scraper") / "data" / CHANGELOG_FILE),
    )


def from_snapshots(directory: Path) -> Origin:
    models = directory / MODELS_FILE

    def version() -> Hashable:
        try:
            info = models.stat()
        except OSError as error:
            return repr(error)  # missing now: read again (and say why) once it appears
        return (info.st_mtime_ns, info.st_size)

    return Origin(
        load=lambda: data.from_snapshots(directory),
        version=version,
        changelog=lambda: _read_text(directory / CHANGELOG_FILE),
    )


def from_url(url: str, warn: Callable[[str], None]) -> Origin:
    """The published models.json at `url` and the changelog beside it (`…/CHANGELOG.md`)."""

    def load() -> IndexSource:
        return data.load(None, url, warn=warn)

    return Origin(
        load=load,
        version=lambda: int(time.time() // _URL_REFRESH_SECONDS),
        changelog=lambda: _fetch_text(urljoin(url, CHANGELOG_FILE)),
    )


def _read_text(path: Path | Traversable) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None


def _fetch_text(url: str) -> str:
    """The text at `url`, revalidated in the same cache as `--data`; the cached copy when the
    network fails."""
    from scraper.answers.remote import download, read_cache, write_cache

    cached = read_cache(url)
    try:
        entry = download(url, cached)
    except DeprecationsError:
        raise
    except Exception as error:  # timeouts, connection errors, 5xx after the retries
        if cached is None:
            raise InputError(f"cannot fetch {url} ({error or type(error).__name__})") from None
        entry = cached
    else:
        write_cache(url, entry)
    return entry.body.decode("utf-8", errors="replace")
