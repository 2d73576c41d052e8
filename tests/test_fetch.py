"""The fetch stage against real HTTP servers on 127.0.0.1: pages, faults, retries, safety."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import hashlib
import io
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
import stamina
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper import PROJECT_URL, __version__
from scraper.fetch.http import USER_AGENT, fetch_pages, parse_retry_after
from scraper.fetch.pages import (
    FailedPage,
    FetchedPage,
    FetchResult,
    FetchSettings,
    Retry,
    UnchangedPage,
)
from scraper.fetch.progress import ProgressReporter
from scraper.fetch.saved import read_saved_pages
from scraper.fetch.sources import LOCALES, PageSource, page_sources
from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from scraper.records import HttpValidators, PageFormat
from tests.conftest import PAGES

# Saved pages per locale; locales without a saved page of their own are served the English one.
FIXTURE_PAGES = {
    "en": "en--59934005988.md",
    "zh-TW": "zh-TW--seed.md",
    "zh-CN": "zh-CN--57854826696.md",
    "de": "de--7033491188.md",
    "id": "id--54626335572.md",
    "it": "it--7049210929.md",
}
MARKDOWN = "text/markdown; charset=utf-8"
HTML = "text/html; charset=utf-8"
SETTINGS = FetchSettings(connect_timeout=2.0, read_timeout=2.0, attempts=3)
LOGIN_PAGE = "<!doctype html><html><body><h1>Sign in</h1><form></form></body></html>"


def page_bytes(locale: str) -> bytes:
    return (PAGES / FIXTURE_PAGES.get(locale, FIXTURE_PAGES["en"])).read_bytes()


def html_page(locale: str) -> bytes:
    body = render_html(page_bytes(locale).decode("utf-8"))
    return f'<!doctype html><html lang="{locale}"><body>{body}</body></html>'.encode()


def markdown_path(locale: str) -> str:
    return f"/docs/{locale}/about-claude/model-deprecations.md"


def html_path(locale: str) -> str:
    return f"/docs/{locale}/about-claude/model-deprecations"


def base_url(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def requested_paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


@pytest.fixture(autouse=True)
def no_real_sleeps() -> Iterator[None]:
    """stamina's test mode: backoffs and Retry-After waits are zero, attempts as configured."""
    with stamina.set_testing(True, attempts=100, cap=True):
        yield


@dataclass
class Recorder:
    """A FetchProgress that remembers what it was told."""

    attempts: list[tuple[str, PageFormat, int, Retry | None]] = field(default_factory=list)
    done: list[FetchResult] = field(default_factory=list)
    again_for: list[str] = field(default_factory=list)

    def attempt(self, source: PageSource, number: int, attempts: int, retry: Retry | None) -> None:
        self.attempts.append((source.locale, source.format, number, retry))

    def finished(self, result: FetchResult, seconds: float) -> None:
        self.done.append(result)

    def again(self, locale: str) -> None:
        self.again_for.append(locale)


class RawServer:
    """A TCP server on 127.0.0.1 that reads each request, then resets or never answers."""

    def __init__(self, mode: Literal["reset", "silent"]) -> None:
        self.mode = mode
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.open: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.settimeout(1.0)
            with contextlib.suppress(OSError):
                connection.recv(65536)
            if self.mode == "reset":
                # Linger 0: close sends RST instead of FIN, so the client sees a reset.
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()
            else:
                self.open.append(connection)

    def close(self) -> None:
        self.stopping.set()
        self.thread.join()
        for connection in self.open:
            connection.close()
        self.listener.close()


@pytest.fixture
def reset_server() -> Iterator[RawServer]:
    server = RawServer("reset")
    yield server
    server.close()


@pytest.fixture
def silent_server() -> Iterator[RawServer]:
    server = RawServer("silent")
    yield server
    server.close()


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def serve_markdown(server: HTTPServer, locale: str) -> bytes:
    page = page_bytes(locale)
    server.expect_request(markdown_path(locale)).respond_with_data(page, content_type=MARKDOWN)
    return page


