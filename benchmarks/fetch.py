"""How long a full fetch of the twelve languages takes when every response is slow.

A local server answers each request after a fixed delay (200 ms by default). With concurrency
4, the twelve languages should take about 12/4 = 3 delays; with concurrency 12, about one.

    python benchmarks/fetch.py [--delay 0.2] [--concurrency 4 --concurrency 12] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scraper.fetch.http import fetch_pages
from scraper.fetch.pages import FetchedPage, FetchSettings
from scraper.fetch.sources import LOCALES

PAGES = Path(__file__).parent.parent / "tests" / "fixtures" / "pages"


def _page_for(locale: str) -> bytes:
    """The locale's saved page if there is one, else the English one."""
    saved = sorted(PAGES.glob(f"{locale}--*.md")) or sorted(PAGES.glob("en--*.md"))
    return saved[-1].read_bytes()


@contextmanager
def slow_server(delay: float) -> Iterator[str]:
    """Serve every locale's Markdown source on 127.0.0.1, each answer `delay` seconds late."""
    pages = {
        f"/docs/{locale}/about-claude/model-deprecations.md": _page_for(locale)
        for locale in LOCALES
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; Nagle + delayed ACK would add 40 ms to each.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            time.sleep(delay)
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the benchmark output to its figures."""

    class Server(ThreadingHTTPServer):
        # The default listen backlog of 5 drops SYNs when 12 connections arrive at once, and a
        # dropped SYN costs the client a one-second retransmit.
        request_queue_size = 64
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per response")
    parser.add_argument("--concurrency", type=int, action="append", help="default: 4 and 12")
    parser.add_argument("--runs", type=int, default=3, help="runs per concurrency (median shown)")
    args = parser.parse_args()
    delay: float = args.delay

    print(f"{len(LOCALES)} languages, every response delayed {delay * 1000:.0f} ms")
    print(f"{'concurrency':>11}  {'wall time':>9}  {'÷ delay':>7}  {'expected':>8}")
    with slow_server(delay) as base_url:
        for concurrency in args.concurrency or [4, 12]:
            settings = FetchSettings(concurrency=concurrency)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                results = asyncio.run(fetch_pages(LOCALES, base_url=base_url, settings=settings))
                times.append(time.perf_counter() - started)
                if not all(isinstance(result, FetchedPage) for result in results):
                    raise SystemExit(f"a fetch failed: {results}")
            wall = statistics.median(times)
            expected = -(-len(LOCALES) // concurrency)  # ceil: rounds of `concurrency` requests
            print(f"{concurrency:>11}  {wall:>7.3f} s  {wall / delay:>7.2f}  {expected:>8}")


if __name__ == "__main__":
    main()
