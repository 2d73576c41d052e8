"""Fetch the page in every language over HTTP (`saved` reads saved files instead).

For each locale the Markdown source is tried first and the rendered HTML page second
(`scraper.fetch.sources.page_sources`); the first that gives the page wins and is handed on with its
format. One locale failing never stops the others: it comes back as a `FailedPage` whose
`reason` is one line, e.g. ``markdown: HTTP 404; html: HTTP 503 after 4 attempts``.

Conditional requests: the validators stored per source URL are sent as `If-None-Match` /
`If-Modified-Since`; a 304, or a 200 whose body has the stored SHA-256, is an `UnchangedPage`.
A 200 with other content that is older than the stored copy, by its own `Last-Modified` or by
when the origin made it (`Date` less `Age`), is a stale copy from a cache and refused. A page
the run wants confirmed (`again`) is fetched a second time at once, with no conditional
request, asking every cache on the way for a fresh copy (`Cache-Control: no-cache`,
`Pragma: no-cache`).
Retries (stamina, jittered backoff or the server's capped `Retry-After`) cover timeouts,
connection errors, 429 and 5xx only. Redirects are followed by hand, only to the docs hosts or
the host of `base_url`; bodies over `settings.max_bytes` are refused, and so is a 200 that is not
the page (empty, an HTML document at the Markdown URL, no table at all, not UTF-8).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import hashlib
import logging
import re
import socket
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx
import stamina

from scraper import PROJECT_URL, __version__
from scraper.fetch.pages import (
    FailedPage,
    FetchedPage,
    FetchProgress,
    FetchResult,
    FetchSettings,
    Refused,
    Retry,
    SecondCopy,
    UnchangedPage,
    check_body,
    one_line,
    unchanged_by_content,
)
from scraper.fetch.sources import (
    DOCS_BASE_URL,
    DOCS_HOSTS,
    PageSource,
    page_sources,
)
from scraper.records import HttpValidators, PageFormat

DEFAULT_SETTINGS = FetchSettings()
USER_AGENT = f"claude-deprecations/{__version__} (+{PROJECT_URL})"

# The progress reporter already shows every retry; without a handler of its own, stamina's
# WARNING per retry would reach stderr through logging's last-resort handler whenever the
# application has not configured logging. An application that does configure it still gets them.
logging.getLogger("stamina").addHandler(logging.NullHandler())


class _RetryableStatus(Exception):
    """A 429 or 5xx: worth another attempt, after `retry_after` seconds if the server said so."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.retry_after = retry_after


# Transient transport failures; anything else (a bad URL, undecodable gzip...) is final.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# zlib window settings: gzip framing; for deflate, zlib or gzip framing (detected).
_ZLIB_ENCODINGS = {
    "gzip": 16 + zlib.MAX_WBITS,
    "x-gzip": 16 + zlib.MAX_WBITS,
    "deflate": 32 + zlib.MAX_WBITS,
}
_ACCEPT: dict[PageFormat, str] = {
    "markdown": "text/markdown, text/plain;q=0.9, */*;q=0.1",
    "html": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
}
_DELTA_SECONDS = re.compile(r"\d+", re.ASCII)
# Asks every cache between here and the origin to revalidate: a second copy that only
# repeats a cached first one would confirm nothing.
FRESH_HEADERS = {"Cache-Control": "no-cache", "Pragma": "no-cache"}


def parse_retry_after(value: str, now: dt.datetime) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), None if unreadable."""
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _http_date(value: str | None) -> dt.datetime | None:
    """An HTTP date as an aware datetime, None if absent or unreadable."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def served_at(headers: httpx.Headers) -> dt.datetime | None:
    """When the origin made this copy: its `Date`, less its `Age` in caches."""
    date = _http_date(headers.get("date"))
    age = headers.get("age", "").strip()
    if date is None:
        return None
    return date - dt.timedelta(seconds=int(age)) if age.isdigit() else date


def stale_copy(
    headers: httpx.Headers, made: dt.datetime | None, stored: HttpValidators
) -> str | None:
    """Why a response whose content is not the stored copy is older than it, if it is."""
    modified, before = _http_date(headers.get("last-modified")), _http_date(stored.last_modified)
    if modified is not None and before is not None and modified < before:
        return (
            f"a stale copy: Last-Modified {headers['last-modified']} is before the stored "
            f"copy's ({stored.last_modified})"
        )
    if made is not None and stored.served_at is not None and made < stored.served_at:
        return (
            f"a stale copy: made {made:%Y-%m-%d %H:%M:%S} UTC (Date less Age), before the "
            f"stored copy ({stored.served_at:%Y-%m-%d %H:%M:%S} UTC)"
        )
    return None