def test_all_locales_are_fetched_in_one_run(httpserver: HTTPServer) -> None:
    """Every docs locale comes back as its Markdown source, in the order asked for."""
    served = {locale: serve_markdown(httpserver, locale) for locale in LOCALES}
    results = asyncio.run(fetch_pages(LOCALES, base_url=base_url(httpserver), settings=SETTINGS))
    assert [result.locale for result in results] == list(LOCALES)
    for result in results:
        assert isinstance(result, FetchedPage)
        assert result.format == "markdown"
        assert result.url == page_sources(result.locale, base_url(httpserver))[0].url
        assert result.content == served[result.locale]
        assert result.validators.sha256 == hashlib.sha256(result.content).hexdigest()
    assert sorted(requested_paths(httpserver)) == sorted(map(markdown_path, LOCALES))


def test_requests_name_the_project_in_the_user_agent(httpserver: HTTPServer) -> None:
    """The User-Agent carries the project's name, version and URL."""
    serve_markdown(httpserver, "en")
    asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    (request, _), *_ = httpserver.log
    assert request.headers["User-Agent"] == USER_AGENT
    assert __version__ in USER_AGENT
    assert PROJECT_URL in USER_AGENT


def test_concurrency_is_bounded(threaded_server: HTTPServer) -> None:
    """No more requests are in flight at once than the configured concurrency."""
    lock = threading.Lock()
    in_flight = 0
    most = 0

    def slow(request: Request) -> Response:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.1)
        with lock:
            in_flight -= 1
        return Response(page_bytes("en"), content_type=MARKDOWN)

    for locale in LOCALES:
        threaded_server.expect_request(markdown_path(locale)).respond_with_handler(slow)
    settings = FetchSettings(concurrency=3, attempts=1)
    results = asyncio.run(
        fetch_pages(LOCALES, base_url=base_url(threaded_server), settings=settings)
    )
    assert all(isinstance(result, FetchedPage) for result in results)
    assert most == 3


def test_503_then_200_is_retried(httpserver: HTTPServer) -> None:
    """A 503 is retried with backoff, and the next attempt's page is the result."""
    httpserver.expect_oneshot_request(markdown_path("en")).respond_with_data("busy", status=503)
    page = serve_markdown(httpserver, "en")
    recorder = Recorder()
    (result,) = asyncio.run(
        fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS, progress=recorder)
    )
    assert isinstance(result, FetchedPage)
    assert result.content == page
    assert recorder.attempts == [
        ("en", "markdown", 1, None),
        ("en", "markdown", 2, Retry("HTTP 503", None)),
    ]
    assert recorder.done == [result]


def test_429_waits_for_retry_after_seconds(httpserver: HTTPServer) -> None:
    """A 429's Retry-After in seconds is the wait requested before the next attempt."""
    httpserver.expect_oneshot_request(markdown_path("en")).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    serve_markdown(httpserver, "en")
    recorder = Recorder()
    started = time.monotonic()
    (result,) = asyncio.run(
        fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS, progress=recorder)
    )
    assert isinstance(result, FetchedPage)
    assert recorder.attempts[1] == ("en", "markdown", 2, Retry("HTTP 429", 7.0))
    assert time.monotonic() - started < 5  # requested, not slept (stamina test mode)


def test_retry_after_http_date_is_honoured(httpserver: HTTPServer) -> None:
    """A Retry-After HTTP-date asks for the time until that date."""
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=90)
    httpserver.expect_oneshot_request(markdown_path("en")).respond_with_data(
        "busy", status=503, headers={"Retry-After": email.utils.format_datetime(when, usegmt=True)}
    )
    serve_markdown(httpserver, "en")
    recorder = Recorder()
    asyncio.run(
        fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS, progress=recorder)
    )
    retry = recorder.attempts[1][3]
    assert retry is not None
    assert retry.retry_after == pytest.approx(90, abs=3)


