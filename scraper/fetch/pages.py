"""What a fetch gives for each page (fetched, unchanged or failed), the settings it runs under,
and the checks that a body is the page, shared by HTTP and saved pages. No network here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from scraper.fetch.sources import MAX_PAGE_BYTES, PAGE_COUNT, PageSource, detect_format
from scraper.records import HttpValidators, PageFormat


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """The page of one locale, as received: hand `content` to the parser as `format`."""

    locale: str
    url: str
    format: PageFormat
    content: bytes
    validators: HttpValidators
    # Where the content came from after redirects (None: read from a file), which tells the
    # language check when a redirect led to another language's page.
    final_url: str | None = None
    # The page fetched once more right after, fresh from the origin, when the run asked for
    # it (`again`): what this copy says is published only if the second says the same.
    second_copy: FetchResult | None = None


@dataclass(frozen=True, slots=True)
class UnchangedPage:
    """The page has not changed since the stored validators were taken: skip parsing it."""

    locale: str
    url: str
    format: PageFormat
    reason: str  # "304 Not Modified" or "same content"
    validators: HttpValidators  # store these: a server may send a new ETag for the same content


@dataclass(frozen=True, slots=True)
class FailedPage:
    """No source of this locale gave the page; `reason` is one line naming each source's failure."""

    locale: str
    reason: str
    unreachable: bool = False  # no DNS answer or connection refused: offline, most likely


FetchResult = FetchedPage | UnchangedPage | FailedPage
# Asked of each page as soon as it is fetched: should it be fetched again, to confirm it?
SecondCopy = Callable[[FetchedPage], bool]


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and timing of a run; the defaults suit the real docs site."""

    # Every page at once: a full run costs about one round trip, and eighteen requests every
    # six hours (one HTTP/2 connection) is light for a docs CDN.
    concurrency: int = PAGE_COUNT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = MAX_PAGE_BYTES
    attempts: int = 4
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    backoff_jitter: float = 1.0
    max_retry_after: float = 120.0
    max_redirects: int = 5
    http2: bool = True
    # Seconds the whole fetch may take (every language, retries included); a language not
    # done by then fails, and the others are kept. None: no limit.
    deadline: float | None = None

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.attempts < 1 or self.max_bytes < 1:
            raise ValueError("concurrency, attempts and max_bytes must be at least 1")
        if self.max_redirects < 0 or min(self.connect_timeout, self.read_timeout) <= 0:
            raise ValueError("timeouts must be positive and max_redirects not negative")


@dataclass(frozen=True, slots=True)
class Retry:
    """Why an attempt is a retry: what the previous attempt got, and the wait it asked for."""

    cause: str  # e.g. "HTTP 503", "read timed out"
    retry_after: float | None  # seconds from Retry-After (capped); None: exponential backoff


class FetchProgress(Protocol):
    """Told about each request attempt and each finished locale (see `scraper.fetch.progress`)."""

    def attempt(self, source: PageSource, number: int, attempts: int, retry: Retry | None) -> None:
        """Attempt `number` of at most `attempts` at `source` is starting."""

    def finished(self, result: FetchResult, seconds: float) -> None:
        """A locale is done (fetched, unchanged or failed) after `seconds` of work."""

    def again(self, locale: str) -> None:
        """A locale is fetched a second time: its changes would publish events, and only a
        second copy that says the same lets them through (scraper.track.confirm)."""


class Refused(Exception):
    """This source did not give the page and retrying will not help; the message says why."""


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


# A GFM table's delimiter row (`| --- | :-: |`) or an HTML table: the page is mostly tables.
_HTML_TABLE = re.compile(r"<table[\s>]", re.IGNORECASE)


_MAX_REASON = 300


def one_line(text: str) -> str:
    """Reasons end up in one log line each, and may quote what a server sent."""
    line = " ".join(text.split())
    return line if len(line) <= _MAX_REASON else line[: _MAX_REASON - 1] + "…"


def has_markdown_table(text: str) -> bool:
    """A table's delimiter row (`| --- | :-: |`) on some line. Read line by line: a pattern
    with look-aheads over each line was quadratic on a long line of spaces."""
    for line in text.split("\n"):
        cells = line.strip(" \t\r")
        if "|" in cells and "-" in cells and not cells.strip("|:- \t"):
            return True
    return False


def check_body(page_format: PageFormat, content_type: str | None, body: bytes) -> None:
    """Cheap, format-aware: is this the page at all? (The parser checks its layout later.)"""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("not UTF-8 text") from None
    if not text.strip():
        raise Refused("empty body")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if page_format == "markdown":
        if media_type in _HTML_TYPES or detect_format(text) == "html":
            raise Refused("an HTML document, not the Markdown source")
        if not (has_markdown_table(text) or _HTML_TABLE.search(text)):
            raise Refused("not the deprecations page (no table)")
    else:
        if media_type and media_type not in _HTML_TYPES:
            raise Refused(f"not the deprecations page (content type {media_type})")
        if not _HTML_TABLE.search(text):
            raise Refused("not the deprecations page (no table)")


def unchanged_by_content(
    source: PageSource,
    body: bytes,
    new: HttpValidators,
    stored: HttpValidators,
    final_url: str | None = None,
) -> FetchedPage | UnchangedPage:
    if stored.sha256 is not None and stored.sha256 == new.sha256:
        # The stored copy's making time stays: a run that finds nothing new changes no file.
        kept = new.model_copy(update={"served_at": stored.served_at})
        return UnchangedPage(source.locale, source.url, source.format, "same content", kept)
    return FetchedPage(source.locale, source.url, source.format, body, new, final_url)