def _detail(error: BaseException) -> str:
    """The first readable message down the cause chain: async transports wrap the OS error in
    exceptions without a message of their own (httpx.ReadError from anyio.BrokenResourceError)."""
    cause: BaseException | None = error
    for _ in range(8):
        if cause is None:
            break
        if isinstance(cause, OSError) and cause.strerror:
            return one_line(cause.strerror)
        if text := one_line(str(cause)):
            return text
        cause = cause.__cause__ or cause.__context__
    return type(error).__name__


def _unreachable(error: BaseException) -> str | None:
    """Why no attempt can reach the host: no DNS answer, or nothing listening. Retried like a
    503 these only make an offline run slow, so they fail at once."""
    cause: BaseException | None = error
    for _ in range(8):
        if isinstance(cause, socket.gaierror):
            host = error.request.url.host if isinstance(error, httpx.RequestError) else "host"
            return f"cannot resolve {host} (no network?)"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if cause is None:
            break
        cause = cause.__cause__ or cause.__context__
    return None


def _describe(error: BaseException) -> str:
    if isinstance(error, httpx.ConnectError) and (unreachable := _unreachable(error)):
        return unreachable
    detail = _detail(error)
    if isinstance(error, httpx.ConnectTimeout):
        return "connect timed out"
    if isinstance(error, httpx.ReadTimeout):
        return "read timed out"
    if isinstance(error, httpx.WriteTimeout):
        return "write timed out"
    if isinstance(error, httpx.PoolTimeout):
        return "timed out waiting for a connection"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect ({detail})"
    if isinstance(error, httpx.NetworkError):
        return f"connection error ({detail})"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"protocol error ({detail})"
    if isinstance(error, Refused | _RetryableStatus):
        return detail
    return f"{type(error).__name__}: {detail}"