def test_retry_after_is_capped(httpserver: HTTPServer) -> None:
    """A Retry-After beyond max_retry_after asks for the cap, not for an hour."""
    httpserver.expect_oneshot_request(markdown_path("en")).respond_with_data(
        "busy", status=429, headers={"Retry-After": "3600"}
    )
    serve_markdown(httpserver, "en")
    recorder = Recorder()
    settings = FetchSettings(attempts=2, max_retry_after=60.0)
    asyncio.run(
        fetch_pages(["en"], base_url=base_url(httpserver), settings=settings, progress=recorder)
    )
    assert recorder.attempts[1][3] == Retry("HTTP 429", 60.0)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        ("1.5", None),
    ],
)
def test_parse_retry_after(value: str, seconds: float | None) -> None:
    """Delta-seconds and HTTP-dates are read (a past date is no wait); anything else is None."""
    now = dt.datetime(2015, 10, 21, 7, 28, tzinfo=dt.UTC)
    assert parse_retry_after(value, now) == seconds


def test_server_errors_until_attempts_run_out_fail_the_locale(httpserver: HTTPServer) -> None:
    """Each source is tried `attempts` times, and the reason says so for each."""
    httpserver.expect_request(markdown_path("en")).respond_with_data("down", status=503)
    httpserver.expect_request(html_path("en")).respond_with_data("down", status=502)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert result == FailedPage(
        "en", "markdown: HTTP 503 after 3 attempts; html: HTTP 502 after 3 attempts"
    )
    assert len(httpserver.log) == 6


def test_other_4xx_are_not_retried(httpserver: HTTPServer) -> None:
    """A 403 is final: one request per source, no retry."""
    httpserver.expect_request(markdown_path("en")).respond_with_data("no", status=403)
    httpserver.expect_request(html_path("en")).respond_with_data("no", status=403)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert result == FailedPage("en", "markdown: HTTP 403; html: HTTP 403")
    assert requested_paths(httpserver) == [markdown_path("en"), html_path("en")]


def test_timeout_fails_the_locale_after_retries(silent_server: RawServer) -> None:
    """A server that never answers times out, is retried, and the locale fails."""
    settings = FetchSettings(connect_timeout=1.0, read_timeout=0.2, attempts=2)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=silent_server.url, settings=settings))
    assert result == FailedPage(
        "en", "markdown: read timed out after 2 attempts; html: read timed out after 2 attempts"
    )
    assert silent_server.connections == 4


def test_connection_reset_is_retried_then_fails(reset_server: RawServer) -> None:
    """A connection reset by the server is retried like any transient error."""
    (result,) = asyncio.run(fetch_pages(["en"], base_url=reset_server.url, settings=SETTINGS))
    assert isinstance(result, FailedPage)
    assert result == FailedPage(
        "en",
        "markdown: connection error (Connection reset by peer) after 3 attempts; "
        "html: connection error (Connection reset by peer) after 3 attempts",
    )
    assert reset_server.connections == 6


def test_redirect_to_a_foreign_host_is_refused(httpserver: HTTPServer) -> None:
    """A redirect off the docs hosts (and off --base-url's host) is never followed."""
    port = httpserver.port
    httpserver.expect_request(markdown_path("en")).respond_with_data(
        "", status=302, headers={"Location": f"http://localhost:{port}/elsewhere.md"}
    )
    httpserver.expect_request(html_path("en")).respond_with_data(
        "", status=301, headers={"Location": "https://docs.example.com/deprecations"}
    )
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert result == FailedPage(
        "en",
        "markdown: redirect to localhost refused (not a docs host); "
        "html: redirect to docs.example.com refused (not a docs host)",
    )
    assert "/elsewhere.md" not in requested_paths(httpserver)


def test_redirect_on_the_same_host_is_followed(httpserver: HTTPServer) -> None:
    """A relative redirect on the base URL's host is followed; the result keeps the source URL."""
    httpserver.expect_request(markdown_path("en")).respond_with_data(
        "", status=308, headers={"Location": "/moved/model-deprecations.md"}
    )
    page = page_bytes("en")
    httpserver.expect_request("/moved/model-deprecations.md").respond_with_data(
        page, content_type=MARKDOWN
    )
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert isinstance(result, FetchedPage)
    assert result.content == page
    assert result.url == f"{base_url(httpserver)}{markdown_path('en')}"


def test_redirect_loop_stops_at_the_hop_limit(httpserver: HTTPServer) -> None:
    """A redirect loop ends after max_redirects hops as a failure."""
    for path in (markdown_path("en"), html_path("en")):
        httpserver.expect_request(path).respond_with_data(
            "", status=302, headers={"Location": path}
        )
    settings = FetchSettings(attempts=1, max_redirects=2)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=settings))
    assert result == FailedPage(
        "en", "markdown: more than 2 redirects; html: more than 2 redirects"
    )
    assert len(httpserver.log) == 6


