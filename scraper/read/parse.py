"""Page parsers: one per format, each giving the same intermediate `ParsedPage`."""

from __future__ import annotations

from collections.abc import Callable

from scraper.fetch.sources import detect_format
from scraper.read.document import ParsedPage
from scraper.records import PageFormat


def _parse_markdown(text: str) -> ParsedPage:
    from scraper.read.markdown import parse_markdown

    return parse_markdown(text)


def _parse_html(text: str) -> ParsedPage:
    from scraper.read.html import parse_html

    return parse_html(text)


PARSERS: dict[PageFormat, Callable[[str], ParsedPage]] = {
    "markdown": _parse_markdown,
    "html": _parse_html,
}


def parse_page(text: str, page_format: PageFormat | None = None) -> ParsedPage:
    return PARSERS[page_format or detect_format(text)](text)
