"""`--data URL`: the published models.json of any fork, fetched politely and cached.

The request is the tracker's own (its User-Agent, timeouts, size cap and retries on timeouts,
connection errors, 429 and 5xx); the response is cached with its ETag and Last-Modified, so the
next command asks "changed?" and usually gets a 304. Without network the cached copy is used, else
the packaged one, and stderr says which. A URL that answers with an error (404) or with
something that is not a models.json is an error, not a reason to fall back silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import stamina

from scraper.errors import DeprecationsError, ExitCode
from scraper.fetch.http import USER_AGENT, parse_retry_after
from scraper.fetch.pages import FetchSettings
from scraper.store.files import write_atomic

T = TypeVar("T")
_SETTINGS = FetchSettings()
_ATTEMPTS = 3


class DataFetchError(DeprecationsError):
    """The URL answered, but not with the data (a 404, a redirect loop, a huge body)."""

    exit_code = ExitCode.FETCH_FAILED


class _Retryable(Exception):
    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class CacheEntry:
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/claude-deprecations (~/.cache when unset), as on every Unix tool."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claude-deprecations"


def _paths(url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode()).hexdigest()[:24]
    return cache_dir() / f"{key}.json", cache_dir() / f"{key}.meta.json"


def read_cache(url: str) -> CacheEntry | None:
    body_path, meta_path = _paths(url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(body).hexdigest():
        return None  # half-written or edited: not to be trusted
    return CacheEntry(body, meta.get("etag"), meta.get("last_modified"), meta.get("fetched_at", ""))


def write_cache(url: str, entry: CacheEntry) -> None:
    """Best effort: a read-only home must not fail the audit."""
    body_path, meta_path = _paths(url)
    meta = {
        "url": url,
        "etag": entry.etag,
        "last_modified": entry.last_modified,
        "fetched_at": entry.fetched_at,
        "sha256": hashlib.sha256(entry.body).hexdigest(),
    }
    try:
        body_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(body_path, entry.body)
        write_atomic(meta_path, json.dumps(meta, indent=2).encode())
    except OSError:
        pass


def _request(client: httpx.Client, url: str, cached: CacheEntry | None) -> CacheEntry:
    headers = {"Accept": "application/json"}
    if cached is not None and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached is not None and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified
    now = dt.datetime.now(dt.UTC)
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status == 304 and cached is not None:
            return CacheEntry(cached.body, cached.etag, cached.last_modified, now.isoformat())
        if status == 429 or 500 <= status <= 599:
            header = response.headers.get("retry-after")
            wait = parse_retry_after(header, now) if header else None
            raise _Retryable(status, None if wait is None else min(wait, 30.0))
        if status != 200:
            raise DataFetchError(f"{url}: HTTP {status}")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > _SETTINGS.max_bytes:
                raise DataFetchError(f"{url}: response over {_SETTINGS.max_bytes} bytes")
            chunks.append(chunk)
        return CacheEntry(
            b"".join(chunks),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
            now.isoformat(),
        )


def _retry(error: Exception) -> bool | float:
    if isinstance(error, _Retryable):
        return True if error.retry_after is None else error.retry_after
    return isinstance(error, httpx.TimeoutException | httpx.NetworkError)


def download(url: str, cached: CacheEntry | None) -> CacheEntry:
    """One GET (conditional when cached), retried on transient failures."""
    with httpx.Client(
        timeout=httpx.Timeout(_SETTINGS.read_timeout, connect=_SETTINGS.connect_timeout),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
        max_redirects=_SETTINGS.max_redirects,
    ) as client:
        for attempt in stamina.retry_context(on=_retry, attempts=_ATTEMPTS, timeout=None):
            with attempt:
                return _request(client, url, cached)
    raise AssertionError("unreachable: stamina either returns or raises")


def fetch_index(
    url: str,
    *,
    read: Callable[[bytes, str], T],
    fallback: Callable[[], T],
    warn: Callable[[str], None],
) -> T:
    """The data at `url`, checked by `read(body, origin)` before it is cached: fresh, or
    revalidated from the cache, or (without network) the cached copy or `fallback()`, said
    through `warn`."""
    cached = read_cache(url)
    try:
        entry = download(url, cached)
    except (_Retryable, httpx.TimeoutException, httpx.NetworkError) as error:
        reason = str(error) or type(error).__name__
        if cached is not None:
            warn(f"cannot fetch {url} ({reason}); using the copy cached at {cached.fetched_at}")
            return read(cached.body, f"cached copy of {url}")
        warn(f"cannot fetch {url} ({reason}); using the packaged models.json instead")
        return fallback()
    except httpx.TooManyRedirects:
        raise DataFetchError(f"{url}: more than {_SETTINGS.max_redirects} redirects") from None
    except httpx.HTTPError as error:
        raise DataFetchError(f"{url}: {error}") from None
    found = read(entry.body, url)
    write_cache(url, entry)
    return found