def test_oversized_content_length_is_refused(httpserver: HTTPServer) -> None:
    """A Content-Length above the cap is refused before the body is read."""
    serve_markdown(httpserver, "en")
    httpserver.expect_request(html_path("en")).respond_with_data(html_page("en"), content_type=HTML)
    settings = FetchSettings(attempts=1, max_bytes=1000)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=settings))
    assert isinstance(result, FailedPage)
    size = len(page_bytes("en"))
    assert result.reason.startswith(
        f"markdown: response too large (Content-Length {size} > 1000 bytes); html: "
    )


def test_oversized_streamed_body_is_refused_without_reading_it_all(
    httpserver: HTTPServer,
) -> None:
    """A body without Content-Length is cut off once it passes the cap."""
    sent = 0
    total_chunks = 20_000  # 160 MB: far more than the socket buffers hold

    def endless() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(total_chunks):
            sent += 1
            yield b"| a | b |\n" * 800

    for path in (markdown_path("en"), html_path("en")):
        httpserver.expect_request(path).respond_with_response(
            Response(endless(), content_type=MARKDOWN)
        )
    settings = FetchSettings(attempts=1, max_bytes=100_000)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=settings))
    assert result == FailedPage(
        "en",
        "markdown: response too large (over 100000 bytes); "
        "html: response too large (over 100000 bytes)",
    )
    assert sent < total_chunks


def test_304_on_the_second_run_is_unchanged(httpserver: HTTPServer) -> None:
    """Stored validators are sent back; a 304 means unchanged, and nothing is re-read."""
    page = page_bytes("en")
    last_modified = "Tue, 01 Sep 2026 10:00:00 GMT"

    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        headers = {"ETag": '"v1"', "Last-Modified": last_modified}
        return Response(page, headers=headers, content_type=MARKDOWN)

    httpserver.expect_request(markdown_path("en")).respond_with_handler(conditional)
    (first,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert isinstance(first, FetchedPage)
    assert first.validators.served_at is not None  # from the response's Date
    assert first.validators.model_copy(update={"served_at": None}) == HttpValidators(
        etag='"v1"', last_modified=last_modified, sha256=hashlib.sha256(page).hexdigest()
    )
    (second,) = asyncio.run(
        fetch_pages(
            ["en"],
            base_url=base_url(httpserver),
            validators={first.url: first.validators},
            settings=SETTINGS,
        )
    )
    assert second == UnchangedPage(
        "en", first.url, "markdown", "304 Not Modified", first.validators
    )
    (_, _), (request, _) = httpserver.log
    assert request.headers["If-None-Match"] == '"v1"'
    assert request.headers["If-Modified-Since"] == last_modified


def test_200_with_the_stored_hash_is_unchanged(httpserver: HTTPServer) -> None:
    """A full 200 whose body hashes to the stored SHA-256 is unchanged too."""
    page = serve_markdown(httpserver, "en")
    url = page_sources("en", base_url(httpserver))[0].url
    stored = {url: HttpValidators(sha256=hashlib.sha256(page).hexdigest())}
    (result,) = asyncio.run(
        fetch_pages(["en"], base_url=base_url(httpserver), validators=stored, settings=SETTINGS)
    )
    assert result == UnchangedPage("en", url, "markdown", "same content", stored[url])


def test_html_error_page_served_with_200_is_rejected(httpserver: HTTPServer) -> None:
    """A login or error page answered with 200 is a failure, not data."""
    for path in (markdown_path("en"), html_path("en")):
        httpserver.expect_request(path).respond_with_data(LOGIN_PAGE, content_type=HTML)
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert result == FailedPage(
        "en",
        "markdown: an HTML document, not the Markdown source; "
        "html: not the deprecations page (no table)",
    )


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"  \n", MARKDOWN, "empty body"),
        (b"Not found", "text/plain", "not the deprecations page (no table)"),
        (b"\xff\xfe| a |", MARKDOWN, "not UTF-8 text"),
    ],
)
def test_a_200_that_is_not_the_page_is_a_failure(
    httpserver: HTTPServer, body: bytes, content_type: str, reason: str
) -> None:
    """Empty, table-less or undecodable bodies at the Markdown URL fall through to HTML."""
    httpserver.expect_request(markdown_path("en")).respond_with_data(
        body, content_type=content_type
    )
    httpserver.expect_request(html_path("en")).respond_with_data(
        b"| a | b |\n|---|---|", content_type="text/plain"
    )
    (result,) = asyncio.run(fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS))
    assert result == FailedPage(
        "en", f"markdown: {reason}; html: not the deprecations page (content type text/plain)"
    )


