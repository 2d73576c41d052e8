"""Progress of a fetch on stderr: a status line per language, at one of three levels.

On a terminal each finished language gets an aligned status line::

      zh-CN  fetched    markdown   12.3 kB  0.41 s

elsewhere (CI logs, redirected output) a plain log line::

    fetch zh-CN: fetched markdown (12.3 kB, 0.41 s)

A failure is printed at every level, once, as it happens (`error: ja: fetch failed: …`);
`quiet` prints nothing else, `verbose` adds a line for every request attempt and retry.
`ProgressReporter` implements `scraper.fetch.pages.FetchProgress`.
"""

from __future__ import annotations

import sys
from typing import Literal, TextIO

from scraper.fetch.pages import FailedPage, FetchedPage, FetchResult, Retry, UnchangedPage
from scraper.fetch.sources import PageSource
from scraper.sinks import terminal_text

Level = Literal["quiet", "normal", "verbose"]


def format_size(size: int) -> str:
    """Decimal units, as browsers and HTTP tools show them: 950 B, 12.3 kB, 4.8 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _retry_text(retry: Retry) -> str:
    wait = "backoff" if retry.retry_after is None else f"Retry-After {retry.retry_after:g} s"
    return f"after {retry.cause}, {wait}"


class ProgressReporter:
    """Fetch progress on a stream (stderr by default); inject `stream` and `is_tty` to test."""

    def __init__(
        self, stream: TextIO | None = None, *, level: Level = "normal", is_tty: bool | None = None
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.level: Level = level
        self.is_tty = self.stream.isatty() if is_tty is None else is_tty

    def attempt(self, source: PageSource, number: int, attempts: int, retry: Retry | None) -> None:
        if self.level != "verbose":
            return
        why = f", {_retry_text(retry)}" if retry is not None else ""
        if self.is_tty:
            self._write(
                f"  {source.locale:<6} {'get':<10} {source.format:<8}  "
                f"attempt {number}/{attempts}{why}  {source.url}"
            )
        else:
            self._write(
                f"fetch {source.locale}: GET {source.url} "
                f"({source.format}, attempt {number}/{attempts}{why})"
            )

    def finished(self, result: FetchResult, seconds: float) -> None:
        if isinstance(result, FailedPage):  # at every level, once, as it happens
            self._write(f"error: {result.locale}: fetch failed: {result.reason}")
        elif self.level != "quiet":
            self._write(_result_line(result, seconds, self.is_tty))

    def again(self, locale: str) -> None:
        if self.level == "quiet":
            return
        why = "its changes would publish events: a fresh copy must agree"
        self._write(
            f"  {locale:<6} {'again':<10} {why}" if self.is_tty else f"fetch {locale}: again, {why}"
        )

    def _write(self, line: str) -> None:
        self.stream.write(terminal_text(line) + "\n")  # a server's words, a redirect's URL
        self.stream.flush()


def _result_line(result: FetchedPage | UnchangedPage, seconds: float, is_tty: bool) -> str:
    """`  zh-CN  fetched    markdown   12.3 kB  0.41 s` on a terminal, a log line elsewhere."""
    if isinstance(result, FetchedPage):
        state, detail = "fetched", format_size(len(result.content))
        column = f"{detail:>9}"  # sizes align on a terminal
    else:
        state, detail = "unchanged", result.reason
        column = detail
    if not is_tty:
        return f"fetch {result.locale}: {state} {result.format} ({detail}, {seconds:.2f} s)"
    return f"  {result.locale:<6} {state:<10} {result.format:<8} {column}  {seconds:.2f} s"
