"""Fetch progress lines: terminal and log formats, and the quiet / normal / verbose levels."""

from __future__ import annotations

import io

import pytest

from scraper.fetch.pages import FailedPage, FetchedPage, FetchResult, Retry, UnchangedPage
from scraper.fetch.progress import Level, ProgressReporter, format_size
from scraper.fetch.sources import page_sources
from scraper.records import HttpValidators

SOURCE = page_sources("zh-CN")[0]
FETCHED = FetchedPage("zh-CN", SOURCE.url, "markdown", b"x" * 12_345, HttpValidators())
UNCHANGED = UnchangedPage("en", SOURCE.url, "html", "304 Not Modified", HttpValidators())
FAILED = FailedPage("de", "markdown: HTTP 404; html: HTTP 503 after 4 attempts")
RESULTS: list[FetchResult] = [FETCHED, UNCHANGED, FAILED]


def report(level: Level, *, tty: bool) -> list[str]:
    stream = io.StringIO()
    reporter = ProgressReporter(stream, level=level, is_tty=tty)
    reporter.attempt(SOURCE, 1, 4, None)
    reporter.attempt(SOURCE, 2, 4, Retry("HTTP 429", 7.0))
    for result in RESULTS:
        reporter.finished(result, 0.414)
    return stream.getvalue().splitlines()


def test_log_lines_when_not_a_terminal() -> None:
    """Off a terminal each locale is one plain, greppable log line."""
    assert report("normal", tty=False) == [
        "fetch zh-CN: fetched markdown (12.3 kB, 0.41 s)",
        "fetch en: unchanged html (304 Not Modified, 0.41 s)",
        "error: de: fetch failed: markdown: HTTP 404; html: HTTP 503 after 4 attempts",
    ]


def test_status_lines_on_a_terminal() -> None:
    """On a terminal each locale is an aligned status line; a failure is an error line."""
    assert report("normal", tty=True) == [
        "  zh-CN  fetched    markdown   12.3 kB  0.41 s",
        "  en     unchanged  html     304 Not Modified  0.41 s",
        "error: de: fetch failed: markdown: HTTP 404; html: HTTP 503 after 4 attempts",
    ]


@pytest.mark.parametrize("tty", [False, True])
def test_quiet_prints_only_failures(tty: bool) -> None:
    """Quiet keeps what needs attention, as the same error line, and drops the rest."""
    assert report("quiet", tty=tty) == [
        "error: de: fetch failed: markdown: HTTP 404; html: HTTP 503 after 4 attempts"
    ]


def test_verbose_adds_every_attempt() -> None:
    """Verbose shows each request attempt, and why and how long a retry waits."""
    lines = report("verbose", tty=False)
    assert lines[:2] == [
        f"fetch zh-CN: GET {SOURCE.url} (markdown, attempt 1/4)",
        f"fetch zh-CN: GET {SOURCE.url} (markdown, attempt 2/4, after HTTP 429, Retry-After 7 s)",
    ]
    assert lines[2:] == report("normal", tty=False)


def test_verbose_on_a_terminal_names_backoff_retries() -> None:
    """A retry without Retry-After is shown as backoff."""
    stream = io.StringIO()
    ProgressReporter(stream, level="verbose", is_tty=True).attempt(
        SOURCE, 3, 4, Retry("read timed out", None)
    )
    assert stream.getvalue() == (
        f"  zh-CN  get        markdown  attempt 3/4, after read timed out, backoff  {SOURCE.url}\n"
    )


def test_tty_is_detected_from_the_stream() -> None:
    """Without an explicit flag, the stream decides (a StringIO is not a terminal)."""
    assert ProgressReporter(io.StringIO()).is_tty is False


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (999, "999 B"), (12_345, "12.3 kB"), (4_800_000, "4.8 MB")],
)
def test_format_size(size: int, text: str) -> None:
    """Sizes are shown in decimal units with one decimal."""
    assert format_size(size) == text


@pytest.mark.parametrize(
    ("level", "tty", "line"),
    [
        (
            "normal",
            False,
            "fetch en: again, its changes would publish events: a fresh copy must agree",
        ),
        (
            "normal",
            True,
            "  en     again      its changes would publish events: a fresh copy must agree",
        ),
        ("quiet", False, None),
    ],
)
def test_a_second_fetch_to_confirm_says_why(level: Level, tty: bool, line: str | None) -> None:
    """A page fetched twice in a run gets a line saying why (but not in quiet)."""
    stream = io.StringIO()
    ProgressReporter(stream, level=level, is_tty=tty).again("en")
    assert stream.getvalue().splitlines() == ([line] if line else [])