def test_markdown_404_falls_back_to_html(httpserver: HTTPServer) -> None:
    """When the Markdown source is missing the rendered page is used, with format html."""
    httpserver.expect_request(markdown_path("zh-CN")).respond_with_data("gone", status=404)
    page = html_page("zh-CN")
    httpserver.expect_request(html_path("zh-CN")).respond_with_data(page, content_type=HTML)
    (result,) = asyncio.run(
        fetch_pages(["zh-CN"], base_url=base_url(httpserver), settings=SETTINGS)
    )
    assert isinstance(result, FetchedPage)
    assert (result.format, result.content) == ("html", page)
    assert result.url == f"{base_url(httpserver)}{html_path('zh-CN')}"
    reading = read_page(result.content, page_format=result.format, locale=result.locale)
    assert reading.content.models


def test_one_failing_locale_does_not_stop_the_others(httpserver: HTTPServer) -> None:
    """A failed locale is reported; the others are fetched and the order is kept."""
    serve_markdown(httpserver, "en")
    serve_markdown(httpserver, "ja")
    httpserver.no_handler_status_code = 404
    results = asyncio.run(
        fetch_pages(["de", "en", "ja"], base_url=base_url(httpserver), settings=SETTINGS)
    )
    assert [type(result) for result in results] == [FailedPage, FetchedPage, FetchedPage]
    assert results[0] == FailedPage("de", "markdown: HTTP 404; html: HTTP 404")


def test_fetch_pages_runs_inside_a_running_event_loop(httpserver: HTTPServer) -> None:
    """The async API is awaited from the caller's own event loop."""
    serve_markdown(httpserver, "en")

    async def caller() -> list[FetchResult]:
        return await fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS)

    (result,) = asyncio.run(caller())
    assert isinstance(result, FetchedPage)


def test_progress_logs_attempts_and_results(httpserver: HTTPServer) -> None:
    """Verbose plain-log progress shows each attempt and one line per finished locale."""
    httpserver.expect_oneshot_request(markdown_path("en")).respond_with_data(
        "busy", status=429, headers={"Retry-After": "2"}
    )
    serve_markdown(httpserver, "en")
    stream = io.StringIO()
    reporter = ProgressReporter(stream, level="verbose", is_tty=False)
    asyncio.run(
        fetch_pages(["en"], base_url=base_url(httpserver), settings=SETTINGS, progress=reporter)
    )
    url = f"{base_url(httpserver)}{markdown_path('en')}"
    first, second, done = stream.getvalue().splitlines()
    assert first == f"fetch en: GET {url} (markdown, attempt 1/3)"
    assert second == f"fetch en: GET {url} (markdown, attempt 2/3, after HTTP 429, Retry-After 2 s)"
    assert done.startswith("fetch en: fetched markdown (13.7 kB, ")


def test_settings_reject_nonsense() -> None:
    """Settings that would make the fetch hang or never run are refused up front."""
    with pytest.raises(ValueError, match="at least 1"):
        FetchSettings(concurrency=0)
    with pytest.raises(ValueError, match="positive"):
        FetchSettings(read_timeout=0)


def test_saved_pages_prefer_markdown_then_html(tmp_path: Path) -> None:
    """--from DIR reads <locale>.md first, <locale>.html otherwise, with the source URL."""
    (tmp_path / "en.md").write_bytes(page_bytes("en"))
    (tmp_path / "en.html").write_bytes(html_page("en"))
    (tmp_path / "de.html").write_bytes(html_page("de"))
    en, de = read_saved_pages(tmp_path, ["en", "de"])
    assert isinstance(en, FetchedPage)
    assert (en.format, en.content) == ("markdown", page_bytes("en"))
    assert en.url == "https://platform.claude.com/docs/en/about-claude/model-deprecations.md"
    assert isinstance(de, FetchedPage)
    assert (de.format, de.content) == ("html", html_page("de"))