class _Fetcher:
    """One run's client, settings and stored validators; fetches one locale at a time per call."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        validators: Mapping[str, HttpValidators],
        settings: FetchSettings,
        progress: FetchProgress | None = None,
        readers: int = 1,
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.validators = validators
        self.settings = settings
        self.progress = progress
        base_host = httpx.URL(base_url).host.lower()
        self.allowed_hosts = (DOCS_HOSTS | {base_host}) if base_host else DOCS_HOSTS
        self.unreachable: dict[str, str] = {}  # host -> why
        # As many threads as `again` may run at once: its caller says (one, unless it reads
        # in another process too: the GIL runs one reading at a time here anyway).
        self.reader = ThreadPoolExecutor(readers, thread_name_prefix="read")

    async def fetch_locale(self, locale: str, *, fresh: bool = False) -> FetchResult:
        reasons = []
        for source in page_sources(locale, self.base_url):
            outcome = await self.fetch_source(source, fresh=fresh)
            if not isinstance(outcome, str):
                return outcome
            reasons.append(f"{source.format}: {outcome}")
            if httpx.URL(source.url).host in self.unreachable:
                # The other source is on the same host: it would fail the same way.
                return FailedPage(locale, "; ".join(reasons), unreachable=True)
        return FailedPage(locale, "; ".join(reasons))

    async def fetch_and_confirm(
        self, locale: str, again: SecondCopy | None, first_copy: Callable[[FetchResult], None]
    ) -> FetchResult:
        """The page; then, if `again` asks for it once it has read the page, its second copy.
        `first_copy` is told of the first copy once it is read (and before its second).

        `again` (reading a page takes tens of milliseconds) runs in the reader thread, page by
        page as they arrive, so the event loop stays free to receive the others and to send
        each confirming request the moment its page is read, not after every page's reading.
        """
        result = await self.fetch_locale(locale)
        if not isinstance(result, FetchedPage) or again is None:
            first_copy(result)
            return result
        wanted = await asyncio.get_running_loop().run_in_executor(self.reader, again, result)
        first_copy(result)
        return await self.second_copy(result) if wanted else result

    async def second_copy(self, first: FetchedPage) -> FetchedPage:
        """The page again, fresh from the origin, to confirm what the first copy says."""
        if self.progress is not None:
            self.progress.again(first.locale)
        return replace(first, second_copy=await self.fetch_locale(first.locale, fresh=True))

    async def fetch_source(
        self, source: PageSource, *, fresh: bool = False
    ) -> FetchedPage | UnchangedPage | str:
        """The page from one source, or why not (retries included)."""
        settings = self.settings
        previous: Retry | None = None
        number = 0

        def backoff(error: Exception) -> bool | float:
            nonlocal previous
            if _unreachable(error):
                return False
            if isinstance(error, _RetryableStatus):
                wait = error.retry_after
            elif isinstance(error, _TRANSIENT):
                wait = None
            else:
                return False
            if wait is not None:
                wait = min(wait, settings.max_retry_after)
            previous = Retry(_describe(error), wait)
            return True if wait is None else wait

        try:
            async for attempt in stamina.retry_context(
                on=backoff,
                attempts=settings.attempts,
                timeout=None,  # bounded by attempts, timeouts and the Retry-After cap instead
                wait_initial=settings.backoff_initial,
                wait_max=settings.backoff_max,
                wait_jitter=settings.backoff_jitter,
            ):
                with attempt:
                    number = attempt.num
                    if self.progress is not None:
                        self.progress.attempt(source, number, settings.attempts, previous)
                    return await self.get_once(source, fresh=fresh)
        except (_RetryableStatus, *_TRANSIENT) as error:
            if unreachable := _unreachable(error):
                self.unreachable[httpx.URL(source.url).host] = unreachable
                return unreachable
            suffix = f" after {number} attempts" if number > 1 else ""
            return _describe(error) + suffix
        except (Refused, httpx.HTTPError, httpx.InvalidURL) as error:
            return _describe(error)
        raise AssertionError("unreachable: stamina either returns or raises")

    def request_headers(
        self, stored: HttpValidators, page_format: PageFormat, *, fresh: bool
    ) -> dict[str, str]:
        """Conditional on the stored validators; or, for a fresh copy, asking caches for one."""
        headers = {"Accept": _ACCEPT[page_format]}
        if fresh:
            return headers | FRESH_HEADERS
        if stored.etag:
            headers["If-None-Match"] = stored.etag
        if stored.last_modified:
            headers["If-Modified-Since"] = stored.last_modified
        return headers

    async def get_once(
        self, source: PageSource, *, fresh: bool = False
    ) -> FetchedPage | UnchangedPage:
        """One attempt: GET the source, following redirects to the docs hosts only."""
        stored = self.validators.get(source.url, HttpValidators())
        headers = self.request_headers(stored, source.format, fresh=fresh)
        url = httpx.URL(source.url)
        for _hop in range(self.settings.max_redirects + 1):
            async with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in _REDIRECTS:
                    url = self.redirect_target(response)
                    continue
                if status == 304:
                    return _not_modified(source, response, stored)
                if status == 429 or 500 <= status <= 599:
                    header = response.headers.get("retry-after")
                    now = dt.datetime.now(dt.UTC)
                    wait = parse_retry_after(header, now) if header is not None else None
                    raise _RetryableStatus(status, wait)
                if status != 200:
                    raise Refused(f"HTTP {status}")
                return await self.page_of(source, response, stored, str(url))
        raise Refused(f"more than {self.settings.max_redirects} redirects")

    async def page_of(
        self, source: PageSource, response: httpx.Response, stored: HttpValidators, url: str
    ) -> FetchedPage | UnchangedPage:
        """A 200's body, if it is the page and no older than the stored copy."""
        body = await self.read_body(response)
        check_body(source.format, response.headers.get("content-type"), body)
        new = HttpValidators(
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            sha256=hashlib.sha256(body).hexdigest(),
            served_at=served_at(response.headers),
        )
        if new.sha256 != stored.sha256:
            stale = stale_copy(response.headers, new.served_at, stored)
            if stale is not None:
                raise Refused(stale)
        return unchanged_by_content(source, body, new, stored, url)

    def redirect_target(self, response: httpx.Response) -> httpx.URL:
        location = response.headers.get("location")
        if not location:
            raise Refused(f"HTTP {response.status_code} redirect without a Location")
        try:
            target = response.url.join(location)
        except httpx.InvalidURL:
            raise Refused(f"redirect to an invalid URL {location!r}") from None
        host = target.host.lower()
        if target.scheme not in ("http", "https"):
            raise Refused(f"redirect to a {target.scheme} URL refused")
        if host not in self.allowed_hosts:
            raise Refused(f"redirect to {host} refused (not a docs host)")
        if response.url.scheme == "https" and target.scheme != "https":
            raise Refused(f"redirect from https to {target.scheme}://{host} refused")
        return target

    async def read_body(self, response: httpx.Response) -> bytes:
        """The body, decoded, refused as soon as it is known to exceed the cap (decoded size
        counts). A body that ends before its Content-Length, or a compressed stream that
        ends before its end marker, was cut in transfer: retried like a dropped connection
        (a decoder would otherwise hand on the part that arrived as if it were the page)."""
        cap = self.settings.max_bytes
        length = response.headers.get("content-length", "")
        decoder = _decoder(response)
        if length.isdigit() and int(length) > cap:
            raise Refused(f"response too large (Content-Length {int(length)} > {cap} bytes)")
        chunks = []
        size = received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            data = decoder.decompress(chunk, cap + 1 - size) if decoder else chunk
            size += len(data)
            if size > cap or (decoder is not None and decoder.unconsumed_tail):
                raise Refused(f"response too large (over {cap} bytes)")
            chunks.append(data)
        if length.isdigit() and received != int(length):
            raise httpx.RemoteProtocolError(
                f"body of {received} bytes, Content-Length says {int(length)}"
            )
        if decoder is not None and not decoder.eof:
            raise httpx.RemoteProtocolError("compressed body cut short (no end of stream)")
        return b"".join(chunks)