def test_saved_page_missing_or_unusable_is_a_failure(tmp_path: Path) -> None:
    """A requested locale without a usable saved page fails with a one-line reason."""
    (tmp_path / "ko.md").write_text("\n", encoding="utf-8")
    recorder = Recorder()
    ja, ko = read_saved_pages(tmp_path, ["ja", "ko"], progress=recorder)
    assert ja == FailedPage("ja", f"no saved page (ja.md or ja.html not found in {tmp_path})")
    assert ko == FailedPage("ko", "ko.md: empty body; ko.html: not found")
    assert recorder.done == [ja, ko]


def test_saved_page_with_the_stored_hash_is_unchanged(tmp_path: Path) -> None:
    """Offline runs compare with the stored SHA-256 just as fetches do."""
    page = page_bytes("it")
    (tmp_path / "it.md").write_bytes(page)
    url = page_sources("it")[0].url
    stored = {url: HttpValidators(etag='"x"', sha256=hashlib.sha256(page).hexdigest())}
    (result,) = read_saved_pages(tmp_path, ["it"], validators=stored)
    assert result == UnchangedPage(
        "it", url, "markdown", "same content", HttpValidators(sha256=stored[url].sha256)
    )


def test_a_page_being_read_does_not_hold_up_the_others(threaded_server: HTTPServer) -> None:
    """While one page is read (`again`), the others' answers are still received and done:
    reading runs beside the network, not in its way."""
    reading = threading.Event()
    german_done = threading.Event()

    def german(request: Request) -> Response:
        reading.wait(timeout=10)  # answered only while English is being read
        return Response("gone", status=404)

    serve_markdown(threaded_server, "en")
    threaded_server.expect_request(markdown_path("de")).respond_with_handler(german)
    threaded_server.expect_request(html_path("de")).respond_with_handler(german)

    class Progress(Recorder):
        def finished(self, result: FetchResult, seconds: float) -> None:
            super().finished(result, seconds)
            if result.locale == "de":
                german_done.set()

    seen_while_reading: list[bool] = []

    def again(page: FetchedPage) -> bool:
        reading.set()
        seen_while_reading.append(german_done.wait(timeout=10))
        return False

    english, german_page = asyncio.run(
        fetch_pages(
            ["en", "de"],
            base_url=base_url(threaded_server),
            settings=SETTINGS,
            progress=Progress(),
            again=again,
        )
    )
    assert seen_while_reading == [True]
    assert isinstance(english, FetchedPage) and english.second_copy is None
    assert isinstance(german_page, FailedPage)


def test_a_page_read_and_asked_for_again_gets_a_fresh_second_copy(
    threaded_server: HTTPServer,
) -> None:
    """`again` is asked once per page fetched, and a page it wants confirmed is fetched a
    second time, without conditional headers; the others once."""
    for locale in ("en", "de"):
        serve_markdown(threaded_server, locale)
    asked: list[str] = []

    def again(page: FetchedPage) -> bool:
        asked.append(page.locale)
        return page.locale == "de"

    sources = page_sources("de", base_url(threaded_server))
    stored = {source.url: HttpValidators(etag='"old"') for source in sources}
    english, german = asyncio.run(
        fetch_pages(
            ["en", "de"],
            base_url=base_url(threaded_server),
            validators=stored,
            settings=SETTINGS,
            again=again,
        )
    )
    assert sorted(asked) == ["de", "en"]
    assert isinstance(english, FetchedPage) and english.second_copy is None
    assert isinstance(german, FetchedPage) and isinstance(german.second_copy, FetchedPage)
    assert german.second_copy.content == german.content == page_bytes("de")
    german_requests = [r for r, _ in threaded_server.log if r.path == markdown_path("de")]
    assert [r.headers.get("If-None-Match") for r in german_requests] == ['"old"', None]
    assert german_requests[1].headers.get("Cache-Control") == "no-cache"