def _not_modified(
    source: PageSource, response: httpx.Response, stored: HttpValidators
) -> UnchangedPage:
    if not (stored.etag or stored.last_modified):
        raise Refused("HTTP 304 to an unconditional request")
    validators = HttpValidators(
        etag=response.headers.get("etag", stored.etag),
        last_modified=response.headers.get("last-modified", stored.last_modified),
        sha256=stored.sha256,
        served_at=stored.served_at,
    )
    return UnchangedPage(source.locale, source.url, source.format, "304 Not Modified", validators)


def _decoder(response: httpx.Response) -> zlib._Decompress | None:
    """A decompressor for the body's Content-Encoding (the client asks for gzip or deflate)."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in _ZLIB_ENCODINGS:
        return zlib.decompressobj(_ZLIB_ENCODINGS[encoding])
    raise Refused(f"unsupported Content-Encoding {encoding!r}")


def _client(settings: FetchSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        http2=settings.http2,
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        # Only encodings read_body decodes itself (it checks the stream is complete).
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,  # followed by hand, to check every hop's host
    )


class _FirstCopies:
    """Every locale's first result, handed to `then` (in the order asked) once all are in."""

    def __init__(self, locales: Sequence[str], then: Callable[[list[FetchResult]], None] | None):
        self.locales = locales
        self.then = then
        self.found: dict[str, FetchResult] = {}

    def __call__(self, result: FetchResult) -> None:
        self.found[result.locale] = result
        if self.then is not None and self.found.keys() == set(self.locales):
            self.then([self.found[locale] for locale in self.locales])


async def _fetch_one(
    fetcher: _Fetcher,
    locale: str,
    again: SecondCopy | None,
    first_copy: _FirstCopies,
    deadline: float | None,
    semaphore: asyncio.Semaphore,
) -> FetchResult:
    """One locale's result, whatever happens: a failure is its `FailedPage`."""
    started = time.perf_counter()
    try:
        # One deadline for the whole run: a server that drips a byte at a time never trips
        # the read timeout, and would hold every language past the workflow's own limit,
        # which kills the job before it writes anything.
        async with asyncio.timeout_at(deadline), semaphore:
            result = await fetcher.fetch_and_confirm(locale, again, first_copy)
    except TimeoutError:
        result = FailedPage(
            locale, f"not done by the run's deadline ({fetcher.settings.deadline:g} s)"
        )
    except Exception as error:
        # A bug or an error nobody foresaw in one locale must not cost the others their
        # update; the reason names the exception so it still gets noticed.
        result = FailedPage(locale, f"unexpected {_describe(error)}")
    if fetcher.progress is not None:
        fetcher.progress.finished(result, time.perf_counter() - started)
    return result


async def fetch_pages(
    locales: Sequence[str],
    *,
    base_url: str = DOCS_BASE_URL,
    validators: Mapping[str, HttpValidators] | None = None,
    settings: FetchSettings = DEFAULT_SETTINGS,
    progress: FetchProgress | None = None,
    again: SecondCopy | None = None,
    readers: int = 1,
    first_copies: Callable[[list[FetchResult]], None] | None = None,
    started: Callable[[], None] | None = None,
) -> list[FetchResult]:
    """Fetch every locale's page concurrently; one result per locale, in the order given.
    A page `again` asks for is fetched once more right away, fresh (`second_copy`), within
    the same deadline (`again` runs beside the network: `_Fetcher.fetch_and_confirm`, on up
    to `readers` pages at once). `first_copies` is given every locale's first result (in
    the order given) as soon as all are in and read, while second copies may be on their
    way; not at all if a locale fails by the deadline or by surprise. `started` is called
    once every locale's request is on its way (the client made, each connection begun)."""
    semaphore = asyncio.Semaphore(settings.concurrency)
    async with _client(settings) as client:
        fetcher = _Fetcher(
            client,
            base_url=base_url,
            validators=validators or {},
            settings=settings,
            progress=progress,
            readers=readers,
        )
        loop = asyncio.get_running_loop()
        deadline = None if settings.deadline is None else loop.time() + settings.deadline
        first_copy = _FirstCopies(locales, first_copies)
        try:
            fetches = [
                asyncio.ensure_future(
                    _fetch_one(fetcher, locale, again, first_copy, deadline, semaphore)
                )
                for locale in locales
            ]
            if started is not None:
                loop.call_soon(started)  # runs once each fetch has taken its first step
            return list(await asyncio.gather(*fetches))
        finally:
            # A reading still going past the deadline is not waited for: its page has failed.
            fetcher.reader.shutdown(wait=False, cancel_futures=True)
